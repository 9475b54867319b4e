import { Column, Entity, OneToMany, PrimaryColumn } from 'typeorm';
import { IncidentStatus, Severity } from '@prespond/contracts';
import { IncidentUpdateEntity } from './incident-update.entity';

/** An incident as it stands now; its history is in `updates`. */
@Entity({ name: 'incident' })
export class IncidentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

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

  @Column({ name: 'declared_at', type: 'timestamptz' })
  declaredAt: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** Number of timeline entries so far; the next update gets `lastSequence + 1`. */
  @Column({ name: 'last_sequence', type: 'int' })
  lastSequence: number;

  @OneToMany(() => IncidentUpdateEntity, (u) => u.incident)
  updates?: IncidentUpdateEntity[];
}
