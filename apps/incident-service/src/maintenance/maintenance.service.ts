import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MAINTENANCE_EVENT_OF, MaintenanceChangedEvent, MaintenanceEntryKind, Topics } from '@prespond/contracts';
import { Outbox, OutgoingEvent } from '@prespond/kafka';
import { badRequest, Clock, FieldError } from '@prespond/platform';
import { EntityManager } from 'typeorm';
import { INCIDENT_CONFIG, IncidentServiceConfig } from '../config/env';
import {
  EndMaintenanceDto,
  MaintenanceListState,
  MaintenanceResponse,
  MaintenanceSettingsResponse,
  RescheduleMaintenanceDto,
  ScheduleMaintenanceDto,
  toMaintenanceEntry,
  toMaintenanceResponse,
  toMaintenanceSnapshot,
} from './dto/maintenance.dto';
import { MaintenanceEntity, MaintenanceEntryEntity } from './maintenance.entity';
import { MaintenanceRepository } from './maintenance.repository';
import { offsetCoveredByChange } from './notice-schedule';

/** What the timeline (and the status page) says when the change came without words of its own. */
export const STANDARD_WORDS: Partial<Record<MaintenanceEntryKind, string>> = {
  started: 'The work has begun.',
  completed: 'The work is complete; everything should work as usual.',
  cancelled: 'The work has been called off.',
};

/** The `maintenance.changed` event for one timeline entry, keyed by the window's id so its events stay in order. */
export function maintenanceChanged(maintenance: MaintenanceEntity, entry: MaintenanceEntryEntity): OutgoingEvent {
  const event = {
    id: randomUUID(),
    type: MAINTENANCE_EVENT_OF[entry.kind],
    version: 1,
    occurredAt: entry.createdAt.toISOString(),
    data: { maintenance: toMaintenanceSnapshot(maintenance), entry: toMaintenanceEntry(entry) },
  } as MaintenanceChangedEvent;
  return { topic: Topics.MaintenanceChanged, key: maintenance.id, value: event };
}

/**
 * Scheduled maintenance: ops schedule a window, move or extend it, cancel it before it begins or complete it early;
 * the MaintenanceScheduler sends the notices ahead and starts and completes it on time. Every change is one
 * transaction that stores the window, appends to its timeline and puts a `maintenance.changed` event in the outbox.
 */
@Injectable()
export class MaintenanceService {
  constructor(
    private readonly windows: MaintenanceRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(INCIDENT_CONFIG) private readonly config: IncidentServiceConfig,
  ) {}

  async schedule(dto: ScheduleMaintenanceDto, author: string): Promise<MaintenanceResponse> {
    const now = this.clock.now();
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    const errors: FieldError[] = [];
    if (startsAt <= now) errors.push({ field: 'startsAt', reason: 'must be in the future' });
    if (endsAt <= startsAt) errors.push({ field: 'endsAt', reason: 'must be after startsAt' });
    if (errors.length > 0) throw badRequest(errors);
    const maintenance: MaintenanceEntity = Object.assign(new MaintenanceEntity(), {
      id: randomUUID(),
      title: dto.title,
      message: dto.message,
      state: 'scheduled',
      components: dto.components,
      regions: dto.regions ?? [],
      startsAt,
      endsAt,
      scheduleVersion: 1,
      notifiedOffsetMinutes: null,
      everNotified: false,
      createdAt: now,
      startedAt: null,
      completedAt: null,
      cancelledAt: null,
      updatedAt: now,
    });
    const entry = this.entry(maintenance, 'scheduled', dto.message, now, { author });
    await this.windows.transaction(async (manager) => {
      await manager.insert(MaintenanceEntity, maintenance);
      await this.append(manager, maintenance, entry);
    });
    this.outbox.notify();
    return toMaintenanceResponse(maintenance, [entry]);
  }

  /** Moves or extends the window; customers hear the new times once (see RescheduleMaintenanceDto). */
  async reschedule(id: string, dto: RescheduleMaintenanceDto, author: string): Promise<MaintenanceResponse> {
    if (dto.startsAt === undefined && dto.endsAt === undefined) {
      throw badRequest([{ field: 'startsAt', reason: 'give a new startsAt, a new endsAt, or both' }]);
    }
    await this.change(id, (maintenance, now) => {
      if (maintenance.state !== 'scheduled' && maintenance.state !== 'in_progress') {
        throw new ConflictException(`maintenance ${id} is ${maintenance.state}: it cannot be moved`);
      }
      const startsAt = dto.startsAt !== undefined ? new Date(dto.startsAt) : maintenance.startsAt;
      const endsAt = dto.endsAt !== undefined ? new Date(dto.endsAt) : maintenance.endsAt;
      const errors: FieldError[] = [];
      if (maintenance.state === 'in_progress' && startsAt.getTime() !== maintenance.startsAt.getTime()) {
        errors.push({ field: 'startsAt', reason: 'the window has begun: only its end can move' });
      } else if (maintenance.state === 'scheduled' && dto.startsAt !== undefined && startsAt <= now) {
        errors.push({ field: 'startsAt', reason: 'must be in the future' });
      }
      if (endsAt <= startsAt) errors.push({ field: 'endsAt', reason: 'must be after startsAt' });
      else if (endsAt <= now) errors.push({ field: 'endsAt', reason: 'must be in the future' });
      if (errors.length > 0) throw badRequest(errors);
      if (startsAt.getTime() === maintenance.startsAt.getTime() && endsAt.getTime() === maintenance.endsAt.getTime()) {
        throw badRequest([{ field: dto.startsAt !== undefined ? 'startsAt' : 'endsAt', reason: 'is what the window already has' }]);
      }
      const previous = { previousStartsAt: maintenance.startsAt, previousEndsAt: maintenance.endsAt };
      Object.assign(maintenance, {
        startsAt,
        endsAt,
        scheduleVersion: maintenance.scheduleVersion + 1,
        // Told of it already: this change tells them the new times, and covers the notices whose time has passed.
        // Not told yet: the next notice due carries the new times.
        notifiedOffsetMinutes:
          maintenance.state === 'scheduled' && maintenance.everNotified
            ? offsetCoveredByChange(this.config.maintenance.noticeOffsetsMinutes, startsAt, now)
            : maintenance.state === 'scheduled' ? null : maintenance.notifiedOffsetMinutes,
      });
      return [this.entry(maintenance, 'rescheduled', dto.message ?? maintenance.message, now, { author, ...previous })];
    });
    return this.get(id);
  }

  /** Calls off a window that has not begun. */
  async cancel(id: string, dto: EndMaintenanceDto, author: string): Promise<MaintenanceResponse> {
    await this.change(id, (maintenance, now) => {
      if (maintenance.state === 'in_progress') throw new ConflictException(`maintenance ${id} has begun: complete it instead (POST /maintenance/${id}/complete)`);
      if (maintenance.state !== 'scheduled') throw new ConflictException(`maintenance ${id} is ${maintenance.state} already`);
      Object.assign(maintenance, { state: 'cancelled', cancelledAt: now });
      return [this.entry(maintenance, 'cancelled', dto.message ?? STANDARD_WORDS.cancelled!, now, { author })];
    });
    return this.get(id);
  }

  /** Ends a running window before its planned end. */
  async complete(id: string, dto: EndMaintenanceDto, author: string): Promise<MaintenanceResponse> {
    await this.change(id, (maintenance, now) => {
      if (maintenance.state === 'scheduled') throw new ConflictException(`maintenance ${id} has not begun: cancel it instead (POST /maintenance/${id}/cancel)`);
      if (maintenance.state !== 'in_progress') throw new ConflictException(`maintenance ${id} is ${maintenance.state} already`);
      Object.assign(maintenance, { state: 'completed', completedAt: now });
      return [this.entry(maintenance, 'completed', dto.message ?? STANDARD_WORDS.completed!, now, { author })];
    });
    return this.get(id);
  }

  settings(): MaintenanceSettingsResponse {
    return { noticeOffsetsMinutes: this.config.maintenance.noticeOffsetsMinutes };
  }

  async get(id: string): Promise<MaintenanceResponse> {
    const maintenance = await this.windows.findWithTimeline(id);
    if (!maintenance) throw new NotFoundException(`no maintenance ${id}`);
    return toMaintenanceResponse(maintenance, maintenance.entries ?? []);
  }

  async list(state: MaintenanceListState): Promise<MaintenanceResponse[]> {
    const windows = await this.windows.list(state);
    return windows.map((m) => toMaintenanceResponse(m, m.entries ?? []));
  }

  /** A timeline entry of the window as it now stands. */
  entry(
    maintenance: MaintenanceEntity,
    kind: MaintenanceEntryKind,
    message: string,
    at: Date,
    extra: { author?: string | null; offsetMinutes?: number; previousStartsAt?: Date; previousEndsAt?: Date } = {},
  ): MaintenanceEntryEntity {
    return Object.assign(new MaintenanceEntryEntity(), {
      id: randomUUID(),
      maintenanceId: maintenance.id,
      kind,
      message,
      startsAt: maintenance.startsAt,
      endsAt: maintenance.endsAt,
      scheduleVersion: maintenance.scheduleVersion,
      offsetMinutes: extra.offsetMinutes ?? null,
      previousStartsAt: extra.previousStartsAt ?? null,
      previousEndsAt: extra.previousEndsAt ?? null,
      // A move or cancellation is news only to customers who heard of the window (a notice for any schedule version).
      announce: kind === 'scheduled' ? false : kind === 'rescheduled' || kind === 'cancelled' ? maintenance.everNotified : true,
      author: extra.author ?? null,
      createdAt: at,
    });
  }

  /** Stores the entry and queues its event, in the caller's transaction (the window is saved by the caller). */
  async append(manager: EntityManager, maintenance: MaintenanceEntity, entry: MaintenanceEntryEntity): Promise<void> {
    await manager.insert(MaintenanceEntryEntity, entry);
    await this.outbox.enqueue(manager, [maintenanceChanged(maintenance, entry)]);
  }

  /** Locks the window, applies `apply` (which returns the entries to append), saves it all with its events. */
  private async change(id: string, apply: (maintenance: MaintenanceEntity, now: Date) => MaintenanceEntryEntity[]): Promise<void> {
    await this.windows.transaction(async (manager) => {
      const maintenance = await this.windows.findForUpdate(manager, id);
      if (!maintenance) throw new NotFoundException(`no maintenance ${id}`);
      const now = this.clock.now();
      const entries = apply(maintenance, now);
      maintenance.updatedAt = now;
      await manager.save(MaintenanceEntity, maintenance);
      for (const entry of entries) await this.append(manager, maintenance, entry);
    });
    this.outbox.notify();
  }
}
