import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IncidentStatus, Severity } from '@prespond/contracts';

/** The latest known state of an incident, as far as the on-hold announcement needs it. */
@Entity({ name: 'hold_incident' })
export class HoldIncidentEntity {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  /** The timeline sequence this row reflects: older events never overwrite newer ones. */
  @Column({ type: 'int' })
  sequence: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  status: IncidentStatus;

  @Column({ type: 'text' })
  severity: Severity;

  @Column({ type: 'text', array: true })
  components: string[];

  @Column({ type: 'text', array: true })
  regions: string[];

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'timestamptz', nullable: true })
  eta: Date | null;

  @Column({ name: 'next_update_by', type: 'timestamptz', nullable: true })
  nextUpdateBy: Date | null;

  /** The timeline entry this row reflects. */
  @Column({ name: 'update_id', type: 'uuid', nullable: true })
  updateId: string | null;

  @Column({ name: 'declared_at', type: 'timestamptz' })
  declaredAt: Date;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;
}
