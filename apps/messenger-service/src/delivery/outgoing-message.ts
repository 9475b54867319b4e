import { Channel, MessageKind, MessageRequestedEvent, NotificationRequestedEvent, Severity } from '@prespond/contracts';
import { OutboundMessage } from '../providers/channel-provider';
import { Urgency } from '../quiet-hours/quiet-hours-policy';
import { FinishedMessage, RenderedMessage, TemplateRenderer } from '../rendering/template-renderer';
import { MessageEntity } from './message.entity';

/**
 * What became of one message on the send path. `DEFERRED`: kept until her quiet hours end (the row is the durable
 * record; the deferred round sends it). `SUPERSEDED`: an older incident update that a newer one had already
 * overtaken (it came back from a retry after the newer one reached her). `SKIPPED`: done before (a redelivery).
 */
export type DeliveryOutcome = 'SENT' | 'RECOVERED' | 'FAILED' | 'SUPPRESSED' | 'SUPERSEDED' | 'SKIPPED' | 'DEFERRED';

/** One message to one address; `id` is deterministic, so the same message asked for twice is sent once. */
export interface OutgoingMessage {
  id: string;
  channel: Channel;
  /** Which template it was rendered from (kept in the message log). */
  template: string;
  /** Null for an answer to someone who is nobody's in our copy of the subscribers (a keyword answer, a confirmation). */
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
  /**
   * When the planner decided to send it (the request's `occurredAt`): her copy counts against it only if it is newer
   * (see withdrawnBySubscriber). Unknown: the claim's time.
   */
  plannedAt?: Date;
}

/** A message and its rendering: what the send path takes. */
export interface MessageToSend {
  message: OutgoingMessage;
  rendered: RenderedMessage;
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

/** An incident notification request as the send path sees it. */
export function notificationMessage(request: NotificationRequestedEvent['data'], plannedAt?: string): OutgoingMessage {
  const { notificationId: id, channel, recipient } = request;
  return {
    plannedAt: plannedAt ? new Date(plannedAt) : undefined,
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

/** A message request (a renewal reminder, a welcome-back, a campaign message, a maintenance notice) as the send path sees it. */
export function requestedMessage(request: MessageRequestedEvent['data'], plannedAt?: string): OutgoingMessage {
  return {
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
    plannedAt: plannedAt ? new Date(plannedAt) : undefined,
  };
}

/** An incident notification request, rendered, as the send path takes it. */
export function notificationToSend(request: NotificationRequestedEvent['data'], renderer: TemplateRenderer, plannedAt?: string): MessageToSend {
  return { message: notificationMessage(request, plannedAt), rendered: renderer.render(request.channel, request.recipient.locale, renderer.props(request)) };
}

/** A message request, rendered, as the send path takes it. */
export function messageRequestToSend(request: MessageRequestedEvent['data'], renderer: TemplateRenderer, plannedAt?: string): MessageToSend {
  return { message: requestedMessage(request, plannedAt), rendered: renderer.renderMessage(request) };
}

/** What TemplateRenderer.finish needs to know of a message (her links, the footer, list headers). */
export function footerOf(message: OutgoingMessage) {
  return { channel: message.channel, subscriberId: message.subscriberId, kind: message.kind ?? 'service', locale: message.locale ?? 'en', reply: message.reply ?? false };
}

/** What goes to the provider: the text the claim recorded (a retry sends that one, so Twilio can be asked for it). */
export function outboundOf(row: Pick<MessageEntity, 'id' | 'address' | 'body'>, finished: FinishedMessage): OutboundMessage {
  return { id: row.id, to: row.address, subject: finished.subject, text: row.body, html: finished.html, headers: finished.headers };
}

/** The `pending` row that claims a message's id. */
export function claimRow(message: OutgoingMessage, urgency: Urgency, subject: string | null, body: string, now: Date): MessageEntity {
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
    leaseOwner: null,
    leaseUntil: null,
    createdAt: now,
    sentAt: null,
    statusAt: now,
  });
}
