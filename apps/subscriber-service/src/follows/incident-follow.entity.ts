import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Channel } from '@prespond/contracts';

/** A subscriber who asked for every later update of one incident on one channel (a caller on hold who pressed 1). */
@Entity({ name: 'incident_follow' })
export class IncidentFollowEntity {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @PrimaryColumn({ name: 'subscriber_id', type: 'uuid' })
  subscriberId: string;

  @PrimaryColumn({ type: 'text' })
  channel: Channel;

  /** Where the updates go: for sms, the number she called from (E.164). */
  @Column({ type: 'text' })
  address: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;
}
