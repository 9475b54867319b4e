import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@prespond/kafka';
import { Clock, ScheduledRounds, tryRoundLock } from '@prespond/platform';
import { DataSource } from 'typeorm';
import { INCIDENT_CONFIG, IncidentServiceConfig } from '../config/env';
import { MaintenanceEntity, MaintenanceEntryEntity } from './maintenance.entity';
import { MaintenanceRepository } from './maintenance.repository';
import { MaintenanceService, STANDARD_WORDS } from './maintenance.service';
import { dueNoticeOffset } from './notice-schedule';

const MINUTE = 60_000;

/** Any stable number: one maintenance round at a time across replicas. */
const MAINTENANCE_LOCK = 0x3a17e5;

/** What one round did. */
export interface MaintenanceRound {
  notices: number;
  started: number;
  completed: number;
}

/**
 * Keeps scheduled maintenance on time: sends the notices ahead (MAINTENANCE_NOTICE_OFFSETS, e.g. 72 h and 1 h before
 * the start; see dueNoticeOffset), starts each window at its start and completes it at its end. Each step stores
 * the window, its timeline entry and its `maintenance.changed` event in one transaction, under a round lock and the
 * window's row lock, and the unique indexes on the timeline forbid a second notice or end: each happens once across
 * restarts and replicas. A window whose whole span passed while the service was down is started and completed in
 * the same round, in that order.
 */
@Injectable()
export class MaintenanceScheduler extends ScheduledRounds {
  constructor(
    private readonly dataSource: DataSource,
    private readonly windows: MaintenanceRepository,
    private readonly maintenance: MaintenanceService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(INCIDENT_CONFIG) private readonly config: IncidentServiceConfig,
  ) {
    super('maintenance round');
  }

  protected roundIntervalMs(): number {
    return this.config.maintenance.intervalMs;
  }

  protected runRound(): Promise<unknown> {
    return this.round();
  }

  /** One round. Exposed for tests, which drive it with a moved clock. */
  async round(): Promise<MaintenanceRound> {
    const now = this.clock.now();
    const offsets = this.config.maintenance.noticeOffsetsMinutes;
    const horizon = new Date(now.getTime() + Math.max(0, ...offsets) * MINUTE);
    const done = await this.dataSource.transaction(async (manager) => {
      const round: MaintenanceRound = { notices: 0, started: 0, completed: 0 };
      if (!(await tryRoundLock(manager, MAINTENANCE_LOCK))) return round;
      for (const window of await this.windows.openStartingBy(manager, horizon)) {
        const entries = this.due(window, offsets, now);
        if (entries.length === 0) continue;
        window.updatedAt = now;
        await manager.save(MaintenanceEntity, window);
        for (const entry of entries) {
          await this.maintenance.append(manager, window, entry);
          if (entry.kind === 'notice') round.notices++;
          if (entry.kind === 'started') round.started++;
          if (entry.kind === 'completed') round.completed++;
        }
      }
      return round;
    });
    if (done.notices + done.started + done.completed > 0) {
      this.outbox.notify();
      this.logger.log(`maintenance: ${done.notices} notice(s) ahead, ${done.started} started, ${done.completed} completed`);
    }
    return done;
  }

  /** What is due for one window now, applied to it (the window is saved by the caller). */
  private due(window: MaintenanceEntity, offsets: number[], now: Date): MaintenanceEntryEntity[] {
    const entries: MaintenanceEntryEntity[] = [];
    if (window.state === 'scheduled') {
      const offset = dueNoticeOffset(offsets, window.startsAt, window.notifiedOffsetMinutes, now);
      if (offset !== null) {
        window.notifiedOffsetMinutes = offset;
        window.everNotified = true;
        entries.push(this.maintenance.entry(window, 'notice', window.message, now, { offsetMinutes: offset }));
      }
      if (window.startsAt <= now) {
        Object.assign(window, { state: 'in_progress', startedAt: now });
        entries.push(this.maintenance.entry(window, 'started', STANDARD_WORDS.started!, now));
      }
    }
    if (window.state === 'in_progress' && window.endsAt <= now) {
      // Strictly after the start entry, so the timeline keeps its order when both fall in one round.
      const at = new Date(Math.max(now.getTime(), (window.startedAt?.getTime() ?? 0) + 1));
      Object.assign(window, { state: 'completed', completedAt: at });
      entries.push(this.maintenance.entry(window, 'completed', STANDARD_WORDS.completed!, at));
    }
    return entries;
  }
}
