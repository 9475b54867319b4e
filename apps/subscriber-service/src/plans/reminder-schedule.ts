import { DateTime } from 'luxon';

/** Reminder offsets of a plan type nobody configured: a month, a week and a day before the renewal date. */
export const DEFAULT_REMINDER_OFFSETS = [30, 7, 1];

/** Her local morning, when reminders go out: from `startHour` (inclusive) to `endHour` (exclusive), local time. */
export interface ReminderWindow {
  startHour: number;
  endHour: number;
}

/** What decides whether a plan's reminder is due. */
export interface ReminderPlan {
  /** `YYYY-MM-DD`, a day in her zone. */
  renewalDate: string;
  /** When this renewal date was set: offsets whose day was already past then are skipped. */
  scheduledFrom: Date;
  timeZone: string;
  offsetsDays: number[];
}

/** The reminder to send now: which offset it keeps, and how many days remain until the renewal date (her calendar). */
export interface DueReminder {
  offsetDays: number;
  daysLeft: number;
}

/** The calendar day of `instant` in `zone`, as a UTC midnight (so day arithmetic ignores DST). */
function localDay(instant: Date, zone: string): DateTime {
  const local = DateTime.fromJSDate(instant, { zone });
  return DateTime.fromObject({ year: local.year, month: local.month, day: local.day }, { zone: 'utc' });
}

/**
 * The reminder of `plan` that is due at `now`, if any (whether it was sent already is the caller's to check).
 *
 * The reminder for offset N belongs to the day (renewal date − N) in her zone and goes out inside her morning window.
 * At any moment only the latest offset whose day has come counts, so:
 * - the service down through a whole window sends that reminder late, in her next morning window, as long as the
 *   renewal date has not come (the message says how many days really remain); a later offset whose day comes in the
 *   meantime replaces it (she never gets two at once);
 * - offsets whose day was already past when the date was set (a plan created 20 days ahead skips T-30) are skipped;
 * - nothing is due on or after the renewal date.
 */
export function dueReminder(plan: ReminderPlan, now: Date, window: ReminderWindow): DueReminder | null {
  const hour = DateTime.fromJSDate(now, { zone: plan.timeZone }).hour;
  if (hour < window.startHour || hour >= window.endHour) return null;
  const today = localDay(now, plan.timeZone);
  const renewal = DateTime.fromISO(plan.renewalDate, { zone: 'utc' });
  const daysLeft = Math.round(renewal.diff(today, 'days').days);
  if (daysLeft < 1) return null;
  const scheduledDay = localDay(plan.scheduledFrom, plan.timeZone);
  const daysAheadWhenScheduled = Math.round(renewal.diff(scheduledDay, 'days').days);
  // Offsets whose day has come (N >= daysLeft) and had not passed when the date was set (N <= days ahead then).
  const reached = plan.offsetsDays.filter((n) => n >= daysLeft && n <= daysAheadWhenScheduled);
  if (reached.length === 0) return null;
  return { offsetDays: Math.min(...reached), daysLeft };
}

/**
 * The renewal date as an instant at noon of that day in her zone: the messenger's `{{localDate}}` shows it in her
 * zone, and noon keeps it on the same calendar day there whatever her offset from UTC.
 */
export function renewalDayInstant(renewalDate: string, timeZone: string): string {
  return DateTime.fromISO(renewalDate, { zone: timeZone }).set({ hour: 12 }).toUTC().toISO()!;
}

/** Today in her zone, `YYYY-MM-DD`. */
export function localDate(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
}
