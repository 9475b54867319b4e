import { Injectable } from '@nestjs/common';
import { Clock } from '@prespond/platform';
import { DataSource } from 'typeorm';
import { toIncidentSnapshot, toUpdateResponse } from '../incidents/dto/incident.dto';
import { IncidentEntity } from '../incidents/incident.entity';
import { MaintenanceEntity } from '../maintenance/maintenance.entity';
import { PublicIncident, PublicMaintenance, PublicMaintenanceEntry, StatusSnapshot } from './status-snapshot.dto';

const DAY = 86_400_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The public view of incidents and maintenance: open ones, and those that ended within the history. */
@Injectable()
export class StatusSnapshotService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async snapshot(days: number): Promise<StatusSnapshot> {
    const now = this.clock.now();
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const since = new Date(today - (days - 1) * DAY);
    const [incidents, windows] = await Promise.all([
      this.dataSource
        .getRepository(IncidentEntity)
        .createQueryBuilder('i')
        .leftJoinAndSelect('i.updates', 'u')
        .where('i.resolved_at IS NULL OR i.resolved_at >= :since', { since })
        .orderBy('i.declared_at', 'DESC')
        .addOrderBy('u.sequence', 'ASC')
        .getMany(),
      this.dataSource
        .getRepository(MaintenanceEntity)
        .createQueryBuilder('m')
        .leftJoinAndSelect('m.entries', 'e', "e.kind <> 'notice'")
        .where("m.state IN ('scheduled', 'in_progress') OR COALESCE(m.completed_at, m.cancelled_at) >= :since", { since })
        .orderBy('m.starts_at', 'DESC')
        .addOrderBy('e.created_at', 'ASC')
        .getMany(),
    ]);
    return {
      since: since.toISOString().slice(0, 10),
      incidents: incidents.map(publicIncident),
      maintenance: windows.map(publicMaintenance),
    };
  }
}

/** The incident as the API shows it, its timeline without who posted each entry. */
function publicIncident(i: IncidentEntity): PublicIncident {
  return { ...toIncidentSnapshot(i), updatedAt: i.updatedAt.toISOString(), timeline: (i.updates ?? []).map(toUpdateResponse) };
}

function publicMaintenance(m: MaintenanceEntity): PublicMaintenance {
  return {
    id: m.id,
    title: m.title,
    message: m.message,
    state: m.state,
    components: m.components,
    regions: m.regions,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    createdAt: m.createdAt.toISOString(),
    startedAt: iso(m.startedAt),
    completedAt: iso(m.completedAt),
    cancelledAt: iso(m.cancelledAt),
    updatedAt: m.updatedAt.toISOString(),
    timeline: (m.entries ?? []).map((e) => ({ id: e.id, kind: e.kind as PublicMaintenanceEntry['kind'], message: e.message, startsAt: e.startsAt.toISOString(), endsAt: e.endsAt.toISOString(), createdAt: e.createdAt.toISOString() })),
  };
}
