import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { Clock, badRequest, toCsv } from '@prespond/platform';
import { randomUUID } from 'node:crypto';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { AudienceScope } from './audience';
import { AudienceRepository } from './audience.repository';
import { addressOf, campaignMessage } from './campaign-messages';
import { scopeOf } from './campaign-runner';
import { CampaignEntity, campaignChannels, CampaignState } from './campaign.entity';
import { CampaignsRepository } from './campaigns.repository';
import {
  AudiencePreviewResponse, AudienceQueryDto, CampaignResponse, CampaignResultsResponse, CreateCampaignDto, MessagePreviewDto, MessagePreviewResponse,
  RESULTS_CSV_COLUMNS, toCampaignResponse, UpdateCampaignDto,
} from './dto/campaign.dto';
import { MessengerRepository } from '../messenger/messenger.repository';

const SAMPLE = 10;
/** A new campaign's frequency cap: at most 2 marketing contacts in 30 days. */
const DEFAULT_CAP = { count: 2, days: 30 };

/** endsAt already passed: the window is over before anything could be sent. */
function windowProblems(campaign: CampaignEntity, now: Date): { field: string; reason: string }[] {
  if (!campaign.endsAt || campaign.endsAt > now) return [];
  return [{ field: 'endsAt', reason: `has already passed (${campaign.endsAt.toISOString()}; now ${now.toISOString()}): the campaign would send nothing` }];
}

/** The lifecycle's transitions: an action, the states it is allowed from, and where it leads. */
const TRANSITIONS: Record<'pause' | 'resume' | 'cancel', { from: CampaignState[]; to: CampaignState }> = {
  pause: { from: ['scheduled', 'running'], to: 'paused' },
  // A campaign paused before its start and resumed runs from its start: the runner waits for startsAt.
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['draft', 'scheduled', 'running', 'paused'], to: 'cancelled' },
};

/** Marketing campaigns: drafts, audience and message previews, the lifecycle, and results. The runner sends them. */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly audience: AudienceRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly messenger: MessengerRepository,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateCampaignDto): Promise<CampaignResponse> {
    const now = this.clock.now();
    const campaign = Object.assign(new CampaignEntity(), {
      id: randomUUID(), name: dto.name, state: 'draft', audience: {}, content: {}, startsAt: null, endsAt: null, windowStart: '09:00',
      windowEnd: '20:00', perMinute: 600, capCount: DEFAULT_CAP.count, capDays: DEFAULT_CAP.days, returnWindowDays: 7, createdAt: now, completedAt: null,
    });
    return this.withWarnings(await this.campaigns.save(this.checked(this.apply(campaign, dto, now), now)), now);
  }

  async list(): Promise<CampaignResponse[]> {
    return (await this.campaigns.list()).map(toCampaignResponse);
  }

  async get(id: string): Promise<CampaignResponse> {
    return toCampaignResponse(await this.find(id));
  }

  /** Only a draft changes: what is scheduled or running is what was reviewed. */
  async update(id: string, dto: UpdateCampaignDto): Promise<CampaignResponse> {
    const campaign = await this.find(id);
    if (campaign.state !== 'draft') throw new ConflictException(`campaign ${id} is ${campaign.state}: only a draft can be changed`);
    const now = this.clock.now();
    return this.withWarnings(await this.campaigns.save(this.checked(this.apply(campaign, dto, now), now)), now);
  }

  /**
   * Draft → scheduled, once it has content, a start, and an end after the start and after now (a window already over
   * would send nothing). An audience that reaches nobody today is allowed (it may grow before the start) but warned of.
   */
  async schedule(id: string): Promise<CampaignResponse> {
    const campaign = await this.find(id);
    const now = this.clock.now();
    const problems = [
      ...(campaignChannels(campaign.content).length === 0 ? [{ field: 'content', reason: 'needs content for at least one channel' }] : []),
      ...(!campaign.startsAt ? [{ field: 'startsAt', reason: 'is required to schedule' }] : []),
      ...(!campaign.endsAt || (campaign.startsAt && campaign.endsAt <= campaign.startsAt) ? [{ field: 'endsAt', reason: 'is required and must be after startsAt' }] : []),
      ...windowProblems(campaign, now),
    ];
    if (campaign.state === 'draft' && problems.length > 0) throw badRequest(problems);
    const scheduled = await this.move(id, { from: ['draft'], to: 'scheduled' }, 'schedule');
    return { ...scheduled, warnings: await this.warningsFor(campaign, now) };
  }

  pause(id: string): Promise<CampaignResponse> {
    return this.move(id, TRANSITIONS.pause, 'pause');
  }

  resume(id: string): Promise<CampaignResponse> {
    return this.move(id, TRANSITIONS.resume, 'resume');
  }

  cancel(id: string): Promise<CampaignResponse> {
    return this.move(id, TRANSITIONS.cancel, 'cancel');
  }

  /** How many it would reach now, how many each exclusion leaves out, and a few of them; counted in the database, never loaded. */
  async audiencePreview(id: string): Promise<AudiencePreviewResponse> {
    return this.audienceOf(scopeOf(await this.find(id)));
  }

  /** The same for a draft not saved yet (the console's composer, as the filter changes). */
  audienceQuery(dto: AudienceQueryDto): Promise<AudiencePreviewResponse> {
    return this.audienceOf({ filter: dto.audience ?? {}, channels: dto.channels, capCount: dto.capCount ?? DEFAULT_CAP.count, capDays: dto.capDays ?? DEFAULT_CAP.days });
  }

  private async audienceOf(scope: AudienceScope): Promise<AudiencePreviewResponse> {
    const now = this.clock.now();
    const [count, sample] = await Promise.all([this.audience.count(scope, now), this.audience.sample(scope, now, SAMPLE)]);
    return { ...count, sample: sample.map(({ id, name, email, phone, timeZone }) => ({ id, name, email, phone, timeZone })) };
  }

  /** Her message of this campaign on `channel`, rendered by the messenger exactly as it would be sent. */
  async messagePreview(id: string, dto: MessagePreviewDto): Promise<MessagePreviewResponse> {
    const saved = await this.find(id);
    // A draft being edited is previewed with its unsaved content; the saved campaign stays as it is.
    const campaign = dto.content ? Object.assign(new CampaignEntity(), saved, { content: JSON.parse(JSON.stringify(dto.content)) }) : saved;
    if (!campaignChannels(campaign.content).includes(dto.channel)) throw badRequest([{ field: 'channel', reason: `the campaign has no ${dto.channel} content` }]);
    const subscriber = await this.subscribers.findById(dto.subscriberId);
    if (!subscriber) throw new NotFoundException(`no subscriber ${dto.subscriberId}`);
    const address = addressOf(subscriber, dto.channel);
    if (!address) throw new BadRequestException(`subscriber ${dto.subscriberId} has no ${dto.channel} address`);
    return this.messenger.preview(campaignMessage(campaign, subscriber, dto.channel, address));
  }

  /** Per channel: targeted, sent, delivered, failed, deferred (quiet hours), opted out, returned. */
  async results(id: string): Promise<CampaignResultsResponse> {
    const campaign = await this.find(id);
    const channels = campaignChannels(campaign.content);
    const [figures, deliveries] = await Promise.all([this.campaigns.recipientFigures(id, channels, campaign.returnWindowDays), this.messenger.campaignDeliveries(id)]);
    return {
      campaignId: id,
      state: campaign.state,
      channels: figures.map((f) => {
        const d = deliveries.channels.find((c) => c.channel === f.channel);
        return { channel: f.channel, targeted: f.targeted, sent: d?.sent ?? 0, delivered: d?.delivered ?? 0, failed: d?.failed ?? 0, deferred: d?.deferred ?? 0, optedOut: f.optedOut, returned: f.returned };
      }),
    };
  }

  async resultsCsv(id: string): Promise<string> {
    const { channels } = await this.results(id);
    return toCsv(RESULTS_CSV_COLUMNS, channels.map((c) => RESULTS_CSV_COLUMNS.map((column) => c[column])));
  }

  private async move(id: string, transition: { from: CampaignState[]; to: CampaignState }, action: string): Promise<CampaignResponse> {
    const moved = await this.campaigns.transition(id, transition.from, transition.to, this.clock.now());
    if (moved) return toCampaignResponse(moved);
    const campaign = await this.find(id);
    throw new ConflictException(`cannot ${action} campaign ${id}: it is ${campaign.state} (allowed from ${transition.from.join(', ')})`);
  }

  /** A draft whose send window is already over is refused: nothing could ever be sent. */
  private checked(campaign: CampaignEntity, now: Date): CampaignEntity {
    const problems = windowProblems(campaign, now);
    if (problems.length > 0) throw badRequest(problems);
    return campaign;
  }

  private async withWarnings(campaign: CampaignEntity, now: Date): Promise<CampaignResponse> {
    return { ...toCampaignResponse(campaign), warnings: await this.warningsFor(campaign, now) };
  }

  /** What marketing should know before going on: an audience that reaches nobody today (counted as the runner would). */
  private async warningsFor(campaign: CampaignEntity, now: Date): Promise<string[]> {
    const scope = scopeOf(campaign);
    if (scope.channels.length === 0) return ['content: no channel has content yet, so it reaches nobody'];
    const { size, optedOut } = await this.audience.count(scope, now);
    if (size > 0) return [];
    const left = optedOut > 0 ? ` (${optedOut} matching the filter opted out of its channels)` : '';
    return [`audience: reaches nobody today${left}; check the filter, consent and the frequency cap (GET /campaigns/${campaign.id}/audience)`];
  }

  private async find(id: string): Promise<CampaignEntity> {
    const campaign = await this.campaigns.findById(id);
    if (!campaign) throw new NotFoundException(`no campaign ${id}`);
    return campaign;
  }

  private apply(campaign: CampaignEntity, dto: UpdateCampaignDto | CreateCampaignDto, now: Date): CampaignEntity {
    const { audience, content, startsAt, endsAt, ...plain } = dto;
    Object.assign(campaign, Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== undefined)));
    if (audience) campaign.audience = { ...audience };
    if (content) campaign.content = JSON.parse(JSON.stringify(content));
    if (startsAt) campaign.startsAt = new Date(startsAt);
    if (endsAt) campaign.endsAt = new Date(endsAt);
    campaign.updatedAt = now;
    return campaign;
  }
}
