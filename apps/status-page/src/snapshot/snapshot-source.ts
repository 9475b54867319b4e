import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@prespond/platform';
import { STATUS_PAGE_CONFIG, StatusPageConfig } from '../config/env';
import { Snapshot } from '../model/status-model';

/**
 * incident-service's public snapshot, kept fresh: asked every STATUS_REFRESH_MS with the last ETag (a 304 costs the
 * service one query and nothing else), handed to the listeners only when it changed. When the service does not
 * answer, the page keeps showing the last snapshot it had (an outage of ours must not blank the status page) and says
 * since when it could not refresh.
 */
@Injectable()
export class SnapshotSource implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SnapshotSource.name);
  private readonly periodic = new PeriodicTask('status refresh', this.logger);
  private etag: string | null = null;
  private current: Snapshot | null = null;
  private failingSince: Date | null = null;
  private readonly listeners: ((snapshot: Snapshot) => void)[] = [];

  constructor(@Inject(STATUS_PAGE_CONFIG) private readonly config: StatusPageConfig) {}

  /** Called with every new snapshot (and at once with the current one, if there is one). */
  onChange(listener: (snapshot: Snapshot) => void): void {
    this.listeners.push(listener);
    if (this.current) listener(this.current);
  }

  /** The latest snapshot, or null before the first answer. */
  get latest(): Snapshot | null {
    return this.current;
  }

  /** Since when incident-service has not answered (null: it answers). */
  get staleSince(): Date | null {
    return this.failingSince;
  }

  async onApplicationBootstrap(): Promise<void> {
    // The first one before the page answers anything, if the service is up; the page starts either way.
    await this.refresh().catch((error) => this.logger.warn(`no snapshot yet (${error.message}); the page says so until one comes`));
    this.periodic.start(this.config.refreshMs, () => this.refresh());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.periodic.stop();
  }

  /** Asks once; true when the snapshot changed. */
  async refresh(): Promise<boolean> {
    const url = `${this.config.incidentUrl}/status/snapshot?days=${this.config.historyDays + 1}`;
    try {
      const response = await fetch(url, {
        // fetch adds `Cache-Control: no-cache` to a conditional request that names none (the Fetch standard), and
        // Express never answers such a request with 304: `max-age=0` asks for the same revalidation and keeps the 304.
        headers: this.etag ? { 'if-none-match': this.etag, 'cache-control': 'max-age=0' } : {},
        signal: AbortSignal.timeout(this.config.serviceTimeoutMs),
      });
      if (response.status === 304) return this.answered(false);
      if (!response.ok) throw new Error(`incident-service answered ${response.status}`);
      // The same bytes again (a proxy between that drops the condition): nothing to render.
      if (this.etag && response.headers.get('etag') === this.etag) {
        await response.body?.cancel();
        return this.answered(false);
      }
      const snapshot = (await response.json()) as Snapshot;
      this.etag = response.headers.get('etag');
      this.current = snapshot;
      for (const listener of this.listeners) listener(snapshot);
      return this.answered(true);
    } catch (error) {
      if (!this.failingSince) {
        this.failingSince = new Date();
        this.logger.warn(`incident-service did not answer (${(error as Error).message}); the page shows what it last knew`);
      }
      throw error;
    }
  }

  private answered(changed: boolean): boolean {
    if (this.failingSince) this.logger.log('incident-service answers again');
    this.failingSince = null;
    return changed;
  }
}
