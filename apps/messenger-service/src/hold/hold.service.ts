import { Injectable } from '@nestjs/common';
import { IncidentChangedEvent, MaintenanceChangedEvent } from '@prespond/contracts';
import { Clock } from '@prespond/platform';
import { holdAnnouncement } from './announcement';
import { HoldIncidentEntity } from './hold-incident.entity';
import { HoldMaintenanceEntity } from './hold-maintenance.entity';
import { HoldRepository } from './hold.repository';

export interface HoldMessage {
  /** The region asked for; null for the announcement heard when the caller's region is unknown (every open incident). */
  region: string | null;
  text: string;
  incidentIds: string[];
  /** Maintenance under way that the announcement mentions. */
  maintenanceIds: string[];
}

/** The phone system's on-hold announcement, kept in step with incident changes. */
@Injectable()
export class HoldService {
  constructor(
    private readonly holds: HoldRepository,
    private readonly clock: Clock,
  ) {}

  async apply(event: IncidentChangedEvent): Promise<void> {
    const { incident, update } = event.data;
    await this.holds.upsertIfNewer(
      Object.assign(new HoldIncidentEntity(), {
        incidentId: incident.id,
        sequence: update.sequence,
        title: incident.title,
        status: incident.status,
        severity: incident.severity,
        components: incident.components,
        regions: incident.regions,
        message: update.message,
        eta: update.eta ? new Date(update.eta) : null,
        nextUpdateBy: update.nextUpdateBy ? new Date(update.nextUpdateBy) : null,
        updateId: update.id,
        declaredAt: new Date(incident.declaredAt),
        changedAt: new Date(update.createdAt),
      }),
    );
  }

  /** Keeps the window's state: callers hear of it while it is under way. */
  async applyMaintenance(event: MaintenanceChangedEvent): Promise<void> {
    const { maintenance, entry } = event.data;
    await this.holds.upsertMaintenanceIfNewer(
      Object.assign(new HoldMaintenanceEntity(), {
        maintenanceId: maintenance.id,
        title: maintenance.title,
        state: maintenance.state,
        components: maintenance.components,
        regions: maintenance.regions,
        startsAt: new Date(maintenance.startsAt),
        endsAt: new Date(maintenance.endsAt),
        changedAt: new Date(entry.createdAt),
      }),
    );
  }

  async messageFor(region?: string): Promise<HoldMessage> {
    const [incidents, maintenance] = await Promise.all([this.holds.active(region), this.holds.maintenanceUnderWay(region)]);
    return {
      region: region ?? null,
      text: holdAnnouncement(incidents, this.clock.now(), maintenance),
      incidentIds: incidents.map((i) => i.incidentId),
      maintenanceIds: maintenance.map((m) => m.maintenanceId),
    };
  }

  /** One announcement per region that an open incident or running maintenance names, plus the one for unknown regions. */
  async allMessages(): Promise<HoldMessage[]> {
    const [open, maintenance] = await Promise.all([this.holds.active(), this.holds.maintenanceUnderWay()]);
    const regions = [...new Set([...open, ...maintenance].flatMap((i) => i.regions))].sort();
    return Promise.all([this.messageFor(), ...regions.map((r) => this.messageFor(r))]);
  }
}
