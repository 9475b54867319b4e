import { MessageStatus, STATUS_RANK } from '../delivery/message.entity';

/** The shortest wait between two looks at one text, whatever the reconciliation delay (0 in some tests). */
const MIN_WAIT_MS = 1_000;
/** The longest: a text Twilio has had as `sent` for hours is asked about a few times a day until the give-up age. */
const MAX_WAIT_MS = 6 * 3_600_000;

/** The settings the schedule follows (see StatusReconciliationSettings). */
export interface CheckSchedule {
  afterMs: number;
  giveUpAfterMs: number;
}

/**
 * When to look again at a text Twilio still has as not final, after its `checks`-th look (1 after the first):
 * the reconciliation delay doubled per look so far (10, 20, 40 minutes… by default), at most six hours apart; null
 * when that would be past the give-up age: never again. Why give up at all: a carrier that sends no delivery receipt
 * leaves the text `sent` at Twilio for good, and asking every few hours for ever would cost calls (shared with sending)
 * and leave it in the reconciliation index for ever, for an answer that will not change.
 */
export function nextCheckAt(sentAt: Date, checks: number, now: Date, schedule: CheckSchedule): Date | null {
  const wait = Math.min(Math.max(schedule.afterMs, MIN_WAIT_MS) * 2 ** Math.max(0, checks - 1), MAX_WAIT_MS);
  const at = now.getTime() + wait;
  return at >= sentAt.getTime() + schedule.giveUpAfterMs ? null : new Date(at);
}

/** Whether a status of Twilio's is one the message log tracks. */
export function isTracked(status: string): status is MessageStatus {
  return Object.prototype.hasOwnProperty.call(STATUS_RANK, status);
}

/**
 * Whether Twilio is done with a text: delivered, undelivered, failed (or read). Anything else, including the statuses
 * the log does not track (accepted, scheduled…), is looked at again.
 */
export function isFinal(status: string): boolean {
  return isTracked(status) && STATUS_RANK[status] >= STATUS_RANK.delivered;
}
