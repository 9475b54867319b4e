import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Channel } from '@prespond/contracts';

/**
 * A resolved incident reopened for one customer: she answered the follow-up with "still having trouble". Open until
 * ops close it with a final resolution for the customers who reopened it. One per (incident, subscriber).
 */
@Entity({ name: 'reopening' })
export class ReopeningEntity {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @PrimaryColumn({ name: 'subscriber_id', type: 'uuid' })
  subscriberId: string;

  @Column({ name: 'follow_up_id', type: 'uuid' })
  followUpId: string;

  /** Where she answered. */
  @Column({ type: 'text' })
  channel: Channel;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** The final resolution that closed it. */
  @Column({ name: 'closed_by_update_id', type: 'uuid', nullable: true })
  closedByUpdateId: string | null;
}
