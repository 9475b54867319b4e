import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Channel, MessageKind } from '@prespond/contracts';
import type { OutboundMessage } from '../providers/channel-provider';
import type { Urgency } from '../quiet-hours/quiet-hours-policy';

/**
 * Lifecycle of a message. `pending`: claimed, provider not yet known to have it. `deferred`: waiting for the end of
 * her quiet hours (`due_at`); the deferred round sends it then, or marks it `superseded` (a newer update of the same
 * incident reached her on that channel instead: she wakes to one current status, not a backlog). Then the provider's
 * statuses, which only move forward (see STATUS_RANK).
 */
export const MESSAGE_STATUSES = ['pending', 'deferred', 'superseded', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'read'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Order of statuses: a callback never moves a message back (a late "sent" after "delivered" is ignored). */
export const STATUS_RANK: Record<MessageStatus, number> = {
  pending: 0,
  deferred: 0,
  superseded: 4,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  read: 5,
};

/** Every message Prespond sent or tried to send: to whom, on which channel, what it said, what became of it. */
@Entity({ name: 'message' })
export class MessageEntity {
  /** The notification id: one row per (incident update, subscriber, channel). */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Null for a keyword answer to a number that is nobody's in our copy of the subscribers. */
  @Column({ name: 'subscriber_id', type: 'uuid', nullable: true })
  subscriberId: string | null;

  @Column({ type: 'text' })
  channel: Channel;

  @Column({ type: 'text' })
  template: string;

  @Column({ type: 'text' })
  address: string;

  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId: string | null;

  /** The incident update this message reports; null on messages logged before updates were recorded. */
  @Column({ name: 'update_id', type: 'uuid', nullable: true })
  updateId: string | null;

  @Column({ name: 'update_sequence', type: 'int', nullable: true })
  updateSequence: number | null;

  /** When that update was posted: the start of the latency the incident report measures. */
  @Column({ name: 'update_created_at', type: 'timestamptz', nullable: true })
  updateCreatedAt: Date | null;

  /** `service` (incidents, follow-ups, renewal reminders) or `marketing` (welcome-back, campaigns). */
  @Column({ type: 'text', default: 'service' })
  kind: MessageKind;

  /** The campaign a marketing message belongs to, for its results. */
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true })
  campaignId: string | null;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  /** The rendered text (the SMS, or the email's plain-text part). */
  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'provider_id', type: 'text', nullable: true })
  providerId: string | null;

  @Column({ type: 'text' })
  status: MessageStatus;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  /** Provider calls started for this message; recorded (committed) before each call. */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** When the last provider call started: after a crash, where to look for a message the provider may already have. */
  @Column({ name: 'attempted_at', type: 'timestamptz', nullable: true })
  attemptedAt: Date | null;

  /**
   * The messenger that holds the claim on a `pending` message, and until when (a lease, renewed while it works on
   * it): only the holder sends it; another messenger takes it over only once the lease has run out (see ClaimLeases).
   */
  @Column({ name: 'lease_owner', type: 'text', nullable: true })
  leaseOwner: string | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  /** How it stands towards her quiet hours (null on messages logged before quiet hours). */
  @Column({ type: 'text', nullable: true })
  urgency: Urgency | null;

  /** Her zone as the request gave it: her quiet hours are read in it until the messenger has a copy of her. */
  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone: string | null;

  /** When a deferred message may go: the end of her quiet hours. Kept after it went out. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  /** A deferred message exactly as it was to be sent (subject, text, html, headers), rendered when it was asked for. */
  @Column({ type: 'jsonb', nullable: true })
  outbound: OutboundMessage | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'status_at', type: 'timestamptz' })
  statusAt: Date;
}
