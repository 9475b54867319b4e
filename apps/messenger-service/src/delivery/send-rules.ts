import { SubscriberSnapshot } from '@prespond/contracts';
import { MessageEntity } from './message.entity';
import { isKeywordAnswer } from './outgoing-message';
import { quietHoursDeferral } from './quiet-hours-deferral';

/**
 * The rules a claimed message passes just before it goes, each in one place: every message, fresh from Kafka, asked
 * for by a follow-up or a keyword, or kept for her quiet hours, meets them here and nowhere else. (Her erasure is
 * looked at before the claim, so an erased customer's address and text are never written down: see DeliveryService.)
 */
export type Verdict =
  | { action: 'send' }
  /** She withdrew it (her copy), or the address opted out of the channel: recorded `failed`, code `suppressed`. */
  | { action: 'suppress'; reason: string }
  /** An older incident update overtaken by a newer one to her on the same channel: recorded `superseded`. */
  | { action: 'supersede' }
  /** Kept `deferred` until the end of her quiet hours. */
  | { action: 'defer'; dueAt: Date };

/** What the rules look at, read for a whole batch at once (one statement each). */
export interface SendFacts {
  /** The messenger's copies of the subscribers (subscriber.changed), by id. */
  copies: Map<string, SubscriberSnapshot>;
  /** `channel:address` pairs that opted out (STOP, a provider's 21610, a bounce). */
  suppressed: Set<string>;
  /** Ids of incident updates a newer update of the same incident to the same subscriber on that channel overtook. */
  overtaken: Set<string>;
  now: Date;
}

/** A claimed message as the rules see it. */
export interface Candidate {
  row: Pick<MessageEntity, 'id' | 'channel' | 'address' | 'subscriberId' | 'template' | 'kind' | 'urgency' | 'timeZone' | 'attemptedAt' | 'createdAt'>;
  /** When the planner decided it (the request's occurredAt); unknown: the claim's time. */
  plannedAt?: Date;
}

/** Whether a message is an answer she is waiting for (see OutgoingMessage.reply). */
const isReply = (row: Candidate['row']) => row.urgency === 'reply';

/** Which subscribers' copies the rules need (replies aside: she just asked). */
export function copiesNeeded(candidates: Candidate[]): string[] {
  return [...new Set(candidates.filter((c) => !isReply(c.row) && c.row.subscriberId).map((c) => c.row.subscriberId!))];
}

/** Which addresses' suppressions the rules need: all but the answers to her keywords (see verdictOn). */
export function suppressionsNeeded(candidates: Candidate[]): { channel: MessageEntity['channel']; address: string }[] {
  return candidates.filter((c) => !(isReply(c.row) && isKeywordAnswer(c.row.template))).map((c) => ({ channel: c.row.channel, address: c.row.address }));
}

/** Which messages could be overtaken: incident updates (follow-ups and replies carry no update). */
export function overtakableAmong(candidates: Candidate[]): string[] {
  return candidates.filter((c) => c.row.template.startsWith('incident.') && !isReply(c.row)).map((c) => c.row.id);
}

/**
 * What to do with one claimed message, in this order:
 * 1. an incident update that a newer one of the same incident already overtook (it came back from a retry, or
 *    waited out her quiet hours behind a newer one): superseded, so she never reads "investigating" after "resolved";
 * 2. what she withdrew since it was planned (see withdrawnBySubscriber): suppressed;
 * 3. an address that opted out of the channel: suppressed. Only the answers to her keywords reach it: carriers
 *    require the one confirmation of a STOP (and the HELP answer);
 * 4. her quiet hours, unless a call to the provider was already made for it (a message the provider may already
 *    have is finished, not held back): deferred;
 * 5. otherwise: send.
 */
export function verdictOn(candidate: Candidate, facts: SendFacts): Verdict {
  const { row } = candidate;
  if (facts.overtaken.has(row.id)) return { action: 'supersede' };
  const copy = row.subscriberId && !isReply(row) ? facts.copies.get(row.subscriberId) : undefined;
  const withdrawn = withdrawnBySubscriber(copy, row, candidate.plannedAt ?? row.createdAt);
  if (withdrawn) return { action: 'suppress', reason: withdrawn };
  if (facts.suppressed.has(`${row.channel}:${row.address}`) && !(isReply(row) && isKeywordAnswer(row.template))) {
    return { action: 'suppress', reason: `${row.address} opted out of ${row.channel}` };
  }
  if (!row.attemptedAt) {
    const dueAt = quietHoursDeferral({ urgency: row.urgency ?? 'non-urgent', timeZone: row.timeZone }, copy, facts.now);
    if (dueAt) return { action: 'defer', dueAt };
  }
  return { action: 'send' };
}

/**
 * Why she no longer wants this message, by the messenger's copy of her (subscriber.changed), or null. The planner
 * checked her consent when it queued the message; this catches a change made while it waited (she unsubscribed from
 * the page or by one-click while a campaign batch was queued): marketing without her marketing consent, anything on
 * a channel she opted out of. A copy without these fields (older events) suppresses nothing: the planner's word holds.
 * So does a copy no newer than the planner's decision (`plannedAt`): the copy travels on another topic and can lag
 * behind it (she texted START, subscriber-service planned the next update for her by text, and her opted-in copy is
 * still on its way): an older copy must not take back what the planner knew better.
 */
export function withdrawnBySubscriber(copy: SubscriberSnapshot | undefined, message: Pick<MessageEntity, 'kind' | 'channel'>, plannedAt?: Date | null): string | null {
  if (!copy) return null;
  if (plannedAt && Date.parse(copy.updatedAt) <= plannedAt.getTime()) return null;
  if (copy.optedOutChannels?.includes(message.channel)) return `she opted out of ${message.channel}`;
  if (message.kind === 'marketing' && copy.marketingConsent === false) return 'she withdrew her marketing consent';
  return null;
}
