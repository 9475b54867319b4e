/** "HH:MM" (00:00–23:59, or 24:00 as an end). */
export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Minutes since midnight of an "HH:MM". */
export function minuteOfDay(clockTime: string): number {
  if (!CLOCK_TIME.test(clockTime)) throw new Error(`not a clock time: ${clockTime}`);
  const [h, m] = clockTime.split(':').map(Number);
  return h * 60 + m;
}

/** Her local minute of the day at `now` in `timeZone`. */
export function localMinuteOfDay(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return part('hour') * 60 + part('minute');
}

/** Whether a local minute is in [start, end); an end before the start spans midnight (22:00–06:00). */
export function inWindow(minute: number, start: string, end: string): boolean {
  const from = minuteOfDay(start);
  const to = minuteOfDay(end);
  if (from === to) return true;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/**
 * SQL condition "it is inside [start, end) in subscriber `alias`'s own zone at `:now`", the same arithmetic as
 * inWindow, so the runner leaves out those outside their window without loading them (they come later in it).
 */
export function inWindowSql(alias: string, start: string, end: string): string {
  const from = minuteOfDay(start);
  const to = minuteOfDay(end);
  if (from === to) return 'TRUE';
  const local = `(EXTRACT(HOUR FROM (CAST(:now AS timestamptz) AT TIME ZONE ${alias}.time_zone)) * 60 + EXTRACT(MINUTE FROM (CAST(:now AS timestamptz) AT TIME ZONE ${alias}.time_zone)))`;
  return from < to ? `(${local} >= ${from} AND ${local} < ${to})` : `(${local} >= ${from} OR ${local} < ${to})`;
}
