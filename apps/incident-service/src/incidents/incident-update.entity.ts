import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { IncidentStatus } from '@prespond/contracts';
import { IncidentEntity } from './incident.entity';

/** Who posted a timeline entry: ops through the API (`person`), or the promise watchdog's holding update. */
export type UpdateAuthor = 'person' | 'watchdog';

/** One entry of an incident's timeline: what customers were told, and when. Never changed once written. */
@Entity({ name: 'incident_update' })
export class IncidentUpdateEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @ManyToOne(() => IncidentEntity, (i) => i.updates)
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Column({ type: 'int' })
  sequence: number;

  @Column({ type: 'text' })
  status: IncidentStatus;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'timestamptz', nullable: true })
  eta: Date | null;

  @Column({ name: 'next_update_by', type: 'timestamptz', nullable: true })
  nextUpdateBy: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Null on entries written before authors were recorded. */
  @Column({ name: 'posted_by', type: 'text', nullable: true })
  postedBy: UpdateAuthor | null;

  /**
   * The person who posted it: the name of the API key it was posted with (taken from the principal, so nobody can
   * post in another's name). Null for the watchdog's entries and those older than access control.
   */
  @Column({ type: 'text', nullable: true })
  author: string | null;
}
