import { SubscriberSnapshot } from '@prespond/contracts';
import { quietHoursFromSnapshot } from '../subscribers/quiet-hours-copy';
import { DEFAULT_QUIET_HOURS_SETTINGS, deferUntil, Urgency } from '../quiet-hours/quiet-hours-policy';

/** One message as quiet hours see it: how urgent, and her zone as its request gave it. */
export interface QuietHoursQuestion {
  urgency: Urgency;
  /** Used until the messenger has a copy of her (then her copy's zone, the one she has now, counts). */
  timeZone: string | null;
}

/**
 * The end of her quiet hours if the message must wait for it; null if it may go now. `copy` is the messenger's copy
 * of her as the send path read it (so a change she made overnight counts in the morning); without one, the
 * defaults (21:00–08:00, incident updates at once) in the zone her request carried.
 */
export function quietHoursDeferral(question: QuietHoursQuestion, copy: SubscriberSnapshot | undefined, now: Date): Date | null {
  if (question.urgency === 'reply') return null;
  const timeZone = copy?.timeZone ?? question.timeZone ?? 'UTC';
  const settings = copy ? quietHoursFromSnapshot(copy).settings : DEFAULT_QUIET_HOURS_SETTINGS;
  return deferUntil(now, timeZone, question.urgency, settings);
}
