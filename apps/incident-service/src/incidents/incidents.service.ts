import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IncidentChangeType, IncidentStatus } from '@prespond/contracts';
import { Outbox } from '@prespond/kafka';
import { Clock } from '@prespond/platform';
import { EntityManager } from 'typeorm';
import { PromiseEntity, PromiseState } from '../promises/promise.entity';
import { PromisesRepository } from '../promises/promises.repository';
import { ReopeningsRepository } from '../reopenings/reopenings.repository';
import { DeclareIncidentDto, IncidentResponse, PostIncidentUpdateDto, toIncidentResponse } from './dto/incident.dto';
import { incidentChanged } from './incident-events';
import { IncidentEntity } from './incident.entity';
import { IncidentUpdateEntity, UpdateAuthor } from './incident-update.entity';
import { IncidentsRepository, IncidentState } from './incidents.repository';

const dateOrNull = (value?: string) => (value ? new Date(value) : null);

/**
 * The time of a change: for a resolved incident, strictly later than its resolution, because that is how the
 * fan-out tells an update for the customers who reopened it from the resolution itself (same millisecond, or a
 * clock set back, would otherwise send it to everyone).
 */
function changeTime(incident: IncidentEntity, now: Date): Date {
  return incident.resolvedAt && now <= incident.resolvedAt ? new Date(incident.resolvedAt.getTime() + 1) : now;
}

/** A holding update by the watchdog: which promise it keeps (only if still open) and how that promise ended. */
export interface WatchdogHold {
  promiseId: string;
  outcome: Extract<PromiseState, 'kept_by_watchdog' | 'broken'>;
}

/**
 * Who posts an update: a person, by the name of her API key (the principal, never a field of the request), or the
 * promise watchdog keeping a promise.
 */
export type UpdatePoster = { author: string } | { watchdog: WatchdogHold };

/**
 * Declares, updates and resolves incidents. Every change is one transaction that stores the new state, appends
 * to the timeline, settles the last "next update by" promise and records the new one, and puts an
 * `incident.changed` event in the outbox, so the change and its event stand or fall together.
 */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly incidents: IncidentsRepository,
    private readonly promises: PromisesRepository,
    private readonly reopenings: ReopeningsRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async declare(dto: DeclareIncidentDto, author: string): Promise<IncidentResponse> {
    const now = this.clock.now();
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
    const update = this.entry(incident, dto.message, dto.eta, dto.nextUpdateBy, now, { author });
    await this.commit('incident.declared', incident, update);
    return toIncidentResponse(incident, [update]);
  }

  /**
   * A person's update keeps the open promise if in time; `watchdog` marks a holding update (see PromiseWatchdog).
   * A resolved incident takes updates only while customers have it reopened (see `afterResolution`).
   */
  async postUpdate(id: string, dto: PostIncidentUpdateDto, by: UpdatePoster): Promise<IncidentResponse> {
    const watchdog = 'watchdog' in by ? by.watchdog : undefined;
    await this.change(id, watchdog, (incident, now) => {
      if (incident.resolvedAt) return this.afterResolution(incident, dto, now, by);
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
        update: this.entry(
          incident,
          dto.message,
          resolving ? undefined : dto.eta,
          resolving ? undefined : dto.nextUpdateBy,
          now,
          by,
        ),
      };
    });
    return this.get(id);
  }

  async resolve(id: string, message: string, author: string): Promise<IncidentResponse> {
    return this.postUpdate(id, { message, status: 'resolved' }, { author });
  }

  /**
   * The last word to the customers who reopened the resolved incident: an `incident.resolved` whose update is later
   * than the incident's resolution (which the fan-out sends only to them), closing every open reopening.
   */
  async resolveReopened(id: string, message: string, author: string): Promise<IncidentResponse> {
    await this.incidents.transaction(async (manager) => {
      const incident = await this.incidents.findForUpdate(manager, id);
      if (!incident) throw new NotFoundException(`no incident ${id}`);
      if (!incident.resolvedAt || !(await this.reopenings.hasOpen(manager, id))) {
        throw new ConflictException(`incident ${id} has no open reopenings`);
      }
      const now = changeTime(incident, this.clock.now());
      incident.lastSequence += 1;
      incident.updatedAt = now;
      const update = this.entry(incident, message, undefined, undefined, now, { author });
      await this.store(manager, 'incident.resolved', incident, update, incident.status);
      await this.reopenings.closeOpen(manager, id, update.id, now);
    });
    this.outbox.notify();
    return this.get(id);
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

  /**
   * An update to a resolved incident, for the customers who reopened it: the incident stays resolved (status,
   * components and regions unchanged); the update carries the status those customers are told.
   */
  private afterResolution(
    incident: IncidentEntity,
    dto: PostIncidentUpdateDto,
    now: Date,
    by: UpdatePoster,
  ): { type: IncidentChangeType; update: IncidentUpdateEntity } {
    if (dto.status === 'resolved') {
      throw new ConflictException(`incident ${incident.id} is already resolved; close its reopenings with POST /incidents/${incident.id}/reopened/resolve`);
    }
    const update = this.entry(incident, dto.message, dto.eta, dto.nextUpdateBy, now, by);
    update.status = dto.status ?? 'investigating';
    return { type: 'incident.updated', update };
  }

  private entry(
    incident: IncidentEntity,
    message: string,
    eta: string | undefined,
    nextUpdateBy: string | undefined,
    now: Date,
    by: UpdatePoster,
  ): IncidentUpdateEntity {
    return Object.assign(new IncidentUpdateEntity(), {
      id: randomUUID(),
      incidentId: incident.id,
      sequence: incident.lastSequence,
      status: incident.status,
      message,
      eta: dateOrNull(eta),
      nextUpdateBy: dateOrNull(nextUpdateBy),
      createdAt: now,
      postedBy: ('watchdog' in by ? 'watchdog' : 'person') satisfies UpdateAuthor,
      author: 'author' in by ? by.author : null,
    });
  }

  /** Loads and locks an open incident, applies `mutate`, and commits the change with its event. */
  private async change(
    id: string,
    watchdog: WatchdogHold | undefined,
    mutate: (incident: IncidentEntity, now: Date) => { type: IncidentChangeType; update: IncidentUpdateEntity },
  ): Promise<void> {
    await this.incidents.transaction(async (manager) => {
      const incident = await this.incidents.findForUpdate(manager, id);
      if (!incident) throw new NotFoundException(`no incident ${id}`);
      if (incident.resolvedAt && !(await this.reopenings.hasOpen(manager, id))) throw new ConflictException(`incident ${id} is already resolved`);
      const now = changeTime(incident, this.clock.now());
      const previousStatus = incident.status;
      incident.lastSequence += 1;
      incident.updatedAt = now;
      const { type, update } = mutate(incident, now);
      await this.store(manager, type, incident, update, previousStatus, watchdog);
    });
    this.outbox.notify();
  }

  private async commit(type: IncidentChangeType, incident: IncidentEntity, update: IncidentUpdateEntity): Promise<void> {
    await this.incidents.transaction((manager) => this.store(manager, type, incident, update, null));
    this.outbox.notify();
  }

  /** Saves the change, settles the promise it replaces and records the one it makes, and queues its event. */
  private async store(
    manager: EntityManager,
    type: IncidentChangeType,
    incident: IncidentEntity,
    update: IncidentUpdateEntity,
    previousStatus: IncidentStatus | null,
    watchdog?: WatchdogHold,
  ): Promise<void> {
    const replaced = await this.promises.findOpen(manager, incident.id);
    // A person got there first (or another replica's watchdog): this holding update is not needed.
    if (watchdog && replaced?.id !== watchdog.promiseId) throw new ConflictException(`promise ${watchdog.promiseId} is already settled`);
    await this.incidents.save(manager, incident, update);
    if (replaced) {
      const outcome = watchdog?.outcome ?? (update.createdAt <= replaced.dueAt ? 'kept' : 'broken');
      await this.promises.settle(manager, replaced.id, outcome, update.createdAt, update.id);
    }
    if (update.nextUpdateBy && type !== 'incident.resolved') {
      await this.promises.open(
        manager,
        Object.assign(new PromiseEntity(), {
          id: randomUUID(),
          incidentId: incident.id,
          updateId: update.id,
          dueAt: update.nextUpdateBy,
          state: 'open',
          alertedAt: null,
          settledAt: null,
          settledByUpdateId: null,
          createdAt: update.createdAt,
        }),
      );
    }
    await this.outbox.enqueue(manager, [incidentChanged(type, incident, update, previousStatus)]);
  }
}
