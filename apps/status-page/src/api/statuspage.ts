import { createHash } from 'crypto';
import { Severity } from '@prespond/contracts';
import { StatusPageConfig } from '../config/env';
import { ComponentStatus, PublicIncident, PublicMaintenance, StatusModel, STATUS_OF_SEVERITY } from '../model/status-model';

/**
 * The read-only JSON of an Atlassian Statuspage page (public Status API v2), so that the tools customers already point
 * at Statuspage pages (chat bots, Prometheus exporters, Nagios checks, the status widget) work with ours unchanged.
 * Field meanings, null semantics and ordering follow Statuspage's own docs and its real payloads.
 */

export type StatuspageConfig = Pick<StatusPageConfig, 'publicUrl' | 'brand' | 'pageId' | 'timeZone' | 'components'>;

/** The eight endpoints, relative to the page's root. */
export const STATUSPAGE_PATHS = [
  '/api/v2/summary.json',
  '/api/v2/status.json',
  '/api/v2/components.json',
  '/api/v2/incidents.json',
  '/api/v2/incidents/unresolved.json',
  '/api/v2/scheduled-maintenances.json',
  '/api/v2/scheduled-maintenances/upcoming.json',
  '/api/v2/scheduled-maintenances/active.json',
] as const;
export type StatuspagePath = (typeof STATUSPAGE_PATHS)[number];

/** Statuspage's `incidents.json` and `scheduled-maintenances.json` hold "the 50 most recent". */
const MOST_RECENT = 50;

export interface StatuspagePage {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

/**
 * Exactly the keys Statuspage sends for a component that is not a group: check-statuspage decodes components.json
 * with unknown fields forbidden, so nothing may be added here (and `components` is only for groups, which we have none of).
 */
export interface StatuspageComponent {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
}

export interface StatuspageAffectedComponent {
  code: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface StatuspageUpdate {
  id: string;
  status: string;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: StatuspageAffectedComponent[] | null;
  deliver_notifications: boolean;
  custom_tweet: string | null;
  tweet_id: string | null;
}

export interface StatuspageIncident {
  id: string;
  name: string;
  status: PublicIncident['status'];
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: Severity;
  shortlink: string;
  started_at: string;
  page_id: string;
  /** Newest first. */
  incident_updates: StatuspageUpdate[];
  components: StatuspageComponent[];
}

export type MaintenanceStatus = 'scheduled' | 'in_progress' | 'completed';

export interface StatuspageMaintenance extends Omit<StatuspageIncident, 'status' | 'impact'> {
  status: MaintenanceStatus;
  impact: 'maintenance';
  scheduled_for: string;
  scheduled_until: string;
}

export interface StatuspageStatus {
  indicator: StatusModel['indicator'];
  description: string;
}


/** Statuspage has no cancelled maintenance: a cancelled window is completed, and its newest update says it was cancelled. */
const STATUS_OF_STATE: Record<PublicMaintenance['state'], MaintenanceStatus> = {
  scheduled: 'scheduled',
  in_progress: 'in_progress',
  completed: 'completed',
  cancelled: 'completed',
};
const STATUS_OF_KIND: Record<PublicMaintenance['timeline'][number]['kind'], MaintenanceStatus> = {
  scheduled: 'scheduled',
  rescheduled: 'scheduled',
  started: 'in_progress',
  completed: 'completed',
  cancelled: 'completed',
};

/** What a window's entry does to its components: starting puts them under maintenance, ending gives them back; a move changes nothing. */
const COMPONENTS_AFTER_KIND: Record<PublicMaintenance['timeline'][number]['kind'], ComponentStatus | null> = {
  scheduled: null,
  rescheduled: null,
  started: 'under_maintenance',
  completed: 'operational',
  cancelled: 'operational',
};

/**
 * A component's Statuspage id: 12 characters of [a-z0-9] like Statuspage's own, derived from the page and the tag so
 * that clients keyed on ids (dashboards, alert rules) keep working across restarts and snapshots.
 */
export function statuspageComponentId(pageId: string, tag: string): string {
  return createHash('sha1').update(`${pageId}:${tag}`).digest('hex').slice(0, 12);
}

/** Statuspage names the zone as IANA does; our configuration says `UTC`, which Statuspage spells `Etc/UTC`. */
const ianaZone = (zone: string) => (zone === 'UTC' ? 'Etc/UTC' : zone);

const byNewestDeclared = (a: PublicIncident, b: PublicIncident) => b.declaredAt.localeCompare(a.declaredAt);
const byNewestStart = (a: StatuspageMaintenance, b: StatuspageMaintenance) => b.scheduled_for.localeCompare(a.scheduled_for);

/** Everything the eight documents are built from, worked out once. */
interface Context {
  config: StatuspageConfig;
  /** Listed components by tag, in page order. */
  components: Map<string, StatuspageComponent>;
}

/**
 * The bodies of the eight Statuspage endpoints, keyed by path. Computed once per snapshot and served from memory.
 * Every collection is newest first (Statuspage's order): incidents by declaration, maintenance windows by start,
 * updates by posting time.
 */
export function statuspageDocuments(model: StatusModel, config: StatuspageConfig): Record<string, unknown> {
  const page: StatuspagePage = {
    id: config.pageId,
    name: config.brand,
    url: config.publicUrl,
    time_zone: ianaZone(config.timeZone),
    updated_at: model.updatedAt,
  };
  const context: Context = { config, components: componentsOf(model, config) };
  const components = [...context.components.values()];

  const incidents = [...model.openIncidents, ...model.resolvedIncidents].sort(byNewestDeclared).map((i) => incidentOf(i, context));
  const unresolved = incidents.filter((i) => i.resolved_at === null);

  const windows = [...model.maintenanceUnderWay, ...model.maintenanceUpcoming, ...model.maintenancePast];
  const maintenances = windows.map((m) => maintenanceOf(m, context)).sort(byNewestStart);
  const upcoming = maintenances.filter((m) => m.status === 'scheduled');
  const active = maintenances.filter((m) => m.status === 'in_progress');
  const status: StatuspageStatus = { indicator: model.indicator, description: model.description };

  const documents: Record<StatuspagePath, unknown> = {
    // Statuspage's key order: page, components, incidents, scheduled_maintenances, status.
    '/api/v2/summary.json': { page, components, incidents: unresolved, scheduled_maintenances: maintenances.filter((m) => m.status !== 'completed'), status },
    '/api/v2/status.json': { page, status },
    '/api/v2/components.json': { page, components },
    '/api/v2/incidents.json': { page, incidents: incidents.slice(0, MOST_RECENT) },
    '/api/v2/incidents/unresolved.json': { page, incidents: unresolved },
    '/api/v2/scheduled-maintenances.json': { page, scheduled_maintenances: maintenances.slice(0, MOST_RECENT) },
    '/api/v2/scheduled-maintenances/upcoming.json': { page, scheduled_maintenances: upcoming },
    '/api/v2/scheduled-maintenances/active.json': { page, scheduled_maintenances: active },
  };
  return documents;
}

/**
 * The listed components, in the configured order. Their `created_at` is the oldest moment the snapshot knows of (the
 * start of the history, or an older window's creation), so it never comes after `updated_at`; `updated_at` is the last
 * change of an incident or window that names the component.
 */
function componentsOf(model: StatusModel, config: StatuspageConfig): Map<string, StatuspageComponent> {
  const windows = [...model.maintenanceUnderWay, ...model.maintenanceUpcoming, ...model.maintenancePast];
  const items: { tags: string[]; createdAt: string; updatedAt: string }[] = [
    ...[...model.openIncidents, ...model.resolvedIncidents].map((i) => ({ tags: i.components, createdAt: i.declaredAt, updatedAt: i.updatedAt })),
    ...windows.map((m) => ({ tags: m.components, createdAt: m.createdAt, updatedAt: m.updatedAt })),
  ];
  const historyStart = model.days.length > 0 ? `${model.days[0]}T00:00:00.000Z` : model.generatedAt;
  const createdAt = [historyStart, ...items.map((item) => item.createdAt)].sort()[0];
  const statusOf = new Map(model.components.map((view) => [view.tag, view.status]));

  return new Map(
    config.components.map((listed, index): [string, StatuspageComponent] => {
      const changes = items.filter((item) => item.tags.includes(listed.tag)).map((item) => item.updatedAt);
      const updatedAt = [createdAt, ...changes].sort().pop()!;
      return [
        listed.tag,
        {
          id: statuspageComponentId(config.pageId, listed.tag),
          name: listed.name,
          status: statusOf.get(listed.tag) ?? 'operational',
          created_at: createdAt,
          updated_at: updatedAt,
          position: index + 1,
          description: null,
          showcase: true,
          start_date: null,
          group_id: null,
          page_id: config.pageId,
          group: false,
          only_show_if_degraded: false,
        },
      ];
    }),
  );
}

/** The listed components an incident or window names, in page order (unlisted tags are not on the page). */
const namedComponents = (tags: string[], context: Context) => [...context.components].filter(([tag]) => tags.includes(tag)).map(([, component]) => component);

interface Entry {
  id: string;
  status: string;
  body: string;
  createdAt: string;
  /** What the components it names are once this entry is posted; null: as they were (operational at first). */
  componentStatus: ComponentStatus | null;
}

/**
 * Updates, newest first. `affected_components` lists the named components on the first update (what the incident or
 * window did to them when posted) and on every later update that changes them (a window starting or ending, an
 * incident resolved or reopened); it is null on the others, as on Statuspage.
 */
function updatesOf(parentId: string, entries: Entry[], named: StatuspageComponent[]): StatuspageUpdate[] {
  const oldestFirst = [...entries].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  let before: ComponentStatus = 'operational';
  const updates = oldestFirst.map((entry, index): StatuspageUpdate => {
    const after = entry.componentStatus ?? before;
    const changed = index === 0 || after !== before;
    const affected = named.map((c) => ({ code: c.id, name: c.name, old_status: before, new_status: after }));
    before = after;
    return {
      id: entry.id,
      status: entry.status,
      body: entry.body,
      incident_id: parentId,
      created_at: entry.createdAt,
      updated_at: entry.createdAt,
      display_at: entry.createdAt,
      affected_components: changed && affected.length > 0 ? affected : null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    };
  });
  return updates.reverse();
}

function incidentOf(incident: PublicIncident, context: Context): StatuspageIncident {
  const named = namedComponents(incident.components, context);
  const entries = incident.timeline.map((u): Entry => ({
    id: u.id,
    status: u.status,
    body: u.message,
    createdAt: u.createdAt,
    componentStatus: u.status === 'resolved' ? 'operational' : STATUS_OF_SEVERITY[incident.severity],
  }));
  return {
    id: incident.id,
    name: incident.title,
    status: incident.status,
    created_at: incident.declaredAt,
    updated_at: incident.updatedAt,
    monitoring_at: incident.timeline.find((u) => u.status === 'monitoring')?.createdAt ?? null,
    resolved_at: incident.resolvedAt,
    impact: incident.severity,
    shortlink: `${context.config.publicUrl}/incidents/${incident.id}`,
    started_at: incident.declaredAt,
    page_id: context.config.pageId,
    incident_updates: updatesOf(incident.id, entries, named),
    components: named,
  };
}

/**
 * A maintenance window. `started_at` is when it was created, as on Statuspage (the window itself is `scheduled_for` to
 * `scheduled_until`); `resolved_at` is when it ended, completed or cancelled.
 */
function maintenanceOf(works: PublicMaintenance, context: Context): StatuspageMaintenance {
  const named = namedComponents(works.components, context);
  const entries = works.timeline.map((e): Entry => ({
    id: e.id,
    status: STATUS_OF_KIND[e.kind],
    body: e.message,
    createdAt: e.createdAt,
    componentStatus: COMPONENTS_AFTER_KIND[e.kind],
  }));
  return {
    id: works.id,
    name: works.title,
    status: STATUS_OF_STATE[works.state],
    created_at: works.createdAt,
    updated_at: works.updatedAt,
    monitoring_at: null,
    resolved_at: works.completedAt ?? works.cancelledAt,
    impact: 'maintenance',
    shortlink: `${context.config.publicUrl}/maintenance/${works.id}`,
    started_at: works.createdAt,
    page_id: context.config.pageId,
    incident_updates: updatesOf(works.id, entries, named),
    components: named,
    scheduled_for: works.startsAt,
    scheduled_until: works.endsAt,
  };
}
