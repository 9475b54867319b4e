import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CHANNELS, Channel } from '@prespond/contracts';
import { ReopeningEntity } from '../reopening.entity';

/** Ops close every open reopening of an incident with a last word to the customers who reopened it. */
export class ResolveReopenedDto {
  @ApiProperty({ example: 'We reset your line; everything works again.' })
  @IsString() @Length(3, 1000)
  message: string;
}

export class ReopeningResponse {
  @ApiProperty() incidentId: string;
  @ApiProperty() subscriberId: string;
  @ApiProperty() followUpId: string;
  @ApiProperty({ enum: CHANNELS, description: 'Where she answered.' }) channel: Channel;
  @ApiProperty() reportedAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'When ops closed it with a final resolution; null while open.' })
  closedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) closedByUpdateId: string | null;
}

export function toReopeningResponse(r: ReopeningEntity): ReopeningResponse {
  return {
    incidentId: r.incidentId,
    subscriberId: r.subscriberId,
    followUpId: r.followUpId,
    channel: r.channel,
    reportedAt: r.reportedAt.toISOString(),
    closedAt: r.closedAt ? r.closedAt.toISOString() : null,
    closedByUpdateId: r.closedByUpdateId,
  };
}
