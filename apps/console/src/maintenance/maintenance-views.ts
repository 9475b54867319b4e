import { DateTime } from 'luxon';
import { IncidentServiceComponents } from '@prespond/contracts';
import { fill } from '../views/fill';
import { formatInstant } from '../views/time';
import { MAINTENANCE_TEXT as T } from './maintenance.text';

export type MaintenanceWindow = IncidentServiceComponents['schemas']['MaintenanceResponse'];
export type MaintenanceEntry = IncidentServiceComponents['schemas']['MaintenanceEntryResponse'];
export type MaintenanceState = MaintenanceWindow['state'];

const MINUTE = 60_000;

export const stateLabel = (state: MaintenanceState): string => T.states[state];

/** Components and regions in words ("internet, tv · berlin"). */
export const affects = (w: Pick<MaintenanceWindow, 'components' | 'regions'>): string => `${w.components.join(', ')} · ${w.regions.length ? w.regions.join(', ') : T.everywhere}`;

/** "2 Dec 01:00 – 03:00 CET", or both ends in full when they fall on different days (or either side of a clock change). */
export function windowText(startsAt: string, endsAt: string, zone: string): string {
  const start = DateTime.fromISO(startsAt, { zone: 'utc' }).setZone(zone);
  const end = DateTime.fromISO(endsAt, { zone: 'utc' }).setZone(zone);
  if (start.hasSame(end, 'day') && start.offset === end.offset) return `${start.toFormat('d LLL HH:mm')} – ${end.toFormat('HH:mm ZZZZ')}`;
  return `${formatInstant(startsAt, zone)} – ${formatInstant(endsAt, zone)}`;
}

/** "45 min", "2 h", "1 h 30 min", "3 days 4 h". */
export function durationText(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / MINUTE));
  if (minutes < 60) return fill(T.units.minutes, { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? fill(T.units.hoursMinutes, { h: hours, m: minutes % 60 }) : fill(T.units.hours, { n: hours });
  const days = Math.floor(hours / 24);
  return hours % 24 ? fill(T.units.daysHours, { d: days, h: hours % 24 }) : fill(T.units.days, { n: days });
}

/** A notice's offset before the start as ops configure it: "72 h", "1 h", "90 min". */
export const offsetText = (minutes: number): string => (minutes % 60 === 0 ? fill(T.units.hours, { n: minutes / 60 }) : fill(T.units.minutes, { n: minutes }));

/** "a, b and c". */
export function sentence(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} ${T.plan.and} ${parts[parts.length - 1]}`;
}

/** The notices ahead still to come for a window starting at `startsAt`: each offset whose time is after `now`, soonest first. */
export function noticesAhead(offsetsMinutes: readonly number[], startsAt: string, now: Date, zone: string): { offset: string; at: string; atIso: string }[] {
  const start = Date.parse(startsAt);
  return [...offsetsMinutes]
    .sort((a, b) => b - a)
    .filter((o) => start - o * MINUTE > now.getTime())
    .map((o) => ({ offset: offsetText(o), at: formatInstant(new Date(start - o * MINUTE).toISOString(), zone), atIso: new Date(start - o * MINUTE).toISOString() }));
}

/**
 * When customers hear of a window just scheduled, in words: the offsets whose time has passed make one notice right
 * away (as the service's scheduler does), the others at their times; then the start and the end.
 */
export function noticePlan(offsetsMinutes: readonly number[], startsAt: string, now: Date, zone: string): string {
  if (offsetsMinutes.length === 0) return T.plan.none;
  const start = Date.parse(startsAt);
  const passed = offsetsMinutes.filter((o) => start - o * MINUTE <= now.getTime());
  const parts = [
    ...(passed.length ? [fill(T.plan.now, { offset: offsetText(Math.min(...passed)) })] : []),
    ...noticesAhead(offsetsMinutes, startsAt, now, zone).map((n) => fill(T.plan.ahead, n)),
  ];
  return `${sentence(parts)}, ${T.plan.then}`;
}

/** Whether customers have heard of the window (a notice ahead): only then are a move or a cancellation news to them. */
export const customersKnow = (w: MaintenanceWindow): boolean => w.timeline.some((e) => e.kind === 'notice');

/** When the window ended (completed or cancelled), if it did. */
export const endedAt = (w: MaintenanceWindow): string | null => w.completedAt ?? w.cancelledAt;

/** A window as the list shows it, times in the person's zone. */
export function listRow(w: MaintenanceWindow, zone: string, offsetsMinutes: readonly number[], now: Date) {
  const told = [...w.timeline].reverse().find((e) => e.announce && e.kind !== 'started' && e.kind !== 'completed');
  const next = w.state === 'scheduled' ? noticesAhead(offsetsMinutes, w.startsAt, now, zone)[0] : undefined;
  const ended = endedAt(w);
  return {
    id: w.id,
    title: w.title,
    affects: affects(w),
    window: windowText(w.startsAt, w.endsAt, zone),
    state: w.state,
    stateLabel: stateLabel(w.state),
    customers: told ? fill(T.list.toldAt, { at: formatInstant(told.createdAt, zone) }) : T.list.notToldYet,
    nextNotice: next ? fill(T.list.nextNotice, { at: next.at }) : undefined,
    ended: ended ? formatInstant(ended, zone) : undefined,
  };
}

/** What an entry was, in words: a move says whether it moved the start, pushed the end out or brought it forward. */
export function kindLabel(e: MaintenanceEntry): string {
  if (e.kind === 'rescheduled') {
    if (e.previousStartsAt && Date.parse(e.previousStartsAt) !== Date.parse(e.startsAt)) return T.kinds.rescheduled;
    if (e.previousEndsAt && Date.parse(e.endsAt) > Date.parse(e.previousEndsAt)) return T.kinds.extended;
    return T.kinds.shortened;
  }
  if (e.kind === 'completed' && Date.parse(e.createdAt) < Date.parse(e.endsAt)) return T.kinds.completedEarly;
  return T.kinds[e.kind];
}

/** Whether and how customers heard of an entry. */
export function toldLabel(e: MaintenanceEntry): { told: boolean; text: string } {
  if (e.kind === 'notice') return { told: true, text: fill(T.told.notice, { offset: offsetText(e.offsetMinutes ?? 0) }) };
  if (e.kind === 'scheduled') return { told: false, text: T.told.scheduled };
  return e.announce ? { told: true, text: T.told.yes } : { told: false, text: T.told.notYet };
}

/** The timeline, newest first, as the window's page shows it. */
export function timelineRows(w: MaintenanceWindow, zone: string) {
  return [...w.timeline].reverse().map((e) => ({
    kind: e.kind,
    kindLabel: kindLabel(e),
    at: formatInstant(e.createdAt, zone),
    by: e.author ? fill(T.detail.by, { name: e.author }) : T.detail.byScheduler,
    // A notice repeats the work's description: the entry says enough without it.
    message: e.kind === 'notice' ? undefined : e.message,
    window: e.kind === 'scheduled' || e.kind === 'rescheduled' ? windowText(e.startsAt, e.endsAt, zone) : undefined,
    movedFrom: e.kind === 'rescheduled' && e.previousStartsAt && e.previousEndsAt ? fill(T.detail.movedFrom, { window: windowText(e.previousStartsAt, e.previousEndsAt, zone) }) : undefined,
    ...toldLabel(e),
  }));
}
