import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { IncidentStatus } from '@prespond/contracts';
import { IncidentEntity } from './incident.entity';

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
}
