import { Inject, Injectable, Logger } from '@nestjs/common';
import { Channel, MessageKind, MessageRequestedEvent, NotificationRequestedEvent, Severity } from '@prespond/contracts';
import { Clock } from '@prespond/platform';
import { CircuitBreaker } from '../providers/circuit-breaker';
import { CHANNEL_PROVIDERS, ChannelProvider, OPTED_OUT_CODES, OutboundMessage, SendResult } from '../providers/channel-provider';
import { Urgency } from '../quiet-hours/quiet-hours-policy';
import { quietHoursDeferral, QuietHoursQuestion } from '../quiet-hours/quiet-hours-deferral';
import { RenderedMessage, TemplateRenderer } from '../rendering/template-renderer';
import { SubscriberViewRepository } from '../subscribers/subscriber-view.repository';
import { withdrawnBySubscriber } from './consent-at-send';
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
    const { notificationId: id, channel, recipient } = request;
    const rendered = this.renderer.render(channel, recipient.locale, this.renderer.props(request));
    const message: OutgoingMessage = {
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
    return this.send(message, rendered);
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
    const { id, channel, address } = message;
    // A message planned before her erasure and delivered after it: not sent, and her address and text not logged.
    if (message.subscriberId && (await this.messages.isErased(message.subscriberId))) return 'SKIPPED';
    const footer = { channel, subscriberId: message.subscriberId, kind: message.kind ?? 'service', locale: message.locale ?? 'en', reply: message.reply ?? false };
    const finished = this.renderer.finish(rendered, footer, this.clock.now());
    const urgency = urgencyOf(message);
    const row = await this.claim(message, urgency, finished.subject ?? null, finished.text);
    if (row.status !== 'pending') return 'SKIPPED';
    // A retry sends the text the first attempt recorded (its links expire from then), so Twilio can be asked for it.
    const outbound: OutboundMessage = { id, to: address, subject: finished.subject, text: row.body, html: finished.html, headers: finished.headers };
    return this.dispatch(row, outbound, { urgency, timeZone: message.timeZone ?? null });
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
      this.logger.warn(`${channel} to subscriber ${row.subscriberId ?? '(none: a reply to a number)'} refused: ${result.errorCode} ${result.errorMessage}`);
      if (OPTED_OUT_CODES.has(result.errorCode)) await this.optedOutAtProvider(row, result);
      return 'FAILED';
    }
    return 'SENT';
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
    const now = new Date();
    const row = Object.assign(new MessageEntity(), {
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
