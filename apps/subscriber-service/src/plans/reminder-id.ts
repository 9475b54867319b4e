import { v5 as uuidv5 } from 'uuid';
import { Channel } from '@prespond/contracts';

/** Fixed namespace for renewal reminder ids. Changing it would make a re-queued reminder look new to the messenger. */
const RENEWAL_REMINDER_NAMESPACE = 'b4a0f3f6-2d1e-4c7a-8e55-0a9c6d3e71f2';

/**
 * The message id of the reminder for (plan, renewal date, offset) on one channel: the same reminder queued twice
 * has the same id, so the messenger sends it once; a new renewal date gives new reminders.
 */
export function renewalReminderId(planId: string, renewalDate: string, offsetDays: number, channel: Channel): string {
  return uuidv5(`renewal:${planId}:${renewalDate}:${offsetDays}:${channel}`, RENEWAL_REMINDER_NAMESPACE);
}
