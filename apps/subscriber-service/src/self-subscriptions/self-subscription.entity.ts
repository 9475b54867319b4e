import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Cadence, Channel } from '@prespond/contracts';

/** A subscription asked for on the status page, waiting for its confirmation (see SelfSubscriptionsService). */
@Entity({ name: 'self_subscription' })
export class SelfSubscriptionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  channel: Channel;

  /** Her email address (lower case) or phone number (E.164). */
  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', array: true })
  components: string[];

  @Column({ type: 'text', array: true })
  regions: string[];

  @Column({ type: 'text', nullable: true })
  cadence: Cadence | null;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ type: 'text' })
  locale: string;

  /** The consent wording the page showed her: recorded with her consent once she confirms. */
  @Column({ type: 'text' })
  wording: string;

  /** SHA-256 of the link's token (email) or of the code (sms). */
  @Column({ name: 'secret_hash', type: 'text' })
  secretHash: string;

  /** Wrong codes tried so far. */
  @Column({ type: 'int' })
  attempts: number;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** The subscriber she became (or already was) when she confirmed. */
  @Column({ name: 'subscriber_id', type: 'uuid', nullable: true })
  subscriberId: string | null;
}
