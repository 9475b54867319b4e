import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Channel, CHANNELS, DELIVERY_OUTCOMES, DeliveryOutcome, FollowUpFigures, UpdateDeliveries } from '@prespond/contracts';
import { IncidentResponse, TimelineEntryResponse } from '../../incidents/dto/incident.dto';

import { PROMISE_STATES, PromiseEntity, PromiseState } from '../../promises/promise.entity';

export class IncidentParams {
  @ApiProperty({ description: 'Incident id.' }) @IsUUID()
  id: string;
}

export class ReportIncident extends OmitType(IncidentResponse, ['timeline'] as const) {}

/** One timeline entry, with who posted it. */

/** A "next update by" promise and how it ended. */
export class ReportPromise {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: Number, description: 'The update that made it.' }) madeBySequence: number | null;
  @ApiProperty() dueAt: string;
  @ApiProperty({ enum: PROMISE_STATES }) state: PromiseState;
  @ApiProperty({ nullable: true, type: String, description: 'When ops were warned it was at risk.' }) alertedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) settledAt: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The update that kept (or came after) it.' }) settledBySequence: number | null;
}

const outcomesDescription = `Messages per outcome now (${DELIVERY_OUTCOMES.join(', ')}; suppressed: opted out, never sent; deferred: waiting for her quiet hours to end; superseded: a newer update went instead).`;

/** One update on one channel: how many we told, how fast, what became of the messages. */
export class ReportDeliveries implements UpdateDeliveries {
  @ApiProperty({ nullable: true, type: String, description: 'Null for messages logged before messages recorded their update.' })
  updateId: string | null;
  @ApiProperty({ nullable: true, type: Number }) sequence: number | null;
  @ApiProperty({ nullable: true, type: String }) updateCreatedAt: string | null;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ description: 'Messages planned (one per subscriber on this channel).' }) messages: number;
  @ApiProperty({ description: 'Messages the provider accepted (Twilio / the SMTP server).' }) notified: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Seconds from the update to the first acceptance.' }) firstLatencySeconds: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Seconds from the update to the last acceptance.' }) lastLatencySeconds: number | null;
  @ApiProperty({ description: outcomesDescription, type: 'object', additionalProperties: { type: 'integer' } }) outcomes: Record<DeliveryOutcome, number>;
}

/** One channel over the whole incident. Latencies: the fastest first and the slowest last of any update. */
export class ChannelTotals extends OmitType(ReportDeliveries, ['updateId', 'sequence', 'updateCreatedAt'] as const) {}

export class PromiseTotals {
  @ApiProperty() total: number;
  @ApiProperty() open: number;
  @ApiProperty() kept: number;
  @ApiProperty() keptByWatchdog: number;
  @ApiProperty() broken: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Kept (by a person or the watchdog) / settled.' }) keptRate: number | null;
}

export class ReportTotals {
  @ApiProperty() messages: number;
  @ApiProperty() notified: number;
  @ApiProperty({ type: [ChannelTotals] }) channels: ChannelTotals[];
  @ApiProperty({ type: PromiseTotals }) promises: PromiseTotals;
}

/** The follow-ups of the incident on one channel, and how customers answered. */
export class ReportFollowUps implements FollowUpFigures {
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ description: 'Follow-ups planned (one per customer who got the resolution).' }) planned: number;
  @ApiProperty({ description: 'Asked so far.' }) asked: number;
  @ApiProperty({ description: 'Answered "it works again".' }) worksAgain: number;
  @ApiProperty({ description: 'Answered "still having trouble": the incident is reopened for them.' }) stillHavingTrouble: number;
  @ApiProperty({ description: 'Asked and not answered yet.' }) noAnswer: number;
}

/**
 * The deposition of one incident: what we said and when, what we promised and whether we kept it, whom we reached
 * how fast on which channel, and what customers answered when asked afterwards whether it works again.
 */
export class IncidentReport {
  @ApiProperty({ type: ReportIncident }) incident: ReportIncident;
  @ApiProperty() generatedAt: string;
  @ApiProperty({ type: [TimelineEntryResponse], description: 'Oldest first.' }) timeline: TimelineEntryResponse[];
  @ApiProperty({ type: [ReportPromise], description: 'Oldest first.' }) promises: ReportPromise[];
  @ApiProperty({ type: [ReportDeliveries], description: 'Every update × channel (zeros where nobody was told), by sequence then channel.' })
  deliveries: ReportDeliveries[];
  @ApiProperty({ type: ReportTotals }) totals: ReportTotals;
  @ApiProperty({ type: [ReportFollowUps], description: 'Per channel; empty until the incident is resolved.' }) followUps: ReportFollowUps[];
  @ApiProperty({ description: 'Customers who reopened the incident by answering "still having trouble" (open and closed).' })
  reopenedBy: number;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);


export function toReportPromise(p: PromiseEntity, sequenceOf: (updateId: string | null) => number | null): ReportPromise {
  return {
    id: p.id,
    madeBySequence: sequenceOf(p.updateId),
    dueAt: p.dueAt.toISOString(),
    state: p.state,
    alertedAt: iso(p.alertedAt),
    settledAt: iso(p.settledAt),
    settledBySequence: sequenceOf(p.settledByUpdateId),
  };
}
