import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@prespond/kafka';
import { Clock, ScheduledRounds, tryRoundLock } from '@prespond/platform';
import { DataSource, EntityManager } from 'typeorm';
import { SUBSCRIBER_CONFIG, SubscriberServiceConfig } from '../config/env';
import { MarketingLedgerRepository } from '../marketing/marketing-ledger.repository';
import { AudienceMember, AudienceRepository } from './audience.repository';
import { AudienceScope } from './audience';
import { campaignContact, campaignRequests, planRecipient } from './campaign-messages';
import { CampaignEntity, campaignChannels } from './campaign.entity';
import { CampaignsRepository } from './campaigns.repository';
import { batchAllowance, minuteStart } from './throttle';

/** Recipients per batch: the state is checked between batches, so a pause stops within one. */
export const CAMPAIGN_BATCH = 200;
/** Any stable number: with the campaign's id, one planner per campaign across replicas. */
const CAMPAIGN_LOCK = 0xca4a;

/** Why a campaign's planning stopped for this round. */
export type RunOutcome = 'not-running' | 'busy' | 'throttled' | 'waiting' | 'completed';

/**
 * Sends running campaigns: every `campaignIntervalMs`, starts scheduled campaigns whose time has come, and streams
 * each running campaign's audience by keyset in small batches. Each batch is one transaction holding the campaign
 * row (a pause or cancel waits for it, then nothing more is planned) and an advisory lock (one planner per campaign):
 * it records each recipient (`campaign_recipient`, unique per campaign and subscriber), her marketing contact, and
 * queues her messages through the outbox, so a crash or a second replica never sends twice.
 */
@Injectable()
export class CampaignRunner extends ScheduledRounds {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
    private readonly audience: AudienceRepository,
    private readonly ledger: MarketingLedgerRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(SUBSCRIBER_CONFIG) private readonly config: SubscriberServiceConfig,
  ) {
    super('campaign round');
  }

  protected roundIntervalMs(): number {
    return this.config.campaignIntervalMs ?? 0;
  }

  protected runRound(): Promise<unknown> {
    return this.round();
  }

  /** One round over every campaign: start the due ones, then plan each running one as far as it may go now. */
  async round(): Promise<void> {
    await this.campaigns.startDue(this.clock.now());
    for (const id of await this.campaigns.runningIds()) await this.run(id);
  }

  /** Plans one campaign batch by batch until it is throttled, waits for windows, completes or is no longer running. */
  async run(campaignId: string): Promise<RunOutcome> {
    let after: string | null = null;
    for (;;) {
      const result = await this.batch(campaignId, after);
      if (result.planned > 0) this.outbox.notify();
      if (result.outcome) return result.outcome;
      after = result.last;
    }
  }

  private batch(campaignId: string, after: string | null): Promise<{ planned: number; last: string | null; outcome?: RunOutcome }> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await tryRoundLock(manager, CAMPAIGN_LOCK, campaignId);
      if (!locked) return { planned: 0, last: after, outcome: 'busy' as const };
      const campaign = await this.campaigns.lockForPlanning(manager, campaignId);
      if (!campaign || campaign.state !== 'running') return { planned: 0, last: after, outcome: 'not-running' as const };
      const now = this.clock.now();
      if (campaign.startsAt && campaign.startsAt > now) return { planned: 0, last: after, outcome: 'waiting' as const };
      if (campaign.endsAt && campaign.endsAt <= now) {
        await this.campaigns.complete(manager, campaignId, now);
        return { planned: 0, last: after, outcome: 'completed' as const };
      }
      const limit = batchAllowance(campaign.perMinute, await this.campaigns.plannedSince(manager, campaignId, minuteStart(now)), CAMPAIGN_BATCH);
      if (limit === 0) return { planned: 0, last: after, outcome: 'throttled' as const };
      const scope = scopeOf(campaign);
      const page = await this.audience.nextPage(manager, campaignId, scope, { start: campaign.windowStart, end: campaign.windowEnd }, now, after, limit);
      if (page.length === 0) {
        if (await this.audience.anyLeft(manager, campaignId, scope, now)) return { planned: 0, last: after, outcome: 'waiting' as const };
        await this.campaigns.complete(manager, campaignId, now);
        this.logger.log(`campaign ${campaignId} completed: its audience is exhausted`);
        return { planned: 0, last: after, outcome: 'completed' as const };
      }
      const planned = await this.plan(manager, campaign, page, now);
      return { planned, last: page[page.length - 1].id };
    });
  }

  private async plan(manager: EntityManager, campaign: CampaignEntity, page: AudienceMember[], now: Date): Promise<number> {
    const recipients = page.map((member) => planRecipient(campaign, member));
    const fresh = await this.campaigns.recordRecipients(manager, campaign.id, recipients, now);
    const sending = recipients.filter((r) => fresh.has(r.subscriberId) && r.channels.length > 0);
    await this.ledger.record(manager, sending.map((r) => campaignContact(campaign, r.subscriberId, now)));
    const members = new Map(page.map((m) => [m.id, m]));
    await this.outbox.enqueue(manager, sending.flatMap((r) => campaignRequests(campaign, members.get(r.subscriberId)!, r, now)));
    return sending.length;
  }
}

/** What decides the campaign's audience. */
export function scopeOf(campaign: CampaignEntity): AudienceScope {
  return { filter: campaign.audience, channels: campaignChannels(campaign.content), capCount: campaign.capCount, capDays: campaign.capDays };
}
