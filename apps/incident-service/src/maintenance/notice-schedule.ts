const MINUTE = 60_000;

/**
 * The notice ahead of a window that is due now, as its offset in minutes, or null. Due: the shortest configured
 * offset whose time (start − offset) has come and which customers have not been told of. One told notice covers every
 * longer offset (a window scheduled two hours ahead gets one notice now, not a "72 hours" and a "1 hour" at once),
 * and nothing is due once the window has begun (its start message says it all).
 */
export function dueNoticeOffset(offsetsMinutes: number[], startsAt: Date, notifiedOffsetMinutes: number | null, now: Date): number | null {
  if (now.getTime() >= startsAt.getTime()) return null;
  const due = offsetsMinutes.filter(
    (offset) => startsAt.getTime() - offset * MINUTE <= now.getTime() && (notifiedOffsetMinutes === null || offset < notifiedOffsetMinutes),
  );
  return due.length > 0 ? Math.min(...due) : null;
}

/**
 * Moved or extended: the change notice tells customers the new times now, so the offsets already passed for the new
 * start count as told; the shorter ones are sent when their time comes. Null when none has passed.
 */
export function offsetCoveredByChange(offsetsMinutes: number[], startsAt: Date, now: Date): number | null {
  const passed = offsetsMinutes.filter((offset) => startsAt.getTime() - offset * MINUTE <= now.getTime());
  return passed.length > 0 ? Math.min(...passed) : null;
}
