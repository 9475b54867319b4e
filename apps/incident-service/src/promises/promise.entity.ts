import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How a promise ended: `kept` (a person posted the next update in time), `kept_by_watchdog` (nobody did; the
 * watchdog sent a holding update at the deadline), `broken` (the deadline passed silently, e.g. the system was down).
 */
export const PROMISE_STATES = ['open', 'kept', 'kept_by_watchdog', 'broken'] as const;
export type PromiseState = (typeof PROMISE_STATES)[number];

/** "Next update by …", as told to every customer who got the update that said it. */
@Entity({ name: 'promise' })
export class PromiseEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  /** The timeline entry that made the promise. */
  @Column({ name: 'update_id', type: 'uuid' })
  updateId: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'text' })
  state: PromiseState;

  /** When ops were alerted that it is close with no update. */
  @Column({ name: 'alerted_at', type: 'timestamptz', nullable: true })
  alertedAt: Date | null;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt: Date | null;

  /** The update that kept (or came after) it. */
  @Column({ name: 'settled_by_update_id', type: 'uuid', nullable: true })
  settledByUpdateId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
