import { Author, Feed, Item } from 'feed';
import { DateTime } from 'luxon';
import { ListedComponent, StatusPageConfig } from '../config/env';
import { PublicIncident, PublicMaintenance, StatusModel } from '../model/status-model';
import { INCIDENT_STATUS_WORDS, MAINTENANCE_ENTRY_WORDS, MAINTENANCE_STATE_WORDS } from '../model/words';

export type FeedConfig = Pick<StatusPageConfig, 'publicUrl' | 'brand' | 'components' | 'contact'>;

/** One feed as the page serves it. */
export interface FeedDocument {
  body: string;
  type: string;
}

export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';
export const RSS_TYPE = 'application/rss+xml; charset=utf-8';

/** Like Statuspage's history feeds: the latest incidents and windows, enough for a reader to catch up. */
export const FEED_ITEMS = 50;

/** An incident or a maintenance window, as a feed shows it: one entry each, whatever the number of its updates. */
interface FeedEntry {
  url: string;
  title: string;
  components: string[];
  updatedAt: string;
  publishedAt: string;
  html: string;
}

/**
 * Text for HTML: the library puts titles and content in CDATA (XML-safe) but leaves the HTML inside as it is, so text
 * written by ops (titles, messages) is escaped here, or a `<script>` in a message would reach readers as markup.
 * Escaping `>` too keeps a `]]>` out of the CDATA (xml-js splits only the first one). Text nodes only: no attribute is
 * ever built from such text.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `Dec 2, 14:30 UTC`: feed readers are anywhere, so UTC, said so (the page itself uses its zone). */
export function feedTime(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setLocale('en').toFormat("LLL d, HH:mm 'UTC'");
}

/** The names of the listed components an item names (unlisted tags are not shown on the page either). */
function affected(tags: string[], components: ListedComponent[]): string {
  return components
    .filter((c) => tags.includes(c.tag))
    .map((c) => escapeHtml(c.name))
    .join(', ');
}

function where(item: { components: string[]; regions: string[] }, components: ListedComponent[]): string {
  const names = affected(item.components, components);
  if (!names) return '';
  const regions = item.regions.length > 0 ? ` (${item.regions.map(escapeHtml).join(', ')})` : '';
  return `<p>Affected: ${names}${regions}</p>`;
}

/** One update as Statuspage writes it: `<p><strong>Status</strong> - time<br>message</p>`. */
function update(status: string, at: string, message: string): string {
  const text = message.trim() === '' ? '' : `<br>${escapeHtml(message).replace(/\r?\n/g, '<br>')}`;
  return `<p><strong>${escapeHtml(status)}</strong> - ${feedTime(at)}${text}</p>`;
}

function span(startsAt: string, endsAt: string): string {
  return `${feedTime(startsAt)} until ${feedTime(endsAt)}`;
}

function incidentEntry(incident: PublicIncident, config: FeedConfig): FeedEntry {
  const timeline = [...incident.timeline].reverse().map((u) => update(INCIDENT_STATUS_WORDS[u.status], u.createdAt, u.message));
  return {
    url: `${config.publicUrl}/incidents/${encodeURIComponent(incident.id)}`,
    title: incident.title,
    components: incident.components,
    updatedAt: incident.updatedAt,
    publishedAt: incident.declaredAt,
    html: [...timeline, where(incident, config.components)].join(''),
  };
}

/** A window: when it is (as it now stands), its state, then its timeline (a move says where it went). */
function maintenanceEntry(window: PublicMaintenance, config: FeedConfig): FeedEntry {
  const timeline = [...window.timeline]
    .reverse()
    .map((e) => update(MAINTENANCE_ENTRY_WORDS[e.kind], e.createdAt, e.kind === 'rescheduled' ? `${e.message}\nNow ${span(e.startsAt, e.endsAt)}` : e.message));
  return {
    url: `${config.publicUrl}/maintenance/${encodeURIComponent(window.id)}`,
    title: `Maintenance: ${window.title}`,
    components: window.components,
    updatedAt: window.updatedAt,
    publishedAt: window.createdAt,
    html: [
      `<p>${window.state === 'cancelled' ? 'Was scheduled' : 'Scheduled'} for ${span(window.startsAt, window.endsAt)}</p>`,
      `<p>Status: <strong>${MAINTENANCE_STATE_WORDS[window.state]}</strong></p>`,
      ...timeline,
      where(window, config.components),
    ].join(''),
  };
}

/** Every incident and window of the model, newest change first (ties by URL, so the order never wavers). */
function entries(model: StatusModel, config: FeedConfig): FeedEntry[] {
  return [
    ...[...model.openIncidents, ...model.resolvedIncidents].map((i) => incidentEntry(i, config)),
    ...[...model.maintenanceUpcoming, ...model.maintenanceUnderWay, ...model.maintenancePast].map((m) => maintenanceEntry(m, config)),
  ].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.url.localeCompare(b.url));
}

/** The contact as an Atom author can carry it: an address or a web page; anything else (a phone) only in the description. */
function author(config: FeedConfig): Author {
  if (/^[^\s@]+@[^\s@]+$/.test(config.contact)) return { name: config.brand, email: config.contact };
  if (/^https?:\/\/\S+$/.test(config.contact)) return { name: config.brand, link: config.contact };
  return { name: config.brand };
}

interface FeedSpec {
  /** Where the feeds are served, without the extension: `/history`, `/components/tv/history`. */
  path: string;
  title: string;
  /** Atom's feed id: the page for the whole page, the feed's own URL for a component (it has no page of its own). */
  id: string;
  /** Used when there is nothing to show. */
  updatedAt: string;
  items: FeedEntry[];
}

/**
 * An Atom and an RSS feed of the same items. Ids and links are the items' URLs, which stay the same across restarts
 * and updates (a new update changes `updated`, not the id), so readers show an item once and refresh it.
 */
function feedPair(spec: FeedSpec, config: FeedConfig): Record<string, FeedDocument> {
  const items = spec.items.slice(0, FEED_ITEMS);
  const url = `${config.publicUrl}${spec.path}`;
  const feed = new Feed({
    title: spec.title,
    description: `Incidents and maintenance, as ${config.brand} posts them. Contact: ${config.contact}`,
    id: spec.id,
    link: `${config.publicUrl}/`,
    language: 'en',
    copyright: config.brand,
    author: author(config),
    updated: new Date(items[0]?.updatedAt ?? spec.updatedAt),
    feedLinks: { atom: `${url}.atom`, rss: `${url}.rss` },
    generator: `${config.brand} status page`,
  });
  for (const entry of items) feed.addItem(feedItem(entry));
  return {
    [`${spec.path}.atom`]: { body: feed.atom1(), type: ATOM_TYPE },
    [`${spec.path}.rss`]: { body: feed.rss2(), type: RSS_TYPE },
  };
}

/**
 * Titles are escaped too: Atom says they are HTML (the library writes `type="html"`), and most RSS readers read them as
 * HTML as well.
 */
function feedItem(entry: FeedEntry): Item {
  return {
    title: escapeHtml(entry.title),
    id: entry.url,
    link: entry.url,
    date: new Date(entry.updatedAt),
    published: new Date(entry.publishedAt),
    content: entry.html,
  };
}

/**
 * The page's Atom and RSS feeds, by path: `/history.atom` and `/history.rss` with every incident and maintenance window
 * of the model, and `/components/<tag>/history.atom|rss` per listed component with those naming it. Pure: rendered
 * once per snapshot, served from memory.
 */
export function statusFeeds(model: StatusModel, config: FeedConfig): Record<string, FeedDocument> {
  const all = entries(model, config);
  const feeds = feedPair({ path: '/history', title: `${config.brand} status`, id: `${config.publicUrl}/`, updatedAt: model.updatedAt, items: all }, config);
  for (const component of config.components) {
    const path = `/components/${encodeURIComponent(component.tag)}/history`;
    const items = all.filter((e) => e.components.includes(component.tag));
    const title = `${config.brand} status: ${component.name}`;
    Object.assign(feeds, feedPair({ path, title, id: `${config.publicUrl}${path}.atom`, updatedAt: model.updatedAt, items }, config));
  }
  return feeds;
}
