import { Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { HoldIncidentEntity } from './hold-incident.entity';
import { HoldMaintenanceEntity } from './hold-maintenance.entity';

@Injectable()
export class HoldRepository {
  private readonly repo: Repository<HoldIncidentEntity>;
  private readonly windows: Repository<HoldMaintenanceEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(HoldIncidentEntity);
    this.windows = dataSource.getRepository(HoldMaintenanceEntity);
  }

  /** Stores the window's state unless a later change is already stored: redeliveries and reordering are harmless. */
  async upsertMaintenanceIfNewer(row: HoldMaintenanceEntity): Promise<void> {
    await this.windows.query(
      `INSERT INTO hold_maintenance (maintenance_id, title, state, components, regions, starts_at, ends_at, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (maintenance_id) DO UPDATE SET
         title = EXCLUDED.title, state = EXCLUDED.state, components = EXCLUDED.components, regions = EXCLUDED.regions,
         starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, changed_at = EXCLUDED.changed_at
       WHERE hold_maintenance.changed_at < EXCLUDED.changed_at`,
      [row.maintenanceId, row.title, row.state, row.components, row.regions, row.startsAt, row.endsAt, row.changedAt],
    );
  }

  /** Maintenance under way touching `region` (or all of it when no region is given). */
  maintenanceUnderWay(region?: string): Promise<HoldMaintenanceEntity[]> {
    const query = this.windows.createQueryBuilder('m').where("m.state = 'in_progress'").orderBy('m.starts_at', 'ASC');
    if (region) query.andWhere('(cardinality(m.regions) = 0 OR :region = ANY(m.regions))', { region });
    return query.getMany();
  }

  /** Stores the incident's state unless a newer one (higher sequence) is already stored: redeliveries and reordering are harmless. */
  async upsertIfNewer(row: HoldIncidentEntity): Promise<void> {
    await this.repo.query(
      `INSERT INTO hold_incident (incident_id, sequence, title, status, severity, components, regions, message, eta, declared_at, changed_at, next_update_by, update_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (incident_id) DO UPDATE SET
         sequence = EXCLUDED.sequence, title = EXCLUDED.title, status = EXCLUDED.status, severity = EXCLUDED.severity,
         components = EXCLUDED.components, regions = EXCLUDED.regions, message = EXCLUDED.message, eta = EXCLUDED.eta,
         changed_at = EXCLUDED.changed_at, next_update_by = EXCLUDED.next_update_by, update_id = EXCLUDED.update_id
       WHERE hold_incident.sequence < EXCLUDED.sequence`,
      [
        row.incidentId, row.sequence, row.title, row.status, row.severity, row.components, row.regions, row.message,
        row.eta, row.declaredAt, row.changedAt, row.nextUpdateBy, row.updateId,
      ],
    );
  }

  findById(incidentId: string): Promise<HoldIncidentEntity | null> {
    return this.repo.findOneBy({ incidentId });
  }

  /** Open incidents touching `region` (or every open incident when no region is given). */
  active(region?: string): Promise<HoldIncidentEntity[]> {
    const query = this.repo.createQueryBuilder('h').where("h.status <> 'resolved'");
    if (region) query.andWhere('(cardinality(h.regions) = 0 OR :region = ANY(h.regions))', { region });
    return query.getMany();
  }
}
