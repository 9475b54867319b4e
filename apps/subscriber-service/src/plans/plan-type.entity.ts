import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Reminder offsets for the plans of one type, when they differ from DEFAULT_REMINDER_OFFSETS. */
@Entity({ name: 'plan_type' })
export class PlanTypeEntity {
  @PrimaryColumn({ type: 'text' })
  type: string;

  /** Days before the renewal date, largest first. */
  @Column({ name: 'offsets_days', type: 'int', array: true })
  offsetsDays: number[];

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
