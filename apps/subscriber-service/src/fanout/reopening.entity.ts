import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A subscriber who reopened a resolved incident ("still having trouble"): she keeps getting its updates. */
@Entity({ name: 'reopening' })
export class ReopeningEntity {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @PrimaryColumn({ name: 'subscriber_id', type: 'uuid' })
  subscriberId: string;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt: Date;
}
