import { IANAZone, Zone } from 'luxon';
import { LOCAL_TIME_PATTERN, QuietHours } from '@prespond/contracts';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Whether it is her quiet time now, and if so the first moment it is not. */
export type QuietVerdict = { quiet: false } | { quiet: true; until: Date };

const NOT_QUIET: QuietVerdict = { quiet: false };

/**
 * Is `now` inside her quiet hours, read on her wall clock in `timeZone`, and when do they end?
 *
 * - The span is `[start, end)` of her local day; `start > end` crosses midnight (21:00–08:00), `start < end` lies
 *   within a day (13:00–14:00).
 * - No quiet hours when either bound is null, and when `start == end`: an empty span, not a whole day (a whole day
 *   of quiet would hold non-urgent messages for ever, which nobody can mean by it).
 * - `until` is the next occurrence of `end` on her wall clock. On a spring-forward day an end that does not exist
 *   (02:30 when clocks jump from 02:00 to 03:00) ends at the first moment after the gap (03:00); on a fall-back day an
 *   end that occurs twice ends at its first occurrence.
 * - Offsets are whatever her zone says (+05:30, +05:45 work like any other). An unknown zone is read as UTC: she
 *   still gets quiet hours, an hour or so off, rather than a message refused for ever.
 */
export function quietHoursAt(now: Date, timeZone: string, hours: QuietHours): QuietVerdict {
  if (hours.start === null || hours.end === null) return NOT_QUIET;
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  if (start === end) return NOT_QUIET;
  const zone = zoneOf(timeZone);
  const instant = now.getTime();
  const local = wallClock(zone, instant);
  const localMidnight = Math.floor(local / DAY) * DAY;
  const minuteOfDay = (local - localMidnight) / MINUTE;
  const quiet = start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
  if (!quiet) return NOT_QUIET;
  // Before the end on her clock: it ends today; otherwise (after a start late in the day) tomorrow.
  const endDay = minuteOfDay < end ? localMidnight : localMidnight + DAY;
  return { quiet: true, until: new Date(firstMomentReading(zone, endDay + end * MINUTE, instant)) };
}

/** Minutes since midnight of a local `HH:MM`; anything else is a programming error upstream (the copy is validated). */
function minutesOf(hhmm: string): number {
  if (!LOCAL_TIME_PATTERN.test(hhmm)) throw new RangeError(`not a local time HH:MM: ${JSON.stringify(hhmm)}`);
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

function zoneOf(timeZone: string): Zone {
  const zone = IANAZone.create(timeZone);
  return zone.isValid ? zone : IANAZone.create('UTC');
}

/** Her wall-clock reading at `instant`, as milliseconds of a UTC calendar (so days and minutes are plain arithmetic). */
function wallClock(zone: Zone, instant: number): number {
  return instant + zone.offset(instant) * MINUTE;
}

/**
 * The first instant after `notBefore` at which her wall clock reads `wall` — or, if it never does (a
 * spring-forward gap), the first instant it reads later than that. The instants that could read `wall` are `wall`
 * minus each offset her zone has around then; one whose own offset agrees is a real reading.
 */
function firstMomentReading(zone: Zone, wall: number, notBefore: number): number {
  const offsets = [...new Set([wall - DAY, wall, wall + DAY].map((t) => zone.offset(t)))];
  const candidates = offsets.map((o) => wall - o * MINUTE);
  const readings = candidates.filter((t) => t > notBefore && wallClock(zone, t) === wall);
  if (readings.length > 0) return Math.min(...readings);
  // In a gap: the clock reads before `wall` at the earliest candidate and after it at the latest; the jump between
  // them is the first moment after the gap. Between the two there is one transition, so the reading only rises.
  let before = Math.min(...candidates);
  let after = Math.max(...candidates);
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (wallClock(zone, mid) >= wall) after = mid;
    else before = mid;
  }
  return after;
}
