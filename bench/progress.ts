import { Admin } from 'kafkajs';
import { CapturedEmail, SmtpInbox } from '@prespond/sandbox';
import { epochMs } from './measure';
import { Accepted } from './request-times';

/** Give up (with a partial report) when neither planning nor delivery has moved for this long. */
export const STALL_MS = 60_000;
const POLL_MS = 100;

/** Sum of the end offsets of every partition of `topic`: how many messages it has ever had. */
export async function endOffsets(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
}

export interface Observed {
  planned: number;
  sms: number;
  email: number;
}

export interface Timeline {
  /** Epoch ms when the incident was posted (just before the request left). */
  declaredAt: number;
  /** When the topic first held a request (planning's first one produced). */
  firstPlannedAt?: number;
  /** When the topic first held every expected request. */
  plannedAt?: number;
  /** When the sandbox and the inbox together first held every expected message. */
  deliveredAt?: number;
  /** The last time a count moved: the end of a partial run. */
  lastProgressAt: number;
  stalled: boolean;
  observed: Observed;
}

/**
 * Polls the request count on Kafka and the messages the sandbox and the inbox accepted until all `expected` are
 * delivered (or, `until: 'planned'`, requested), or nothing has moved for STALL_MS. Times are as seen by the poll (POLL_MS resolution).
 */
export async function watchRun(
  declaredAt: number,
  expected: number,
  planned: () => Promise<number>,
  delivered: () => Promise<{ sms: number; email: number }> | { sms: number; email: number },
  onProgress: (observed: Observed) => void,
  options: { until: 'delivered' | 'planned' } = { until: 'delivered' },
): Promise<Timeline> {
  const timeline: Timeline = { declaredAt, lastProgressAt: declaredAt, stalled: false, observed: { planned: 0, sms: 0, email: 0 } };
  let lastReport = 0;
  for (;;) {
    const now = Date.now();
    const observed = { planned: timeline.plannedAt ? timeline.observed.planned : await planned(), ...(await delivered()) };
    const before = timeline.observed;
    if (observed.planned !== before.planned || observed.sms !== before.sms || observed.email !== before.email) timeline.lastProgressAt = now;
    timeline.observed = observed;
    if (!timeline.firstPlannedAt && observed.planned > 0) timeline.firstPlannedAt = now;
    if (!timeline.plannedAt && observed.planned >= expected) timeline.plannedAt = now;
    if (options.until === 'planned' && timeline.plannedAt) return timeline;
    if (observed.sms + observed.email >= expected) {
      timeline.deliveredAt = now;
      return timeline;
    }
    if (now - timeline.lastProgressAt > STALL_MS) {
      timeline.stalled = true;
      return timeline;
    }
    if (now - lastReport >= 5_000) {
      onProgress(observed);
      lastReport = now;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * Takes the inbox's emails as they arrive and keeps only when each was accepted (and the first, as a sample): a
 * million parsed emails would not fit in the bench process's heap. Nothing reads the inbox back (the messenger
 * does read the Twilio sandbox back, so its messages stay).
 */
export class InboxDrain {
  readonly accepted: Accepted[] = [];
  first?: CapturedEmail;

  constructor(private readonly smtp: SmtpInbox) {}

  /** Drains what arrived since the last call; returns how many emails were accepted in all. */
  drain(): number {
    const taken = this.smtp.messages.splice(0);
    this.first ??= taken[0];
    for (const email of taken) this.accepted.push({ channel: 'email', address: email.to[0] ?? '', at: epochMs(email.receivedAt)! });
    return this.accepted.length;
  }
}
