import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What a consent is for: marketing messages, or a channel at all (an opt-out of sms stops every text). */
export type ConsentPurpose = 'marketing' | 'sms' | 'email';

/** One opt-in or opt-out, with where it came from, when, and the wording she was shown. */
@Entity({ name: 'consent_record' })
export class ConsentRecordEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'subscriber_id', type: 'uuid' })
  subscriberId: string;

  @Column({ type: 'text' })
  purpose: ConsentPurpose;

  /** True: opted in (consented, or the channel allowed again); false: opted out. */
  @Column({ type: 'boolean' })
  granted: boolean;

  /** `api`, `import`, `page`, `keyword`, `provider-error`… */
  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'text', nullable: true })
  wording: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
