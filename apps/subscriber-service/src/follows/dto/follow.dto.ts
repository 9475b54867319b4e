import { ApiProperty } from '@nestjs/swagger';
import { Channel, CHANNELS } from '@prespond/contracts';
import { IncidentFollowEntity } from '../incident-follow.entity';

/** An incident a subscriber follows (she pressed 1 on hold): she gets each later update on this channel. */
export class FollowResponse {
  @ApiProperty()
  incidentId: string;

  @ApiProperty({ enum: CHANNELS })
  channel: Channel;

  @ApiProperty({ example: '+4915112345678', description: 'Where the updates go.' })
  address: string;

  @ApiProperty()
  requestedAt: string;
}

export function toFollowResponse(f: IncidentFollowEntity): FollowResponse {
  return { incidentId: f.incidentId, channel: f.channel, address: f.address, requestedAt: f.requestedAt.toISOString() };
}
