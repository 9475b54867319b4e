import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Channel } from '@prespond/contracts';

/** Lifecycle: draft → scheduled → running ⇄ paused → completed | cancelled. */
export const CAMPAIGN_STATES = ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** Who a campaign is for; every condition given must hold. */
export interface AudienceFilter {
  /** Not seen for at least this many days (never seen: since she was created). */
  inactiveDays?: number;
  /** Last seen (never seen: created) before this instant (ISO). */
  lastSeenBefore?: string;
  /** Last seen (never seen: created) after this instant (ISO). */
  lastSeenAfter?: string;
  /** She is in one of these regions. */
  regions?: string[];
  /** She uses one of these components. */
  components?: string[];
  /** She holds a plan of one of these types (table `plan` of the renewals area). */
  plans?: string[];
  /** She chose this channel, has an address on it and did not opt out of it. */
  hasChannel?: Channel;
}

/** What marketing wrote per channel: handlebars sources, sent as `message.requested` `content`. */
export interface CampaignContent {
  sms?: { text: string };
  email?: { subject: string; text: string; html?: string };
}

/** A marketing campaign: audience, content, schedule, throttle and frequency cap, and where it is in its lifecycle. */
@Entity({ name: 'campaign' })
export class CampaignEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  state: CampaignState;

  @Column({ type: 'jsonb' })
  audience: AudienceFilter;

  @Column({ type: 'jsonb' })
  content: CampaignContent;

  /** Nothing is sent before; required to schedule. */
  @Column({ name: 'starts_at', type: 'timestamptz', nullable: true })
  startsAt: Date | null;

  /** The campaign completes when this passes, whoever was not reached yet. */
  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  /** Start of the send window in each recipient's local time, "HH:MM". */
  @Column({ name: 'window_start', type: 'text' })
  windowStart: string;

  /** End (exclusive) of the send window, "HH:MM"; before the start: the window spans midnight. */
  @Column({ name: 'window_end', type: 'text' })
  windowEnd: string;

  /** Throttle: recipients planned per minute of clock time. */
  @Column({ name: 'per_minute', type: 'int' })
  perMinute: number;

  /** Frequency cap: she gets this campaign only with fewer than capCount marketing contacts in the last capDays. */
  @Column({ name: 'cap_count', type: 'int' })
  capCount: number;

  @Column({ name: 'cap_days', type: 'int' })
  capDays: number;

  /** Results: activity within this many days after her message counts as a return. */
  @Column({ name: 'return_window_days', type: 'int' })
  returnWindowDays: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}

/** The channels a campaign has content for. */
export function campaignChannels(content: CampaignContent): Channel[] {
  return (['sms', 'email'] as const).filter((channel) => !!content[channel]);
}
