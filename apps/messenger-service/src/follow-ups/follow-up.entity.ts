import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Channel } from '@prespond/contracts';

/** Her answer: everything works again, or she still has trouble (which reopens the incident for her). */
export type FollowUpAnswer = 'yes' | 'trouble';

/**
 * "Is it working for you again?", asked once per (incident, subscriber) some time after the resolution reached
 * her: by SMS if she got the resolution by SMS, else by email. The first answer counts (see FollowUpsService).
 */
@Entity({ name: 'follow_up' })
export class FollowUpEntity {
  /** uuidv5 of (incident, subscriber): see followUpId. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Column({ name: 'subscriber_id', type: 'uuid' })
  subscriberId: string;

  @Column({ type: 'text' })
  channel: Channel;

  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  locale: string;

  /** Her zone as the resolution's request gave it (her quiet hours, until the messenger has a copy of her); null before quiet hours. */
  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone: string | null;

  @Column({ name: 'incident_title', type: 'text' })
  incidentTitle: string;

  /** The incident in her terms, e.g. "internet in berlin". */
  @Column({ type: 'text' })
  affected: string;

  @Column({ name: 'resolved_at', type: 'timestamptz' })
  resolvedAt: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  /** When the question went to the provider (or was refused by it); null while it is still due. */
  @Column({ name: 'asked_at', type: 'timestamptz', nullable: true })
  askedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  answer: FollowUpAnswer | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  /** When "we are on it" went out after a "still having trouble"; null while it is owed. */
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Every answer received, counted or not (only the first one per follow-up counts). */
@Entity({ name: 'follow_up_answer' })
export class FollowUpAnswerEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'follow_up_id', type: 'uuid' })
  followUpId: string;

  @Column({ type: 'text' })
  answer: FollowUpAnswer;

  @Column({ type: 'text' })
  via: Channel;

  @Column({ type: 'boolean' })
  counted: boolean;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}

/** Every text customers sent us, once per Twilio sid, and what we made of it. */
@Entity({ name: 'inbound_sms' })
export class InboundSmsEntity {
  @PrimaryColumn({ type: 'text' })
  sid: string;

  @Column({ name: 'from_number', type: 'text' })
  fromNumber: string;

  @Column({ type: 'text' })
  body: string;

  /**
   * `keyword`: STOP/START/HELP (see keywords/); `flagged`: sounds like a wish to stop, kept for a person to read;
   * `follow-up-answer`: a "1" or "2"; `unhandled`: anything else.
   */
  @Column({ name: 'handled_as', type: 'text' })
  handledAs: InboundHandledAs;

  @Column({ name: 'follow_up_id', type: 'uuid', nullable: true })
  followUpId: string | null;

  /** The keyword family it was (handled as `keyword`). */
  @Column({ type: 'text', nullable: true })
  keyword: 'stop' | 'start' | 'help' | null;

  /** Twilio's OptOutType, when Twilio recognised a keyword itself (and answered it: we sent no answer of our own). */
  @Column({ name: 'opt_out_type', type: 'text', nullable: true })
  optOutType: string | null;

  /** Why it was flagged for review (handled as `flagged`). */
  @Column({ name: 'flag_reason', type: 'text', nullable: true })
  flagReason: string | null;

  /** When ops marked a flagged text as reviewed; null while it waits. */
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}

export type InboundHandledAs = 'follow-up-answer' | 'unhandled' | 'keyword' | 'flagged';
