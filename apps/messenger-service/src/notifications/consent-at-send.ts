import { SubscriberSnapshot } from '@prespond/contracts';
import type { OutgoingMessage } from './delivery.service';

/**
 * Why she no longer wants this message, by the messenger's copy of her (subscriber.changed), or null. The planner
 * checked her consent when it queued the message; this catches a change made while it waited (she unsubscribed from
 * the page or by one-click while a campaign batch was queued): marketing without her marketing consent, anything on
 * a channel she opted out of. A copy without these fields (older events) suppresses nothing: the planner's word holds.
 */
export function withdrawnBySubscriber(copy: SubscriberSnapshot | undefined, message: Pick<OutgoingMessage, 'kind' | 'channel'>): string | null {
  if (!copy) return null;
  if (copy.optedOutChannels?.includes(message.channel)) return `she opted out of ${message.channel}`;
  if (message.kind === 'marketing' && copy.marketingConsent === false) return 'she withdrew her marketing consent';
  return null;
}
