import { Column, Entity, OneToMany, ManyToOne, JoinColumn, PrimaryColumn } from 'typeorm';
import { MaintenanceEntryKind, MaintenanceState } from '@prespond/contracts';

/** A scheduled maintenance window as it stands now; its history is in `entries`. */
@Entity({ name: 'maintenance' })
export class MaintenanceEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  title: string;

  /** What customers are told about the work. */
  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'text' })
  state: MaintenanceState;

  @Column({ type: 'text', array: true })
  components: string[];

  @Column({ type: 'text', array: true })
  regions: string[];

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  /** 1 when scheduled, one more per move or extension. */
  @Column({ name: 'schedule_version', type: 'int' })
  scheduleVersion: number;

  /**
   * The shortest notice offset customers have been told of for this schedule version (null: none yet). A notice is
   * due for an offset shorter than this once its time has come; a longer one is covered already.
   */
  @Column({ name: 'notified_offset_minutes', type: 'int', nullable: true })
  notifiedOffsetMinutes: number | null;

  /** Whether customers have had a notice of it (any schedule version): only then are a move or a cancellation news. */
  @Column({ name: 'ever_notified', type: 'boolean' })
  everNotified: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @OneToMany(() => MaintenanceEntryEntity, (e) => e.maintenance)
  entries?: MaintenanceEntryEntity[];
}

/** One entry of a window's timeline: what changed, and what customers were told. */
@Entity({ name: 'maintenance_entry' })
export class MaintenanceEntryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'maintenance_id', type: 'uuid' })
  maintenanceId: string;

  @ManyToOne(() => MaintenanceEntity, (m) => m.entries)
  @JoinColumn({ name: 'maintenance_id' })
  maintenance?: MaintenanceEntity;

  @Column({ type: 'text' })
  kind: MaintenanceEntryKind;

  @Column({ type: 'text' })
  message: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ name: 'schedule_version', type: 'int' })
  scheduleVersion: number;

  @Column({ name: 'offset_minutes', type: 'int', nullable: true })
  offsetMinutes: number | null;

  @Column({ name: 'previous_starts_at', type: 'timestamptz', nullable: true })
  previousStartsAt: Date | null;

  @Column({ name: 'previous_ends_at', type: 'timestamptz', nullable: true })
  previousEndsAt: Date | null;

  /** Whether customers hear of it (see MaintenanceEntrySchema `announce`). */
  @Column({ type: 'boolean' })
  announce: boolean;

  /** Who made the change (an API key's name, or the person acting through the console); null for the scheduler. */
  @Column({ type: 'text', nullable: true })
  author: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
