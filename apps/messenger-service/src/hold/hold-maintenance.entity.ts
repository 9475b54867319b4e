import { Column, Entity, PrimaryColumn } from 'typeorm';
import { MaintenanceState } from '@prespond/contracts';

/** The latest known state of a scheduled maintenance window, as far as the on-hold announcement needs it. */
@Entity({ name: 'hold_maintenance' })
export class HoldMaintenanceEntity {
  @PrimaryColumn({ name: 'maintenance_id', type: 'uuid' })
  maintenanceId: string;

  @Column({ type: 'text' })
  title: string;

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

  /** When the change this row reflects was made: older events never overwrite newer ones. */
  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;
}
