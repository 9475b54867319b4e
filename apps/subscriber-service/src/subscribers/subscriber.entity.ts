import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Cadence, Channel, QuietHoursIncidentChoice } from '@prespond/contracts';

/** A customer who receives Prespond messages, and what she uses and wants. */
@Entity({ name: 'subscriber' })
export class SubscriberEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Her id in the customer's own system (CRM, billing): bulk imports match rows to subscribers by it. Unique. */
  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** E.164, e.g. +4915112345678. */
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  /** IANA zone, e.g. Europe/Berlin. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ type: 'text' })
  locale: string;

  @Column({ type: 'text', array: true })
  components: string[];

  @Column({ type: 'text', array: true })
  regions: string[];

  @Column({ type: 'text', array: true })
  channels: Channel[];

  /** How often she wants incident updates; null: the default for the incident's severity. */
  @Column({ type: 'text', nullable: true })
  cadence: Cadence | null;

  /** Her digest window in hours (cadence `digest`); null: DEFAULT_DIGEST_HOURS. */
  @Column({ name: 'digest_hours', type: 'int', nullable: true })
  digestHours: number | null;

  /** Critical incidents reach her on every update, whatever her cadence. */
  @Column({ name: 'critical_override', type: 'boolean', default: false })
  criticalOverride: boolean;

  /** She agreed to marketing messages (welcome-back, campaigns). Every change is in consent_record. */
  @Column({ name: 'marketing_consent', type: 'boolean', default: false })
  marketingConsent: boolean;

  /** Channels she opted out of: nothing is sent to her there, service messages included. */
  @Column({ name: 'opted_out_channels', type: 'text', array: true, default: () => "'{}'" })
  optedOutChannels: Channel[];

  /** Her quiet hours, local `HH:MM` in her zone (both null: none; default 21:00–08:00). */
  @Column({ name: 'quiet_hours_start', type: 'text', nullable: true })
  quietHoursStart: string | null;

  @Column({ name: 'quiet_hours_end', type: 'text', nullable: true })
  quietHoursEnd: string | null;

  /** What incident updates do in her quiet hours: go out at once (the default: a traffic report is news she waits for), or wait for their end. */
  @Column({ name: 'quiet_hours_incidents', type: 'text', default: 'send' })
  quietHoursIncidents: QuietHoursIncidentChoice;

  /** A critical incident may break her quiet hours (she allowed it). */
  @Column({ name: 'quiet_hours_critical', type: 'boolean', default: false })
  quietHoursCritical: boolean;

  /**
   * Her last activity (a login, a purchase, a call); null if none was ever reported. Written only by the activity
   * path (a conditional UPDATE that only moves it forward): a profile save never writes back a stale copy.
   */
  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true, update: false })
  lastSeenAt: Date | null;

  /**
   * When she was erased at her request (data rights): her contact data and free text are gone, her channels empty,
   * and nothing is planned for her any more. Null for everyone else.
   */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
