import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * The one date-time rule of every API field, query parameter and event: a real calendar date and time with an
 * explicit offset, `YYYY-MM-DDTHH:MM[:SS[.fraction]]` then `Z` or `±HH:MM` (at most ±14:00). 2030-02-30, 24:00 or a
 * time without an offset are refused rather than moved to some other moment.
 *
 * It lives here, beside the tag rule, because contracts sit below everything: the events use it as is, and
 * @prespond/platform builds its request decorators (IsInstant, IsCalendarDate) on it and re-exports it.
 */

/** Why a value is not a date-time: the one wording of every 400 and contract violation about one. */
export const INSTANT_REASON = 'must be a date-time with an offset, e.g. 2030-01-31T14:30:00Z (a real calendar date and time)';
/** The date-time rule for a moment that must lie ahead (a promised update, an ETA). */
export const FUTURE_INSTANT_REASON = `${INSTANT_REASON}, in the future`;
/** The date-time rule for a moment that has happened (an activity). */
export const NOT_FUTURE_INSTANT_REASON = `${INSTANT_REASON}, not in the future`;
/** Why a value is not a calendar date (a day without a time, such as a renewal date). */
export const CALENDAR_DATE_REASON = 'must be a calendar date YYYY-MM-DD, e.g. 2030-04-15 (a day that exists)';
/** The calendar-date rule for a day that must not have passed. */
export const NOT_PAST_CALENDAR_DATE_REASON = `${CALENDAR_DATE_REASON}, not in the past`;

/**
 * The shape alone: extended ISO 8601, hours 00–23 (luxon would read 24:00 as the next midnight), an offset that is
 * `Z` or `±HH:MM`. Luxon's ISO parser then decides whether the day exists (30 February, 31 April, 29 February of a
 * common year).
 */
const INSTANT_FORMAT = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:[0-5]\d)$/;
const CALENDAR_DATE_FORMAT = /^\d{4}-\d{2}-\d{2}$/;
/** The furthest offsets in use are −12:00 and +14:00 (Kiribati); anything beyond is a typo. */
const MAX_OFFSET_MINUTES = 14 * 60;

/**
 * Checked values and their milliseconds (NaN: refused). Luxon takes a few microseconds per value, and a fan-out sends
 * the same few times (the incident's, the update's) in every one of its events; the cache is bounded.
 */
const verdicts = new Map<string, number>();
const MAX_VERDICTS = 10_000;

function millisOf(value: string): number {
  let millis = verdicts.get(value);
  if (millis === undefined) {
    millis = Number.NaN;
    if (INSTANT_FORMAT.test(value)) {
      const parsed = DateTime.fromISO(value, { setZone: true });
      if (parsed.isValid && Math.abs(parsed.offset) <= MAX_OFFSET_MINUTES) millis = parsed.toMillis();
    }
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
    verdicts.set(value, millis);
  }
  return millis;
}

/** The moment `value` names, if it is a date-time by the rule above; undefined otherwise (never a rolled-over date). */
export function parseInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const millis = millisOf(value);
  return Number.isNaN(millis) ? undefined : new Date(millis);
}

/** Whether `value` is a calendar date `YYYY-MM-DD` of a day that exists (2030-02-30 does not). */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && CALENDAR_DATE_FORMAT.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

/** A date-time by the rule above, in a contract (events and service-to-service answers). Stays a string. */
export const instantSchema = z.string().refine((value) => parseInstant(value) !== undefined, { message: INSTANT_REASON });

/** A calendar date `YYYY-MM-DD` that exists, in a contract. Stays a string. */
export const calendarDateSchema = z.string().refine(isCalendarDate, { message: CALENDAR_DATE_REASON });
