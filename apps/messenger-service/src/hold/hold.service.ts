import { Injectable } from '@nestjs/common';
import { IncidentChangedEvent } from '@prespond/contracts';
import { Clock } from '@prespond/platform';
import { holdAnnouncement } from './announcement';
import { HoldIncidentEntity } from './hold-incident.entity';
import { HoldRepository } from './hold.repository';

export interface HoldMessage {
  /** The region asked for; null for the announcement heard when the caller's region is unknown (every open incident). */
  region: string | null;
  text: string;
  incidentIds: string[];
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

  async messageFor(region?: string): Promise<HoldMessage> {
    const incidents = await this.holds.active(region);
    return { region: region ?? null, text: holdAnnouncement(incidents, this.clock.now()), incidentIds: incidents.map((i) => i.incidentId) };
  }

  /** One announcement per region that an open incident names, plus the one for unknown regions. */
  async allMessages(): Promise<HoldMessage[]> {
    const open = await this.holds.active();
    const regions = [...new Set(open.flatMap((i) => i.regions))].sort();
    return Promise.all([this.messageFor(), ...regions.map((r) => this.messageFor(r))]);
  }
}
