import { Injectable } from '@nestjs/common';
import { SubscriberViewRepository } from '../subscribers/subscriber-view.repository';
import { DEFAULT_QUIET_HOURS_SETTINGS, deferUntil, Urgency } from './quiet-hours-policy';

/** One message as quiet hours see it: whose, how urgent, and her zone as its request gave it. */
export interface QuietHoursQuestion {
  /** Null only for a reply to a number that is nobody's (replies never wait). */
  subscriberId: string | null;
  urgency: Urgency;
  /** Used until the messenger has a copy of her (then her copy's zone, the one she has now, counts). */
  timeZone: string | null;
}

/**
 * Whether a message must wait for the end of her quiet hours, with her settings as the messenger's copy of her has
 * them now (so a change she made overnight counts in the morning). A subscriber the messenger has no copy of yet
 * gets the defaults (21:00–08:00, incident updates at once) in the zone her request carried.
 */
@Injectable()
export class QuietHoursService {
  constructor(private readonly subscribers: SubscriberViewRepository) {}

  /** The end of her quiet hours if the message must wait for it; null if it may go now. */
  async deferUntil(question: QuietHoursQuestion, now: Date): Promise<Date | null> {
    if (question.urgency === 'reply') return null; // no need to ask the database
    const copy = question.subscriberId ? await this.subscribers.quietHoursOf(question.subscriberId) : undefined;
    const timeZone = copy?.timeZone ?? question.timeZone ?? 'UTC';
    return deferUntil(now, timeZone, question.urgency, copy?.settings ?? DEFAULT_QUIET_HOURS_SETTINGS);
  }
}
