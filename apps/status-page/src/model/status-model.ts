import { DateTime } from 'luxon';
import { IncidentServiceComponents, Severity } from '@prespond/contracts';
import { ListedComponent } from '../config/env';

export type Snapshot = IncidentServiceComponents['schemas']['StatusSnapshot'];
export type PublicIncident = IncidentServiceComponents['schemas']['PublicIncident'];
export type PublicMaintenance = IncidentServiceComponents['schemas']['PublicMaintenance'];

/** A component's state, in Statuspage's words (its JSON carries them as they are). */
export const COMPONENT_STATUSES = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

/** The page's overall state: Statuspage's `status.indicator`. */
export type Indicator = 'none' | 'maintenance' | 'minor' | 'major' | 'critical';

/** What an open incident of each severity does to the components it names. */
export const STATUS_OF_SEVERITY: Record<Severity, ComponentStatus> = { minor: 'degraded_performance', major: 'partial_outage', critical: 'major_outage' };
const INDICATOR_OF_SEVERITY: Record<Severity, Indicator> = { minor: 'minor', major: 'major', critical: 'critical' };
const rank = (status: ComponentStatus) => COMPONENT_STATUSES.indexOf(status);
const INDICATOR_RANK: Indicator[] = ['none', 'maintenance', 'minor', 'major', 'critical'];

/** Statuspage's descriptions of each indicator. */
export const INDICATOR_WORDS: Record<Indicator, string> = {
  none: 'All Systems Operational',
  maintenance: 'Service Under Maintenance',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
};

/** One day of a component's history strip: the worst it had that day, and what caused it. */
export interface HistoryDay {
  /** `YYYY-MM-DD` in the page's zone. */
  date: string;
  worst: ComponentStatus;
  incidentIds: string[];
  maintenanceIds: string[];
}

export interface ComponentView extends ListedComponent {
  status: ComponentStatus;
  /** Regions the current trouble is limited to; empty: everywhere (or nothing wrong). */
  regions: string[];
  incidentIds: string[];
  maintenanceIds: string[];
  /** Oldest first, one per day of the history. */
  history: HistoryDay[];
}

/** Everything the page, the feeds and the JSON show, derived once per snapshot. */
export interface StatusModel {
  /** When it was derived (the page's clock): open incidents and running maintenance reach up to it. */
  generatedAt: string;
  /** The newest change anywhere (Statuspage's `page.updated_at`). */
  updatedAt: string;
  indicator: Indicator;
  description: string;
  components: ComponentView[];
  /** Newest first. */
  openIncidents: PublicIncident[];
  resolvedIncidents: PublicIncident[];
  maintenanceUnderWay: PublicMaintenance[];
  /** Soonest first. */
  maintenanceUpcoming: PublicMaintenance[];
  /** Latest first: completed or cancelled. */
  maintenancePast: PublicMaintenance[];
  /** The days of the history, oldest first (`YYYY-MM-DD`). */
  days: string[];
}

const touches = (item: { components: string[] }, tag: string) => item.components.includes(tag);

/** The days (in `zone`) that the span from `from` to `to` covers, as `YYYY-MM-DD`. */
function daysOf(from: string, to: string, zone: string): string[] {
  const days: string[] = [];
  let day = DateTime.fromISO(from, { zone }).startOf('day');
  const end = DateTime.fromISO(to, { zone });
  while (day <= end && days.length < 400) {
    days.push(day.toISODate()!);
    day = day.plus({ days: 1 });
  }
  return days;
}

/**
 * The status of everything, from one snapshot: each listed component's state now (the worst of the open incidents and
 * running maintenance that name it), the overall indicator (the worst open incident's severity; maintenance when
 * nothing else is wrong), and a history strip per component over the last `historyDays` days in `zone` (the snapshot
 * must reach back that far).
 */
export function statusModel(snapshot: Snapshot, components: ListedComponent[], zone: string, historyDays: number, now: Date): StatusModel {
  const at = now.toISOString();
  const openIncidents = snapshot.incidents.filter((i) => i.resolvedAt === null);
  const resolvedIncidents = snapshot.incidents.filter((i) => i.resolvedAt !== null);
  const maintenanceUnderWay = snapshot.maintenance.filter((m) => m.state === 'in_progress');
  const maintenanceUpcoming = snapshot.maintenance.filter((m) => m.state === 'scheduled').sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const maintenancePast = snapshot.maintenance.filter((m) => m.state === 'completed' || m.state === 'cancelled');

  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const days = Array.from({ length: historyDays }, (_, n) => today.minus({ days: historyDays - 1 - n }).toISODate()!);

  const views = components.map((component): ComponentView => {
    const incidents = openIncidents.filter((i) => touches(i, component.tag));
    const works = maintenanceUnderWay.filter((m) => touches(m, component.tag));
    let status: ComponentStatus = works.length > 0 ? 'under_maintenance' : 'operational';
    for (const incident of incidents) if (rank(STATUS_OF_SEVERITY[incident.severity]) > rank(status)) status = STATUS_OF_SEVERITY[incident.severity];
    const troubles = [...incidents, ...works];
    const regions = troubles.some((t) => t.regions.length === 0) ? [] : [...new Set(troubles.flatMap((t) => t.regions))].sort();
    return { ...component, status, regions, incidentIds: incidents.map((i) => i.id), maintenanceIds: works.map((m) => m.id), history: history(component.tag, days, snapshot, zone, at) };
  });

  let indicator: Indicator = maintenanceUnderWay.length > 0 ? 'maintenance' : 'none';
  for (const incident of openIncidents) {
    const own = INDICATOR_OF_SEVERITY[incident.severity];
    if (INDICATOR_RANK.indexOf(own) > INDICATOR_RANK.indexOf(indicator)) indicator = own;
  }
  const stamps = [...snapshot.incidents.map((i) => i.updatedAt), ...snapshot.maintenance.map((m) => m.updatedAt)].sort();
  return {
    generatedAt: at,
    updatedAt: stamps[stamps.length - 1] ?? `${snapshot.since}T00:00:00.000Z`,
    indicator,
    description: INDICATOR_WORDS[indicator],
    components: views,
    openIncidents,
    resolvedIncidents,
    maintenanceUnderWay,
    maintenanceUpcoming,
    maintenancePast,
    days,
  };
}

/** One component's strip: per day, the worst an incident (by severity) or maintenance (that ran) did to it. */
function history(tag: string, days: string[], snapshot: Snapshot, zone: string, now: string): HistoryDay[] {
  const byDay = new Map(days.map((date) => [date, { date, worst: 'operational' as ComponentStatus, incidentIds: [] as string[], maintenanceIds: [] as string[] }]));
  for (const incident of snapshot.incidents.filter((i) => touches(i, tag))) {
    for (const date of daysOf(incident.declaredAt, incident.resolvedAt ?? now, zone)) {
      const day = byDay.get(date);
      if (!day) continue;
      day.incidentIds.push(incident.id);
      if (rank(STATUS_OF_SEVERITY[incident.severity]) > rank(day.worst)) day.worst = STATUS_OF_SEVERITY[incident.severity];
    }
  }
  for (const window of snapshot.maintenance.filter((m) => touches(m, tag) && m.startedAt !== null)) {
    for (const date of daysOf(window.startedAt!, window.completedAt ?? now, zone)) {
      const day = byDay.get(date);
      if (!day) continue;
      day.maintenanceIds.push(window.id);
      if (rank('under_maintenance') > rank(day.worst)) day.worst = 'under_maintenance';
    }
  }
  return days.map((date) => byDay.get(date)!);
}
