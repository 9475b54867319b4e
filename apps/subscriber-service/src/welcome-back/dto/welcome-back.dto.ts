import { ApiProperty } from '@nestjs/swagger';
import { Channel, CHANNELS } from '@prespond/contracts';
import { KnownIncident } from '../../incidents/known-incidents.repository';
import { WelcomeBack, WelcomeBackState } from '../welcome-backs.repository';

/** An open incident a pending welcome-back waits for. */
export class WaitingForIncident {
  @ApiProperty()
  incidentId: string;

  @ApiProperty()
  title: string;
}

/** What became of one return: the welcome-back is pending, was sent, or was skipped (and why). */
export class WelcomeBackResponse {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: 'Her last activity before the absence.' })
  awaySince: string;

  @ApiProperty({ description: 'The activity that ended it.' })
  returnedAt: string;

  @ApiProperty()
  daysAway: number;

  @ApiProperty({ enum: ['pending', 'sent', 'skipped'] })
  state: WelcomeBackState;

  @ApiProperty({ nullable: true, example: 'no marketing consent', type: String })
  reason: string | null;

  @ApiProperty({ nullable: true, example: 'internet in berlin', description: 'What the message said was fixed while she was away.', type: String })
  fixed: string | null;

  @ApiProperty({ enum: CHANNELS, isArray: true })
  channels: Channel[];

  @ApiProperty({ type: [WaitingForIncident], description: 'Pending: her open incidents it waits for.' })
  waitingFor: WaitingForIncident[];

  @ApiProperty()
  recordedAt: string;

  @ApiProperty({ nullable: true, type: String, description: 'When it was sent or skipped.' })
  decidedAt: string | null;
}

export function toWelcomeBackResponse(w: WelcomeBack, openIncidents: KnownIncident[]): WelcomeBackResponse {
  return {
    id: w.id,
    awaySince: w.awaySince.toISOString(),
    returnedAt: w.returnedAt.toISOString(),
    daysAway: Math.floor((w.returnedAt.getTime() - w.awaySince.getTime()) / 86_400_000),
    state: w.state,
    reason: w.reason,
    fixed: w.fixed,
    channels: w.channels,
    waitingFor: openIncidents.map((i) => ({ incidentId: i.id, title: i.title })),
    recordedAt: w.recordedAt.toISOString(),
    decidedAt: w.decidedAt?.toISOString() ?? null,
  };
}
