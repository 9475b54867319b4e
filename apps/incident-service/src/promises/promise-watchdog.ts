import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IncidentAlertEvent, Topics } from '@prespond/contracts';
import { Outbox } from '@prespond/kafka';
import { Clock, ScheduledRounds, tryRoundLock } from '@prespond/platform';
import { DataSource } from 'typeorm';
import { INCIDENT_CONFIG, IncidentServiceConfig } from '../config/env';
import { IncidentEntity } from '../incidents/incident.entity';
import { IncidentsService } from '../incidents/incidents.service';
import { PromisesRepository } from './promises.repository';

const MINUTE = 60_000;

/** What one watchdog round did. */
export interface WatchdogRound {
  alerted: number;
  heldUp: number;
}

/** Any stable number: one watchdog round at a time across replicas. */
const WATCHDOG_LOCK = 0x9a7c4;

/**
 * Keeps "next update by" promises. Shortly before a promised time with no newer update it alerts ops
 * (`incident.promise-at-risk` on `incident.alerts`); at the deadline it posts a holding update ("we are still on it,
 * next update by …") so no promise passes silently — kept by the watchdog, or broken if the watchdog itself was late
 * (the system was down). Rounds run every `promises.watchdogIntervalMs`, one replica at a time.
 */
@Injectable()
export class PromiseWatchdog extends ScheduledRounds {
  constructor(
    private readonly dataSource: DataSource,
    private readonly promises: PromisesRepository,
    private readonly incidents: IncidentsService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(INCIDENT_CONFIG) private readonly config: IncidentServiceConfig,
  ) {
    super('watchdog round');
  }

  protected roundIntervalMs(): number {
    return this.config.promises.watchdogIntervalMs;
  }

  protected runRound(): Promise<unknown> {
    return this.round();
  }

  /** One round: alert what is at risk, hold up what is due. Exposed for tests, which drive it with a manual clock. */
  async round(): Promise<WatchdogRound> {
    const alerted = await this.alertAtRisk();
    const heldUp = await this.holdUpDue();
    return { alerted, heldUp };
  }

  private async alertAtRisk(): Promise<number> {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + this.config.promises.alertLeadMinutes * MINUTE);
    return this.dataSource.transaction(async (manager) => {
      const locked = await tryRoundLock(manager, WATCHDOG_LOCK);
      if (!locked) return 0;
      const atRisk = (await this.promises.openDueBy(manager, horizon)).filter((p) => !p.alertedAt);
      for (const promise of atRisk) {
        const incident = await manager.findOneByOrFail(IncidentEntity, { id: promise.incidentId });
        const alert: IncidentAlertEvent = {
          id: randomUUID(),
          type: 'incident.promise-at-risk',
          version: 1,
          occurredAt: now.toISOString(),
          data: { incidentId: incident.id, title: incident.title, promiseId: promise.id, dueAt: promise.dueAt.toISOString() },
        };
        await this.promises.markAlerted(manager, promise.id, now);
        await this.outbox.enqueue(manager, [{ topic: Topics.IncidentAlerts, key: incident.id, value: alert }]);
        this.logger.warn(`incident ${incident.id}: next update promised by ${promise.dueAt.toISOString()} and none posted yet`);
      }
      return atRisk.length;
    }).finally(() => this.outbox.notify());
  }

  private async holdUpDue(): Promise<number> {
    const now = this.clock.now();
    const due = await this.dataSource.transaction((manager) => this.promises.openDueBy(manager, now));
    let heldUp = 0;
    for (const promise of due) {
      const late = now.getTime() > promise.dueAt.getTime() + this.config.promises.graceMinutes * MINUTE;
      const nextUpdateBy = new Date(now.getTime() + this.config.promises.extensionMinutes * MINUTE).toISOString();
      try {
        await this.incidents.postUpdate(
          promise.incidentId,
          { message: 'We are still working on this and have nothing new to report yet.', nextUpdateBy },
          { watchdog: { promiseId: promise.id, outcome: late ? 'broken' : 'kept_by_watchdog' } },
        );
        heldUp++;
      } catch (error) {
        // Resolved or updated by a person meanwhile: the promise is already settled.
        this.logger.log(`no holding update for incident ${promise.incidentId}: ${error.message}`);
      }
    }
    return heldUp;
  }
}
