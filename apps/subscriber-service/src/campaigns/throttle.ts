const MINUTE = 60_000;

/** The start of the clock minute `now` is in: the throttle counts per minute of clock time. */
export function minuteStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / MINUTE) * MINUTE);
}

/** How many recipients the next batch may take: what is left of this minute's allowance, at most one batch. */
export function batchAllowance(perMinute: number, plannedThisMinute: number, batchSize: number): number {
  return Math.max(0, Math.min(batchSize, perMinute - plannedThisMinute));
}
