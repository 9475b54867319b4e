import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IncidentChangeType } from '@prespond/contracts';
import { Outbox } from '@prespond/kafka';
import { DeclareIncidentDto, IncidentResponse, PostIncidentUpdateDto, toIncidentResponse } from './dto/incident.dto';
import { incidentChanged } from './incident-events';
import { IncidentEntity } from './incident.entity';
import { IncidentUpdateEntity } from './incident-update.entity';
import { IncidentsRepository, IncidentState } from './incidents.repository';

const dateOrNull = (value?: string) => (value ? new Date(value) : null);

/**
 * Declares, updates and resolves incidents. Every change is one transaction that stores the new state, appends
 * to the timeline and puts an `incident.changed` event in the outbox, so the change and its event stand or fall together.
 */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly incidents: IncidentsRepository,
    private readonly outbox: Outbox,
  ) {}

  async declare(dto: DeclareIncidentDto): Promise<IncidentResponse> {
    const now = new Date();
    const incident: IncidentEntity = Object.assign(new IncidentEntity(), {
      id: randomUUID(),
      title: dto.title,
      status: dto.status ?? 'investigating',
      severity: dto.severity,
      components: dto.components,
      regions: dto.regions ?? [],
      declaredAt: now,
      resolvedAt: null,
      updatedAt: now,
      lastSequence: 1,
    });
    const update = this.entry(incident, dto.message, dto.eta, dto.nextUpdateBy, now);
    await this.commit('incident.declared', incident, update);
    return toIncidentResponse(incident, [update]);
  }

  async postUpdate(id: string, dto: PostIncidentUpdateDto): Promise<IncidentResponse> {
    await this.change(id, (incident, now) => {
      Object.assign(incident, {
        status: dto.status ?? incident.status,
        severity: dto.severity ?? incident.severity,
        components: dto.components ?? incident.components,
        regions: dto.regions ?? incident.regions,
        resolvedAt: dto.status === 'resolved' ? now : null,
      });
      const resolving = incident.status === 'resolved';
      return {
        type: resolving ? 'incident.resolved' : 'incident.updated',
        update: this.entry(incident, dto.message, resolving ? undefined : dto.eta, resolving ? undefined : dto.nextUpdateBy, now),
      };
    });
    return this.get(id);
  }

  async resolve(id: string, message: string): Promise<IncidentResponse> {
    return this.postUpdate(id, { message, status: 'resolved' });
  }

  async get(id: string): Promise<IncidentResponse> {
    const incident = await this.incidents.findWithTimeline(id);
    if (!incident) throw new NotFoundException(`no incident ${id}`);
    return toIncidentResponse(incident, incident.updates ?? []);
  }

  async list(state: IncidentState): Promise<IncidentResponse[]> {
    const incidents = await this.incidents.list(state);
    return incidents.map((i) => toIncidentResponse(i, i.updates ?? []));
  }

  private entry(incident: IncidentEntity, message: string, eta: string | undefined, nextUpdateBy: string | undefined, now: Date): IncidentUpdateEntity {
    return Object.assign(new IncidentUpdateEntity(), {
      id: randomUUID(),
      incidentId: incident.id,
      sequence: incident.lastSequence,
      status: incident.status,
      message,
      eta: dateOrNull(eta),
      nextUpdateBy: dateOrNull(nextUpdateBy),
      createdAt: now,
    });
  }

  /** Loads and locks an open incident, applies `mutate`, and commits the change with its event. */
  private async change(
    id: string,
    mutate: (incident: IncidentEntity, now: Date) => { type: IncidentChangeType; update: IncidentUpdateEntity },
  ): Promise<void> {
    await this.incidents.transaction(async (manager) => {
      const incident = await this.incidents.findForUpdate(manager, id);
      if (!incident) throw new NotFoundException(`no incident ${id}`);
      if (incident.resolvedAt) throw new ConflictException(`incident ${id} is already resolved`);
      const now = new Date();
      incident.lastSequence += 1;
      incident.updatedAt = now;
      const { type, update } = mutate(incident, now);
      await this.incidents.save(manager, incident, update);
      await this.outbox.enqueue(manager, [incidentChanged(type, incident, update)]);
    });
    this.outbox.notify();
  }

  private async commit(type: IncidentChangeType, incident: IncidentEntity, update: IncidentUpdateEntity): Promise<void> {
    await this.incidents.transaction(async (manager) => {
      await this.incidents.save(manager, incident, update);
      await this.outbox.enqueue(manager, [incidentChanged(type, incident, update)]);
    });
    this.outbox.notify();
  }
}
