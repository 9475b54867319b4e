import { Column, Entity, PrimaryColumn } from 'typeorm';

export const PLAN_STATES = ['active', 'renewed', 'cancelled'] as const;
/** `active` plans get renewal reminders; `renewed` (with no next date) and `cancelled` ones get none. */
export type PlanState = (typeof PLAN_STATES)[number];

/** A plan a subscriber holds (a contract, a subscription), and the calendar date it renews on. */
@Entity({ name: 'plan' })
export class PlanEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'subscriber_id', type: 'uuid' })
  subscriberId: string;

  @Column({ type: 'text' })
  name: string;

  /** Decides the reminder offsets (plan_type). */
  @Column({ type: 'text' })
  type: string;

  /** `YYYY-MM-DD`, a day in the subscriber's own zone. */
  @Column({ name: 'renewal_date', type: 'date' })
  renewalDate: string;

  @Column({ type: 'text' })
  state: PlanState;

  /**
   * When the current renewal date was set (created, rescheduled, renewed): offsets whose day was already past then
   * are skipped rather than sent late.
   */
  @Column({ name: 'scheduled_from', type: 'timestamptz' })
  scheduledFrom: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
