import { Inject, Injectable, Logger } from '@nestjs/common';
import { Channel, MessageKind, MessageRequestedEvent, NotificationRequestedEvent, Severity } from '@prespond/contracts';
import { Clock } from '@prespond/platform';
import { CircuitBreaker } from '../providers/circuit-breaker';
import { CHANNEL_PROVIDERS, ChannelProvider, OPTED_OUT_CODES, OutboundMessage, SendResult } from '../providers/channel-provider';
import { Urgency } from '../quiet-hours/quiet-hours-policy';
import { quietHoursDeferral, QuietHoursQuestion } from '../quiet-hours/quiet-hours-deferral';
import { FinishedMessage, RenderedMessage, TemplateRenderer } from '../rendering/template-renderer';
import { SubscriberViewRepository } from '../subscribers/subscriber-view.repository';
import { withdrawnBySubscriber } from './consent-at-send';
import { GroupCommit } from './group-commit';
import { Slots } from './slots';
import { MessageEntity } from './message.entity';
import { MessagesRepository } from './messages.repository';
import { SmsOptOutsService } from './sms-opt-outs.service';
import { SuppressionsRepository } from './suppressions.repository';

/** `DEFERRED`: kept until her quiet hours end (the row is the durable record; the deferred round sends it). */
export type DeliveryOutcome = 'SENT' | 'RECOVERED' | 'FAILED' | 'SUPPRESSED' | 'SKIPPED' | 'DEFERRED';

/** One message to one address; `id` is deterministic, so the same message asked for twice is sent once. */
export interface OutgoingMessage {
  id: string;
  channel: Channel;
  /** Which template it was rendered from (kept in the message log). */
  template: string;
  /** Null only for an answer to a number that is nobody's in our copy of the subscribers (a keyword answer). */
  subscriberId: string | null;
  address: string;
  incidentId: string | null;
  /** The incident update it reports (for the incident report's per-update figures); none for follow-ups. */
  update?: { id: string; sequence: number; createdAt: string };
  /** Default `service`. */
  kind?: MessageKind;
  campaignId?: string | null;
  /** Her locale, for the footer (default `en`). */
  locale?: string;
  /**
   * An answer to a text she just sent (the confirmation of her STOP or START, the answer to HELP, the acknowledgement
   * of her "2"), or to something she just asked for (a fresh preference link): no SMS footer, sent even to a number
   * that has just opted out — carriers require exactly that one confirmation of a STOP — and never held back for
   * later (quiet hours), since she is waiting for it.
   */
  reply?: boolean;
  /**
   * Incident updates only: the incident's severity. They follow her quiet-hours choice (a critical one breaks them if
   * she allowed it). A message with neither this nor `reply` is non-urgent and waits for the end of her quiet hours.
   */
  severity?: Severity;
  /** Her zone as the request gave it: her quiet hours are read in it until the messenger has a copy of her. */
  timeZone?: string;
}

/** The answers to STOP, START and HELP (templates `keyword.*`): the only messages that reach a suppressed number. */
export function isKeywordAnswer(template: string): boolean {
  return template.startsWith('keyword.');
}

/** How a message stands towards her quiet hours (see Urgency). */
export function urgencyOf(message: Pick<OutgoingMessage, 'reply' | 'severity'>): Urgency {
  if (message.reply) return 'reply';
  if (message.severity) return message.severity === 'critical' ? 'critical-incident' : 'incident';
  return 'non-urgent';
}

/** How far before a recorded attempt to look for its message at the provider (clock skew, second-precision dates). */
const RECOVERY_WINDOW_MS = 60_000;

/**
 * Delivers one notification request, with one effect however often it is delivered or however it crashes:
 *
 * 1. render, finish (her signed links and footer, list headers: TemplateRenderer.finish), and claim the notification
 *    id with a `pending` row (a row past pending means done: SKIPPED); what she withdrew since it was queued (her copy
 *    from subscriber.changed: marketing consent, channel opt-outs) is SUPPRESSED, like an address the provider refused;
 * 2. if an earlier attempt reached the provider but could not be recorded (database away), record it now; if an
 *    earlier attempt was recorded before a crash, ask the provider (Twilio: list texts to that number) and, if it has
 *    the message, record it instead of sending again (RECOVERED). SMTP cannot be asked: after a crash in that window
 *    the email is sent again with the same Message-ID;
 * 3. quiet hours: a message that must wait for the end of hers (see quietHoursDeferral) is kept `deferred` with its
 *    due time and exactly what was to be sent, and the request is done (DEFERRED): the deferred round sends it later
 *    through `sendDeferred`, the same path from step 2 (suppressions and her quiet hours are looked at again then);
 * 4. record the attempt (committed), call the provider, record what it said.
 *
 * Transient provider failures are thrown (the consumer mechanism retries); permanent refusals are recorded (FAILED),
 * and an opted-out recipient (21610) is suppressed on that channel until she texts START (SmsOptOutsService).
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);
  private readonly providers: Map<Channel, ChannelProvider>;
  /** One per channel: a provider that keeps failing is not waited on (see CircuitBreaker). */
  private readonly breakers = new Map<Channel, CircuitBreaker>();
  /**
   * Sends the provider took whose record failed (the database went away just then). The retry records them instead
   * of sending again, which matters most for email: an SMTP server cannot be asked afterwards what it received.
   */
  private readonly unrecorded = new Map<string, SendResult>();
  /**
   * The providers' acceptances, written many per statement within milliseconds of the answer: a crash leaves
   * unrecorded only the answers of those milliseconds (emails among them are sent again; texts are looked up).
   */
  /** Provider calls of deliverMany in flight at once (SEND_CONCURRENCY). */
  private readonly providerCalls = new Slots(SEND_CONCURRENCY);
  private readonly acceptances = new GroupCommit<{ id: string; providerId: string; status: MessageEntity['status'] }>((accepted) => this.messages.markAcceptedMany(accepted));

  constructor(
    private readonly messages: MessagesRepository,
    private readonly suppressions: SuppressionsRepository,
    private readonly smsOptOuts: SmsOptOutsService,
    private readonly renderer: TemplateRenderer,
    private readonly subscribers: SubscriberViewRepository,
    private readonly clock: Clock,
    @Inject(CHANNEL_PROVIDERS) providers: ChannelProvider[],
  ) {
    this.providers = new Map(providers.map((p) => [p.channel, p]));
    // An SMTP 4xx is about one mailbox (full, greylisted): retried, but not a sign the server is down.
    const isOutage = (error: unknown) => {
      const code = Number((error as { responseCode?: unknown })?.responseCode);
      return !(code >= 400 && code < 500);
    };
    for (const p of providers) this.breakers.set(p.channel, new CircuitBreaker(`${p.channel} provider`, 3, 2_000, Date.now, isOutage));
  }

  async deliver(request: NotificationRequestedEvent['data']): Promise<DeliveryOutcome> {
    return this.send(notificationMessage(request), this.renderer.render(request.channel, request.recipient.locale, this.renderer.props(request)));
  }

  /**
   * `deliver` for many requests at once, with the same effects and guarantees and a few statements per step for them
   * all instead of several per request: the erasure check, the claim, her copy, the suppressions, the attempts and
   * the records are one statement each, and the provider calls run side by side (SEND_CONCURRENCY; the providers
   * hold their rate limits). Only the common case is taken here — a request claimed now — and everything else is
   * left for `deliver` one by one, which knows every other case (an earlier attempt to recover, a provider that
   * failed, a second message to the same address in the batch, which must not overtake the first). The answer has an
   * outcome per request, or undefined where it left the request to `deliver`.
   */
  async deliverMany(requests: NotificationRequestedEvent['data'][]): Promise<(DeliveryOutcome | undefined)[]> {
    const outcomes: (DeliveryOutcome | undefined)[] = requests.map(() => undefined);
    const now = this.clock.now();
    const addresses = new Set<string>();
    const erased = await this.messages.erasedAmong([...new Set(requests.map((r) => r.recipient.subscriberId))]);
    const claims: { index: number; message: OutgoingMessage; row: MessageEntity; finished: FinishedMessage; urgency: Urgency }[] = [];
    requests.forEach((request, index) => {
      const address = `${request.channel}:${request.recipient.address}`;
      if (addresses.has(address)) return; // after the first one to her, in order (see above)
      addresses.add(address);
      if (erased.has(request.recipient.subscriberId)) {
        outcomes[index] = 'SKIPPED';
        return;
      }
      const message = notificationMessage(request);
      const rendered = this.renderer.render(request.channel, request.recipient.locale, this.renderer.props(request));
      const finished = this.renderer.finish(rendered, footerOf(message), now);
      const urgency = urgencyOf(message);
      claims.push({ index, message, finished, urgency, row: claimRow(message, urgency, finished.subject ?? null, finished.text) });
    });
    const claimed = await this.messages.claimMany(claims.map((c) => c.row));
    const fresh = claims.filter((c) => claimed.has(c.row.id));
    const copies = await this.subscribers.findByIds([...new Set(fresh.map((c) => c.message.subscriberId!))]);
    const suppressed = await this.suppressions.suppressedAmong(fresh.map((c) => ({ channel: c.row.channel, address: c.row.address })));

    const toSend: typeof fresh = [];
    await Promise.all(
      fresh.map(async (claim) => {
        const { row, message } = claim;
        const copy = copies.get(row.subscriberId!);
        const withdrawn = withdrawnBySubscriber(copy, row);
        if (withdrawn || suppressed.has(`${row.channel}:${row.address}`)) {
          await this.messages.markFailed(row.id, 'suppressed', withdrawn ?? `${row.address} opted out of ${row.channel}`);
          outcomes[claim.index] = 'SUPPRESSED';
          return;
        }
        const dueAt = quietHoursDeferral({ urgency: claim.urgency, timeZone: message.timeZone ?? null }, copy, now);
        if (dueAt) {
          await this.messages.defer(row.id, dueAt, outboundOf(row, claim.finished));
          outcomes[claim.index] = 'DEFERRED';
          return;
        }
        // A provider whose circuit is open is not called: `deliver` fails such a request fast, into the retries.
        if (!this.providers.has(row.channel) || this.breakers.get(row.channel)?.isOpen) return;
        toSend.push(claim);
      }),
    );

    await this.messages.recordAttempts(toSend.map((c) => c.row.id));
    // The slot is free once the provider answered; the record follows within a few milliseconds (GroupCommit).
    const records: Promise<void>[] = [];
    const recorded = (row: MessageEntity, result: SendResult, index: number, record: Promise<void>) =>
      record.then(
        () => {
          this.unrecorded.delete(row.id);
          outcomes[index] = result.outcome === 'accepted' ? 'SENT' : 'FAILED';
        },
        () => undefined, // left to `deliver`, which records it from `unrecorded`
      );
    await Promise.all(
      toSend.map(({ row, finished, index }) =>
        this.providerCalls.run(async () => {
          let result: SendResult;
          try {
            result = await this.breakers.get(row.channel)!.run(() => this.providers.get(row.channel)!.send(outboundOf(row, finished)));
          } catch {
            return; // left to `deliver`: the recorded attempt makes it ask the provider first (Twilio) before sending again
          }
          this.unrecorded.set(row.id, result);
          const record =
            result.outcome === 'accepted'
              ? this.acceptances.add({ id: row.id, providerId: result.providerId, status: result.status as MessageEntity['status'] })
              : this.recordRefusal(row, result);
          records.push(recorded(row, result, index, record));
        }),
      ),
    );
    await Promise.all(records);
    return outcomes;
  }

  /** Delivers a `message.requested` (a renewal reminder, a welcome-back, a campaign message), once per message id. */
  async deliverMessage(request: MessageRequestedEvent['data']): Promise<DeliveryOutcome> {
    const rendered = this.renderer.renderMessage(request);
    return this.send(
      {
        id: request.messageId,
        channel: request.channel,
        template: request.template,
        subscriberId: request.recipient.subscriberId,
        address: request.recipient.address,
        incidentId: null,
        kind: request.kind,
        campaignId: request.campaignId ?? null,
        locale: request.recipient.locale,
        reply: request.reply ?? false,
        timeZone: request.recipient.timeZone,
      },
      rendered,
    );
  }

  /** Sends one rendered message, once per id (see the class comment). Also the path of follow-ups and their acknowledgements. */
  async send(message: OutgoingMessage, rendered: RenderedMessage): Promise<DeliveryOutcome> {
    // A message planned before her erasure and delivered after it: not sent, and her address and text not logged.
    if (message.subscriberId && (await this.messages.isErased(message.subscriberId))) return 'SKIPPED';
    const finished = this.renderer.finish(rendered, footerOf(message), this.clock.now());
    const urgency = urgencyOf(message);
    const row = await this.claim(message, urgency, finished.subject ?? null, finished.text);
    if (row.status !== 'pending') return 'SKIPPED';
    // A retry sends the text the first attempt recorded (its links expire from then), so Twilio can be asked for it.
    return this.dispatch(row, outboundOf(row, finished), { urgency, timeZone: message.timeZone ?? null });
  }

  /**
   * A deferred message whose time has come (the deferred round): sent exactly as it was kept, on the same path as a
   * fresh one, with her quiet hours as they are now. Anything but a deferred row is done already: SKIPPED.
   */
  async sendDeferred(row: MessageEntity): Promise<DeliveryOutcome> {
    if (row.status !== 'deferred' || !row.outbound) return 'SKIPPED';
    // Erased while it waited (her erasure also marks such rows failed; this covers a round already holding the row).
    if (row.subscriberId && (await this.messages.isErased(row.subscriberId))) {
      await this.messages.markFailed(row.id, 'erased', 'erased at her request before it was sent');
      return 'SKIPPED';
    }
    return this.dispatch(row, row.outbound, { urgency: row.urgency ?? 'non-urgent', timeZone: row.timeZone });
  }

  /** Steps 2 to 4 of the class comment, for a claimed (or deferred) row. */
  private async dispatch(row: MessageEntity, outbound: OutboundMessage, quiet: QuietHoursQuestion): Promise<DeliveryOutcome> {
    const { id, channel } = row;
    const reply = row.urgency === 'reply';
    const provider = this.providers.get(channel);
    const breaker = this.breakers.get(channel);
    if (!provider || !breaker) throw new Error(`no provider for channel ${channel}`);

    const known = this.unrecorded.get(id);
    if (known) {
      await this.record(id, known);
      this.unrecorded.delete(id);
      return 'RECOVERED';
    }
    // Every message passes here after its claim. Her copy is read once, for what she withdrew since it was queued
    // (replies aside: she just asked) and for her quiet hours below. Nothing goes to an opted-out address but the
    // answers to her keywords: carriers require the one confirmation of a STOP (and the HELP answer) to reach it.
    const copy = reply || !row.subscriberId ? undefined : await this.subscribers.findById(row.subscriberId);
    const withdrawn = withdrawnBySubscriber(copy, row);
    if (withdrawn) {
      await this.messages.markFailed(id, 'suppressed', withdrawn);
      return 'SUPPRESSED';
    }
    const keywordAnswer = reply && isKeywordAnswer(row.template);
    if (!keywordAnswer && (await this.suppressions.isSuppressed(channel, outbound.to))) {
      await this.messages.markFailed(id, 'suppressed', `${outbound.to} opted out of ${channel}`);
      return 'SUPPRESSED';
    }
    if (row.attemptedAt && provider.findSent) {
      const since = new Date(row.attemptedAt.getTime() - RECOVERY_WINDOW_MS);
      const found = await breaker.run(() => provider.findSent!(outbound, since));
      if (found) {
        await this.record(id, found);
        this.logger.log(`${channel} ${id} was already with the provider (${found.outcome === 'accepted' ? found.providerId : ''}); not sent again`);
        return 'RECOVERED';
      }
    }
    // Only before a first attempt: a message the provider may already have is finished, not held back.
    if (!row.attemptedAt) {
      const dueAt = quietHoursDeferral(quiet, copy, this.clock.now());
      if (dueAt) {
        await this.messages.defer(id, dueAt, outbound);
        this.logger.debug(`${channel} ${id} waits for the end of her quiet hours (${dueAt.toISOString()})`);
        return 'DEFERRED';
      }
    }
    breaker.assertClosed(); // fail fast, before recording an attempt
    await this.messages.recordAttempt(id);
    const result = await breaker.run(() => provider.send(outbound));
    this.unrecorded.set(id, result);
    await this.record(id, result);
    this.unrecorded.delete(id);
    if (result.outcome === 'failed') {
      await this.recordRefusal(row, result, false);
      return 'FAILED';
    }
    return 'SENT';
  }

  /** A permanent refusal: recorded (unless `record` did already), logged, and an opt-out at the provider kept. */
  private async recordRefusal(row: MessageEntity, refusal: Extract<SendResult, { outcome: 'failed' }>, unrecorded = true): Promise<void> {
    if (unrecorded) await this.record(row.id, refusal);
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

  /** The message row for this message: created `pending` now, or the one an earlier delivery left. */
  private async claim(message: OutgoingMessage, urgency: Urgency, subject: string | null, body: string): Promise<MessageEntity> {
    const row = claimRow(message, urgency, subject, body);
    if (await this.messages.claim(row)) return row;
    const existing = await this.messages.findById(row.id);
    if (!existing) throw new Error(`message ${row.id} vanished after its claim`);
    return existing;
  }

  private async record(id: string, result: SendResult): Promise<void> {
    if (result.outcome === 'failed') await this.messages.markFailed(id, result.errorCode, result.errorMessage);
    else await this.messages.markAccepted(id, result.providerId, result.status as MessageEntity['status']);
  }
}

/** Provider calls in flight at once in one messenger, all partitions' batches together (the providers pace to their limits). */
export const SEND_CONCURRENCY = 64;

/** A notification request as the send path sees it. */
function notificationMessage(request: NotificationRequestedEvent['data']): OutgoingMessage {
  const { notificationId: id, channel, recipient } = request;
  return {
    id,
    channel,
    template: request.template,
    subscriberId: recipient.subscriberId,
    address: recipient.address,
    incidentId: request.incident.id,
    update: request.update,
    locale: recipient.locale,
    severity: request.incident.severity,
    timeZone: recipient.timeZone,
  };
}

/** What TemplateRenderer.finish needs to know of a message (her links, the footer, list headers). */
function footerOf(message: OutgoingMessage) {
  return { channel: message.channel, subscriberId: message.subscriberId, kind: message.kind ?? 'service', locale: message.locale ?? 'en', reply: message.reply ?? false };
}

/** What goes to the provider: the text the claim recorded (a retry sends that one, so Twilio can be asked for it). */
function outboundOf(row: MessageEntity, finished: FinishedMessage): OutboundMessage {
  return { id: row.id, to: row.address, subject: finished.subject, text: row.body, html: finished.html, headers: finished.headers };
}

/** The `pending` row that claims a message's id. */
function claimRow(message: OutgoingMessage, urgency: Urgency, subject: string | null, body: string): MessageEntity {
  const now = new Date();
  return Object.assign(new MessageEntity(), {
    id: message.id,
    subscriberId: message.subscriberId,
    channel: message.channel,
    template: message.template,
    address: message.address,
    incidentId: message.incidentId,
    updateId: message.update?.id ?? null,
    updateSequence: message.update?.sequence ?? null,
    updateCreatedAt: message.update ? new Date(message.update.createdAt) : null,
    kind: message.kind ?? 'service',
    campaignId: message.campaignId ?? null,
    urgency,
    timeZone: message.timeZone ?? null,
    dueAt: null,
    outbound: null,
    subject,
    body,
    providerId: null,
    status: 'pending',
    errorCode: null,
    errorMessage: null,
    attempts: 0,
    attemptedAt: null,
    createdAt: now,
    sentAt: null,
    statusAt: now,
  });
}
