import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Channel, CHANNELS, DELIVERY_OUTCOMES, DeliveryOutcome, FollowUpFigures, IncidentDeliveries, UpdateDeliveries } from '@prespond/contracts';
import { DeliveryGroupRow } from '../reports.repository';

export class IncidentParams {
  @ApiProperty({ description: 'Incident id.' }) @IsUUID()
  id: string;
}

/** See UpdateDeliveriesSchema in @prespond/contracts, which this mirrors for Swagger. */
export class UpdateDeliveriesResponse implements UpdateDeliveries {
  @ApiProperty({ nullable: true, type: String, description: 'Null for messages logged before messages recorded their update.' })
  updateId: string | null;
  @ApiProperty({ nullable: true, type: Number }) sequence: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'When the update was posted.' }) updateCreatedAt: string | null;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ description: 'Messages planned for this update on this channel.' }) messages: number;
  @ApiProperty({ description: 'Messages the provider accepted.' }) notified: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Seconds from the update to the first provider acceptance.' })
  firstLatencySeconds: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Seconds from the update to the last provider acceptance.' })
  lastLatencySeconds: number | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: `Messages per outcome (${DELIVERY_OUTCOMES.join(', ')}).`, example: { delivered: 2, failed: 1 } })
  outcomes: Record<DeliveryOutcome, number>;
}

/** See FollowUpFiguresSchema in @prespond/contracts, which this mirrors for Swagger. */
export class FollowUpFiguresResponse implements FollowUpFigures {
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ description: 'Follow-ups planned (one per customer who got the resolution).' }) planned: number;
  @ApiProperty({ description: 'Asked so far.' }) asked: number;
  @ApiProperty({ description: 'Answered "it works again".' }) worksAgain: number;
  @ApiProperty({ description: 'Answered "still having trouble" (reopened for them).' }) stillHavingTrouble: number;
  @ApiProperty({ description: 'Asked and not answered yet.' }) noAnswer: number;
}

export class IncidentDeliveriesResponse implements IncidentDeliveries {
  @ApiProperty() incidentId: string;
  @ApiProperty({ type: [UpdateDeliveriesResponse], description: 'By update sequence (unknown first), then channel.' })
  deliveries: UpdateDeliveriesResponse[];
  @ApiProperty({ type: [FollowUpFiguresResponse], description: 'Per channel.' })
  followUps: FollowUpFiguresResponse[];
}

/** Every outcome at 0, so a reader (or a spreadsheet column) never has to guess whether a missing one means none. */
export function noOutcomes(): Record<DeliveryOutcome, number> {
  return Object.fromEntries(DELIVERY_OUTCOMES.map((o) => [o, 0])) as Record<DeliveryOutcome, number>;
}

export function toUpdateDeliveries(row: DeliveryGroupRow): UpdateDeliveriesResponse {
  return {
    updateId: row.update_id,
    sequence: row.update_sequence,
    updateCreatedAt: row.update_created_at ? row.update_created_at.toISOString() : null,
    channel: row.channel,
    messages: row.messages,
    notified: row.notified,
    firstLatencySeconds: row.first_latency,
    lastLatencySeconds: row.last_latency,
    outcomes: { ...noOutcomes(), ...row.outcomes },
  };
}
