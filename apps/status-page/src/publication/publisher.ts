import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { DateTime } from 'luxon';
import { Clock } from '@prespond/platform';
import { statuspageDocuments } from '../api/statuspage';
import { STATUS_PAGE_CONFIG, StatusPageConfig } from '../config/env';
import { embedStatus } from '../embed/embed-status';
import { statusFeeds } from '../feeds/feeds';
import { Snapshot, statusModel } from '../model/status-model';
import { PageRenderer, textOn } from '../pages/pages';
import { SnapshotSource } from '../snapshot/snapshot-source';
import { Publication } from './publication';
import { resource, Resource } from './resource';

const HTML = 'text/html; charset=utf-8';
const LOGO_TYPES: Record<string, string> = { '.svg': 'image/svg+xml', '.png': 'image/png', '.webp': 'image/webp' };

/** The assets' directory: beside this folder in the sources, copied beside the bundle by the build (nest-cli assets). */
function assetsDir(): string {
  return __dirname.endsWith('publication') ? join(__dirname, '..', 'assets') : join(__dirname, 'assets');
}

/**
 * Renders everything the page serves (HTML, feeds, the Statuspage-shaped JSON, the assets) once per change and hands
 * it to the Publication: when incident-service's snapshot changes, when the day turns (the history strips move on),
 * and when the service stops or starts answering (the page says it could not refresh).
 */
@Injectable()
export class Publisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Publisher.name);
  private readonly assets: Map<string, Resource>;
  readonly renderer: PageRenderer;
  private timer?: NodeJS.Timeout;
  private published: { snapshot: Snapshot; day: string; stale: boolean } | null = null;

  constructor(
    private readonly source: SnapshotSource,
    private readonly publication: Publication,
    private readonly clock: Clock,
    @Inject(STATUS_PAGE_CONFIG) private readonly config: StatusPageConfig,
  ) {
    this.assets = this.loadAssets();
    const version = createHash('sha256').update(Buffer.concat([...this.assets.values()].map((a) => a.body))).digest('hex').slice(0, 10);
    this.renderer = new PageRenderer(config, version);
  }

  onApplicationBootstrap(): void {
    this.source.onChange(() => this.publishIfChanged());
    // The day and the staleness change without a new snapshot: looked at as often as the snapshot is asked for.
    this.timer = setInterval(() => this.publishIfChanged(), this.config.refreshMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Renders and publishes when the snapshot, the day or the staleness changed since the last publication. */
  publishIfChanged(): boolean {
    const snapshot = this.source.latest;
    if (!snapshot) return false;
    const now = this.clock.now();
    const day = DateTime.fromJSDate(now, { zone: this.config.timeZone }).toISODate()!;
    const stale = this.source.staleSince !== null;
    const last = this.published;
    if (last && last.snapshot === snapshot && last.day === day && last.stale === stale) return false;
    const started = performance.now();
    let count: number;
    try {
      count = this.publish(snapshot, now);
    } catch (error) {
      // The last good publication stays up; the next change tries again.
      this.logger.error(`could not render the status page: ${(error as Error).stack ?? error}`);
      return false;
    }
    this.published = { snapshot, day, stale };
    // One line per publication (a change of status, of day or of staleness); npm run bench reads the time from it.
    this.logger.log(`published ${count} resources in ${(performance.now() - started).toFixed(1)} ms`);
    return true;
  }

  /** Renders everything and hands it to the Publication; returns how many resources it published. */
  private publish(snapshot: Snapshot, now: Date): number {
    const config = this.config;
    const model = statusModel(snapshot, config.components, config.timeZone, config.historyDays, now);
    const page = `public, max-age=${config.cacheSeconds}, stale-while-revalidate=${config.cacheSeconds * 3}, stale-if-error=86400`;
    const resources = new Map(this.assets);
    const { pages, notFound } = this.renderer.render(model, this.source.staleSince);
    for (const [path, html] of pages) resources.set(path, resource(HTML, html, { cacheControl: page }));
    for (const [path, feed] of Object.entries(statusFeeds(model, config))) resources.set(path, resource(feed.type, feed.body, { cacheControl: page, cors: true }));
    for (const [path, body] of Object.entries(statuspageDocuments(model, config))) {
      resources.set(path, resource('application/json; charset=utf-8', JSON.stringify(body), { cacheControl: page, cors: true }));
    }
    resources.set('/embed/status.json', resource('application/json; charset=utf-8', JSON.stringify(embedStatus(model, config)), { cacheControl: page, cors: true }));
    this.publication.publish(resources, resource(HTML, notFound, { cacheControl: 'public, max-age=60', status: 404 }));
    return resources.size;
  }

  /** The files that change only with a deployment: cached long (their URLs carry a version). */
  private loadAssets(): Map<string, Resource> {
    const dir = assetsDir();
    const long = 'public, max-age=31536000, immutable';
    const assets = new Map<string, Resource>([
      ['/assets/status.css', resource('text/css; charset=utf-8', readFileSync(join(dir, 'status.css')), { cacheControl: long })],
      ['/assets/status.js', resource('text/javascript; charset=utf-8', readFileSync(join(dir, 'status.js')), { cacheControl: long })],
      ['/assets/brand.css', resource('text/css; charset=utf-8', `:root { --brand: ${this.config.brandColour}; --on-brand: ${textOn(this.config.brandColour)}; }\n`, { cacheControl: long })],
      // The banner's URL is pasted into other sites and never changes: cached briefly so a new version spreads.
      ['/embed/banner.js', resource('text/javascript; charset=utf-8', readFileSync(join(dir, 'banner.js')), { cacheControl: 'public, max-age=300', cors: true })],
      ['/robots.txt', resource('text/plain; charset=utf-8', 'User-agent: *\nAllow: /\n', { cacheControl: 'public, max-age=86400' })],
    ]);
    if (this.config.logoFile) {
      const type = LOGO_TYPES[extname(this.config.logoFile).toLowerCase()];
      if (!type) throw new Error(`STATUS_LOGO_FILE ${this.config.logoFile}: an .svg, .png or .webp file`);
      assets.set('/assets/logo', resource(type, readFileSync(this.config.logoFile), { cacheControl: 'public, max-age=3600' }));
    }
    return assets;
  }
}
