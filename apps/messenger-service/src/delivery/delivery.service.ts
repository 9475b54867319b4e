import { Inject, Injectable, Logger } from '@nestjs/common';
import { Channel } from '@prespond/contracts';
import { RetryLater } from '@prespond/kafka';
import { Clock } from '@prespond/platform';
import { MESSENGER_CONFIG, MessengerServiceConfig } from '../config/env';
import { CircuitBreaker } from '../providers/circuit-breaker';
import { CHANNEL_PROVIDERS, ChannelProvider, OPTED_OUT_CODES, OutboundMessage, SendCancelled, SendResult } from '../providers/channel-provider';
import { TemplateRenderer } from '../rendering/template-renderer';
import { SubscriberViewRepository } from '../subscribers/subscriber-view.repository';
import { ClaimLeases } from './claim-leases';
import { EarlierAttempts } from './earlier-attempts';
import { GroupCommit } from './group-commit';
import { MessageEntity } from './message.entity';
import { MessagesRepository } from './messages.repository';
import { claimRow, DeliveryOutcome, footerOf, MessageToSend, outboundOf, urgencyOf } from './outgoing-message';
import { copiesNeeded, overtakableAmong, SendFacts, suppressionsNeeded, verdictOn } from './send-rules';
import { Slots } from './slots';
import { SmsOptOutsService } from './sms-opt-outs.service';
import { SuppressionsRepository } from './suppressions.repository';

/** Provider calls in flight at once in one messenger, all batches together (the providers pace to their limits). */
export const SEND_CONCURRENCY = 64;

/** What became of one message of a batch: an outcome, or the error that makes trying it again later right. */
export type DeliveryResult = DeliveryOutcome | Error;

/** Options of a batch. */
export interface SendOptions {
  /** Aborted: provider calls not yet started are not made, and their claims are let go (the partition was taken away). */
  signal?: AbortSignal;
}

/** Another messenger holds a live claim on the message: it is tried again once that one is done with it or gone. */
export class HeldElsewhere extends RetryLater {
  constructor(id: string) {
    super(`message ${id} is being sent by another messenger`);
  }
}

/** A message waiting behind an earlier one to the same address in the same batch (so it cannot overtake it). */
export class BehindEarlierMessage extends Error {
  constructor() {
    super('after an earlier message to the same address');
  }
}

/** A claimed (or deferred) message on its way to the provider. */
interface OnItsWay {
  index: number;
  row: MessageEntity;
  outbound: OutboundMessage;
  plannedAt?: Date;
  /** Claimed through ClaimLeases (Kafka, follow-ups, keywords); false for a deferred row the deferred round holds. */
  leased: boolean;
}

/**
 * The send path: every message the messenger sends goes through `sendAll` (one message is a batch of one; a deferred
 * message whose time has come goes through `sendDue`), with one effect however often it is asked for or however it
 * crashes:
 *
 * 1. her erasure: a message for someone erased at her request is not sent, and nothing of it is written down;
 * 2. render and finish (her signed links and footer, list headers), and claim the message id for this messenger
 *    (ClaimLeases): a message done already is SKIPPED; one another messenger is sending is tried again later;
 * 3. an earlier attempt that may have reached the provider is recovered instead of sent again (EarlierAttempts);
 * 4. the rules (send-rules.ts): overtaken by a newer update (SUPERSEDED), withdrawn or opted out (SUPPRESSED), her
 *    quiet hours (DEFERRED: kept with exactly what was to be sent, for the deferred round);
 * 5. the attempt recorded (committed), the provider called (while the claim is held and the partition ours), and
 *    what it said recorded: accepted (SENT, many per statement within milliseconds: GroupCommit) or refused for good
 *    (FAILED; an opted-out recipient, 21610, is suppressed on that channel until she texts START).
 *
 * A transient failure is the message's result as an Error (the consumer tries it again; `send` throws it).
 * Listeners (follow-ups) hear of a delivered resolution from the Kafka adapter, not from here.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);
  private readonly providers: Map<Channel, ChannelProvider>;
  /** One per channel: a provider that keeps failing is not waited on (see CircuitBreaker). */
  private readonly breakers = new Map<Channel, CircuitBreaker>();
  private readonly providerCalls = new Slots(SEND_CONCURRENCY);
  private readonly leases: ClaimLeases;
  private readonly earlier = new EarlierAttempts();
  /**
   * The providers' acceptances, written many per statement within milliseconds of the answer: a crash leaves
   * unrecorded only the answers of those milliseconds (emails among them are sent again; texts are looked up).
   */
  private readonly acceptances = new GroupCommit<{ id: string; providerId: string; status: MessageEntity['status'] }>((accepted) => this.messages.markAcceptedMany(accepted));

  constructor(
    private readonly messages: MessagesRepository,
    private readonly suppressions: SuppressionsRepository,
    private readonly smsOptOuts: SmsOptOutsService,
    private readonly renderer: TemplateRenderer,
    private readonly subscribers: SubscriberViewRepository,
    private readonly clock: Clock,
    @Inject(CHANNEL_PROVIDERS) providers: ChannelProvider[],
    @Inject(MESSENGER_CONFIG) config: MessengerServiceConfig,
  ) {
    this.providers = new Map(providers.map((p) => [p.channel, p]));
    this.leases = new ClaimLeases(messages, config.delivery.leaseMs);
    // An SMTP 4xx is about one mailbox (full, greylisted): retried, but not a sign the server is down. Nor is a call
    // this messenger called off itself.
    const isOutage = (error: unknown) => {
      if (error instanceof SendCancelled) return false;
      const code = Number((error as { responseCode?: unknown })?.responseCode);
      return !(code >= 400 && code < 500);
    };
    for (const p of providers) this.breakers.set(p.channel, new CircuitBreaker(`${p.channel} provider`, config.delivery.circuitFailures, 2_000, Date.now, isOutage));
  }

  /** One message, once per id (a batch of one): its outcome, or the transient failure thrown. */
  async send(item: MessageToSend): Promise<DeliveryOutcome> {
    const [result] = await this.sendAll([item]);
    if (result instanceof Error) throw result;
    return result;
  }

  /**
   * Many messages at once, with a few statements per step for them all. Two messages to one address in one batch:
   * the second waits (BehindEarlierMessage) so that it cannot overtake the first.
   */
  async sendAll(items: MessageToSend[], options: SendOptions = {}): Promise<DeliveryResult[]> {
    const results: DeliveryResult[] = items.map(() => new BehindEarlierMessage());
    const erased = await this.messages.erasedAmong([...new Set(items.map((i) => i.message.subscriberId).filter((id): id is string => id !== null))]);
    const now = this.clock.now();
    const addresses = new Set<string>();
    const asked: { index: number; row: MessageEntity; finished: ReturnType<TemplateRenderer['finish']>; plannedAt?: Date }[] = [];
    items.forEach(({ message, rendered }, index) => {
      if (message.subscriberId && erased.has(message.subscriberId)) return void (results[index] = 'SKIPPED');
      const address = `${message.channel}:${message.address}`;
      if (addresses.has(address)) return;
      addresses.add(address);
      const finished = this.renderer.finish(rendered, footerOf(message), now);
      asked.push({ index, finished, plannedAt: message.plannedAt, row: claimRow(message, urgencyOf(message), finished.subject ?? null, finished.text, new Date()) });
    });

    const since = ClaimLeases.now();
    const claims = await this.messages.claimMany(asked.map((a) => a.row), this.leases.owner, this.leases.leaseMs);
    this.leases.hold(claims.held.keys(), since);
    try {
      const onItsWay: OnItsWay[] = [];
      for (const { index, row, finished, plannedAt } of asked) {
        const held = claims.held.get(row.id);
        if (!held) {
          results[index] = claims.heldElsewhere.has(row.id) ? new HeldElsewhere(row.id) : 'SKIPPED';
          continue;
        }
        // A message taken over keeps the text its first attempt recorded (its links expire from then), so Twilio can be asked for it.
        Object.assign(row, { body: held.body, attemptedAt: held.attemptedAt });
        onItsWay.push({ index, row, outbound: outboundOf(row, finished), plannedAt, leased: true });
      }
      await this.dispatch(onItsWay, results, options.signal);
    } finally {
      this.leases.forget(claims.held.keys());
    }
    return results;
  }

  /**
   * Deferred messages whose time has come (the deferred round, which holds them): sent exactly as they were kept,
   * through steps 3 to 5, with her quiet hours as they are now. Anything but a deferred row is done already: SKIPPED.
   */
  async sendDue(rows: MessageEntity[]): Promise<DeliveryResult[]> {
    const results: DeliveryResult[] = rows.map(() => 'SKIPPED');
    const erased = await this.messages.erasedAmong([...new Set(rows.map((r) => r.subscriberId).filter((id): id is string => id !== null))]);
    const onItsWay: OnItsWay[] = [];
    for (const [index, row] of rows.entries()) {
      if (row.status !== 'deferred' || !row.outbound) continue;
      // Erased while it waited (her erasure also marks such rows failed; this covers a round already holding the row).
      if (row.subscriberId && erased.has(row.subscriberId)) await this.messages.markFailed(row.id, 'erased', 'erased at her request before it was sent');
      else onItsWay.push({ index, row, outbound: row.outbound, leased: false });
    }
    await this.dispatch(onItsWay, results);
    return results;
  }

  /** Steps 3 to 5 of the class comment for claimed (or deferred) messages; writes each one's result. */
  private async dispatch(messages: OnItsWay[], results: DeliveryResult[], signal?: AbortSignal): Promise<void> {
    const fresh = (await Promise.all(messages.map(async (m) => ((await this.recovered(m, results)) ? undefined : m)))).filter((m): m is OnItsWay => !!m);
    const candidates = fresh.map((m) => ({ row: m.row, plannedAt: m.plannedAt }));
    const [copies, suppressed, overtaken] = await Promise.all([
      this.subscribers.findByIds(copiesNeeded(candidates)),
      this.suppressions.suppressedAmong(suppressionsNeeded(candidates)),
      this.messages.overtakenAmong(overtakableAmong(candidates)),
    ]);
    const facts: SendFacts = { copies, suppressed, overtaken, now: this.clock.now() };

    const toSend: OnItsWay[] = [];
    const superseded: OnItsWay[] = [];
    await Promise.all(
      fresh.map(async (m) => {
        const verdict = verdictOn({ row: m.row, plannedAt: m.plannedAt }, facts);
        try {
          if (verdict.action === 'supersede') superseded.push(m);
          else if (verdict.action === 'suppress') {
            await this.messages.markFailed(m.row.id, 'suppressed', verdict.reason);
            results[m.index] = 'SUPPRESSED';
          } else if (verdict.action === 'defer') {
            await this.messages.defer(m.row.id, verdict.dueAt, m.outbound);
            this.logger.debug(`${m.row.channel} ${m.row.id} waits for the end of her quiet hours (${verdict.dueAt.toISOString()})`);
            results[m.index] = 'DEFERRED';
          } else {
            // Fail fast, before recording an attempt: a provider whose circuit is open is not called.
            const breaker = this.breakers.get(m.row.channel);
            if (!breaker || !this.providers.has(m.row.channel)) throw new Error(`no provider for channel ${m.row.channel}`);
            breaker.assertClosed();
            toSend.push(m);
          }
        } catch (error) {
          results[m.index] = error as Error;
        }
      }),
    );
    if (superseded.length > 0) {
      await this.messages.markSuperseded(superseded.map((m) => m.row.id), facts.now);
      for (const m of superseded) results[m.index] = 'SUPERSEDED';
    }
    if (toSend.length === 0) return;

    await this.messages.recordAttempts(toSend.map((m) => m.row.id));
    const cancelled: { id: string; previousAttemptAt: Date | null }[] = [];
    const records: Promise<void>[] = [];
    await Promise.all(
      toSend.map((m) =>
        this.providerCalls.run(async () => {
          const { row, outbound } = m;
          const guard = () => {
            if (signal?.aborted) throw new SendCancelled('the partition was taken away');
            if (m.leased && !this.leases.holds(row.id)) throw new SendCancelled('the claim ran short');
          };
          let result: SendResult;
          try {
            guard(); // before waiting for a slot of the provider's rate, too
            result = await this.breakers.get(row.channel)!.run(() => this.providers.get(row.channel)!.send(outbound, { guard, signal }));
          } catch (error) {
            if (error instanceof SendCancelled) cancelled.push({ id: row.id, previousAttemptAt: row.attemptedAt });
            results[m.index] = error as Error; // tried again later: the recorded attempt makes it ask Twilio first
            return;
          }
          // The slot is free once the provider answered; the record follows within a few milliseconds (GroupCommit).
          this.earlier.remember(row.id, result);
          const record =
            result.outcome === 'accepted'
              ? this.acceptances.add({ id: row.id, providerId: result.providerId, status: result.status as MessageEntity['status'] })
              : this.recordRefusal(row, result);
          records.push(
            record.then(
              () => {
                this.earlier.forget(row.id);
                results[m.index] = result.outcome === 'accepted' ? 'SENT' : 'FAILED';
              },
              (error) => void (results[m.index] = error as Error), // EarlierAttempts records it when it is tried again
            ),
          );
        }),
      ),
    );
    await Promise.all(records);
    if (cancelled.length > 0) {
      await this.messages.releaseClaims(this.leases.owner, cancelled).catch((error) => this.logger.warn(`claims not let go (they run out by themselves): ${error.message}`));
      this.logger.log(`${cancelled.length} message(s) called off before the provider call (${signal?.aborted ? 'the partition was taken away' : 'the claim ran short'}); let go for another messenger`);
    }
  }

  /** Step 3: true (and the result written) if an earlier attempt is known to have reached the provider, now recorded. */
  private async recovered(m: OnItsWay, results: DeliveryResult[]): Promise<boolean> {
    try {
      const provider = this.providers.get(m.row.channel);
      const found = await this.earlier.find(m.row, m.outbound, provider, this.breakers.get(m.row.channel));
      if (!found) return false;
      if (found.outcome === 'failed') await this.messages.markFailed(m.row.id, found.errorCode, found.errorMessage);
      else await this.messages.markAcceptedMany([{ id: m.row.id, providerId: found.providerId, status: found.status as MessageEntity['status'] }]);
      this.earlier.forget(m.row.id);
      results[m.index] = 'RECOVERED';
    } catch (error) {
      results[m.index] = error as Error;
    }
    return true;
  }

  /** A permanent refusal: recorded, logged, and an opt-out at the provider kept. */
  private async recordRefusal(row: MessageEntity, refusal: Extract<SendResult, { outcome: 'failed' }>): Promise<void> {
    await this.messages.markFailed(row.id, refusal.errorCode, refusal.errorMessage);
    this.logger.warn(`${row.channel} to subscriber ${row.subscriberId ?? '(none: a reply to a number)'} refused: ${refusal.errorCode} ${refusal.errorMessage}`);
    if (OPTED_OUT_CODES.has(refusal.errorCode)) await this.optedOutAtProvider(row, refusal);
  }

  /** The provider says she opted out there: never again on that channel (and subscriber-service hears of an SMS one). */
  private async optedOutAtProvider(message: Pick<MessageEntity, 'id' | 'channel' | 'address'>, refusal: { errorCode: string; errorMessage: string }): Promise<void> {
    if (message.channel !== 'sms') {
      await this.suppressions.suppress(message.channel, message.address, refusal.errorMessage, `provider:${refusal.errorCode}`);
      return;
    }
    await this.smsOptOuts.optedOutAtProvider(message.address, { messageId: message.id, code: refusal.errorCode, message: refusal.errorMessage }, new Date());
  }
}
