import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Channel, CHANNELS } from '@prespond/contracts';
import { IsInstant, IsTagList } from '@prespond/platform';
import { AudienceFilter, CAMPAIGN_STATES, CampaignContent, CampaignEntity, CampaignState } from '../campaign.entity';
import { CLOCK_TIME } from '../send-window';

export class CampaignParams {
  @ApiProperty({ description: 'Campaign id.' }) @IsUUID()
  id: string;
}

export class AudienceFilterDto implements AudienceFilter {
  @ApiPropertyOptional({ example: 60, description: 'Not seen for at least this many days (never seen: counted from when she was created).' })
  @IsOptional() @IsInt() @Min(0) @Max(3650)
  inactiveDays?: number;

  @ApiPropertyOptional({ description: 'Last seen (never seen: created) before this instant.', example: '2030-01-31T00:00:00Z' }) @IsOptional() @IsInstant()
  lastSeenBefore?: string;

  @ApiPropertyOptional({ description: 'Last seen (never seen: created) after this instant.', example: '2029-01-31T00:00:00Z' }) @IsOptional() @IsInstant()
  lastSeenAfter?: string;

  @ApiPropertyOptional({ example: ['berlin'], description: 'In one of these regions.' }) @IsOptional() @IsTagList()
  regions?: string[];

  @ApiPropertyOptional({ example: ['internet'], description: 'Uses one of these components.' }) @IsOptional() @IsTagList()
  components?: string[];

  @ApiPropertyOptional({ example: ['fibre-500'], description: 'Holds a (not cancelled) plan of one of these types.' }) @IsOptional() @IsTagList()
  plans?: string[];

  @ApiPropertyOptional({ enum: CHANNELS, description: 'Reachable on this channel (chose it, has an address, did not opt out).' })
  @IsOptional() @IsIn(CHANNELS)
  hasChannel?: Channel;
}

export class SmsContentDto {
  @ApiProperty({ example: 'Hi {{name}}, we miss you: 20% off this month. Reply STOP to opt out.', description: 'Handlebars source.' })
  @IsString() @Length(1, 1600)
  text: string;
}

export class EmailContentDto {
  @ApiProperty({ example: 'We miss you, {{name}}' }) @IsString() @Length(1, 300)
  subject: string;

  @ApiProperty({ example: 'Hi {{name}}, …' }) @IsString() @Length(1, 100_000)
  text: string;

  @ApiPropertyOptional({ example: '<p>Hi {{name}}, …</p>' }) @IsOptional() @IsString() @Length(1, 200_000)
  html?: string;
}

export class CampaignContentDto implements CampaignContent {
  @ApiPropertyOptional({ type: SmsContentDto }) @IsOptional() @ValidateNested() @Type(() => SmsContentDto)
  sms?: SmsContentDto;

  @ApiPropertyOptional({ type: EmailContentDto }) @IsOptional() @ValidateNested() @Type(() => EmailContentDto)
  email?: EmailContentDto;
}

/** A draft campaign; everything but the name may be filled in later (scheduling checks it is complete). */
export class CreateCampaignDto {
  @ApiProperty({ example: 'Win back the quiet ones' }) @IsString() @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ type: AudienceFilterDto }) @IsOptional() @ValidateNested() @Type(() => AudienceFilterDto)
  audience?: AudienceFilterDto;

  @ApiPropertyOptional({ type: CampaignContentDto }) @IsOptional() @ValidateNested() @Type(() => CampaignContentDto)
  content?: CampaignContentDto;

  @ApiPropertyOptional({ description: 'Nothing is sent before.', example: '2030-02-01T09:00:00+01:00' }) @IsOptional() @IsInstant()
  startsAt?: string;

  @ApiPropertyOptional({ description: 'Completes when this passes.', example: '2030-03-01T00:00:00+01:00' }) @IsOptional() @IsInstant()
  endsAt?: string;

  @ApiPropertyOptional({ example: '09:00', default: '09:00', description: "Send window start, in each recipient's local time." })
  @IsOptional() @Matches(CLOCK_TIME, { message: 'windowStart must be HH:MM' })
  windowStart?: string;

  @ApiPropertyOptional({ example: '20:00', default: '20:00', description: 'Send window end (exclusive); before the start: spans midnight.' })
  @IsOptional() @Matches(CLOCK_TIME, { message: 'windowEnd must be HH:MM' })
  windowEnd?: string;

  @ApiPropertyOptional({ example: 600, default: 600, description: 'Throttle: recipients per minute.' })
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000)
  perMinute?: number;

  @ApiPropertyOptional({ example: 2, default: 2, description: 'Frequency cap: at most this many marketing contacts…' })
  @IsOptional() @IsInt() @Min(1) @Max(1000)
  capCount?: number;

  @ApiPropertyOptional({ example: 30, default: 30, description: '…per this many days, across all marketing messages.' })
  @IsOptional() @IsInt() @Min(1) @Max(3650)
  capDays?: number;

  @ApiPropertyOptional({ example: 7, default: 7, description: 'Results: activity within this many days after her message counts as a return.' })
  @IsOptional() @IsInt() @Min(1) @Max(365)
  returnWindowDays?: number;
}

export class UpdateCampaignDto extends CreateCampaignDto {
  @ApiPropertyOptional({ example: 'Win back the quiet ones' }) @IsOptional() @IsString() @Length(1, 200)
  declare name: string;
}

export class CampaignResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CAMPAIGN_STATES }) state: CampaignState;
  @ApiProperty({ type: AudienceFilterDto }) audience: AudienceFilter;
  @ApiProperty({ type: CampaignContentDto }) content: CampaignContent;
  @ApiProperty({ nullable: true, type: String }) startsAt: string | null;
  @ApiProperty({ nullable: true, type: String }) endsAt: string | null;
  @ApiProperty() windowStart: string;
  @ApiProperty() windowEnd: string;
  @ApiProperty() perMinute: number;
  @ApiProperty() capCount: number;
  @ApiProperty() capDays: number;
  @ApiProperty() returnWindowDays: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
  @ApiPropertyOptional({
    type: [String],
    description: 'Answers to a draft saved or scheduled: what to know before going on (e.g. an audience that reaches nobody today).',
  })
  warnings?: string[];
}

export function toCampaignResponse(c: CampaignEntity): CampaignResponse {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: c.id, name: c.name, state: c.state, audience: c.audience, content: c.content, startsAt: iso(c.startsAt), endsAt: iso(c.endsAt),
    windowStart: c.windowStart, windowEnd: c.windowEnd, perMinute: c.perMinute, capCount: c.capCount, capDays: c.capDays,
    returnWindowDays: c.returnWindowDays, createdAt: c.createdAt.toISOString(), completedAt: iso(c.completedAt),
  };
}

export class AudienceSampleMember {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty() timeZone: string;
}

/**
 * Those the filter names who are left out, each counted once, under the first rule that leaves her out, in this
 * order: no marketing consent, an open incident, the frequency cap, opted out of every campaign channel she chose.
 */
export class AudienceExclusionsResponse {
  @ApiProperty({ description: 'No marketing consent.' }) noConsent: number;
  @ApiProperty({ description: 'Consent, but an open incident touches her (she hears about that first).' }) openIncident: number;
  @ApiProperty({ description: 'Consent and no open incident, but at the frequency cap (marketing contacts of every kind).' }) frequencyCap: number;
  @ApiProperty({ description: 'Otherwise in, but opted out of every campaign channel she chose (the same as `optedOut`).' }) optedOut: number;
}

export class AudiencePreviewResponse {
  @ApiProperty({ description: 'Reachable now on at least one of its channels (exclusions applied).' }) size: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { sms: 120, email: 80 }, description: 'Reachable per channel.' }) byChannel: Partial<Record<Channel, number>>;
  @ApiProperty({ description: 'Left out because she opted out of every campaign channel she uses.' }) optedOut: number;
  @ApiProperty({ description: 'Named by the filter, with an address on a campaign channel she chose: `size` plus every exclusion.' }) matching: number;
  @ApiProperty({ type: AudienceExclusionsResponse }) excluded: AudienceExclusionsResponse;
  @ApiProperty({ type: [AudienceSampleMember] }) sample: AudienceSampleMember[];
}

/** An audience not saved yet (a draft being composed): the filter, the channels it will have content for, the cap. */
export class AudienceQueryDto {
  @ApiPropertyOptional({ type: AudienceFilterDto }) @IsOptional() @ValidateNested() @Type(() => AudienceFilterDto)
  audience?: AudienceFilterDto;

  @ApiProperty({ enum: CHANNELS, isArray: true, example: ['sms', 'email'], description: 'The channels the campaign will have content for.' })
  @IsArray() @ArrayUnique() @IsIn(CHANNELS, { each: true })
  channels: Channel[];

  @ApiPropertyOptional({ example: 2, default: 2 }) @IsOptional() @IsInt() @Min(1) @Max(1000)
  capCount?: number;

  @ApiPropertyOptional({ example: 30, default: 30 }) @IsOptional() @IsInt() @Min(1) @Max(3650)
  capDays?: number;
}

export class MessagePreviewDto {
  @ApiProperty() @IsUUID()
  subscriberId: string;

  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS)
  channel: Channel;

  @ApiPropertyOptional({ type: CampaignContentDto, description: 'Render this content instead of the saved one (a draft being edited); nothing is saved.' })
  @IsOptional() @ValidateNested() @Type(() => CampaignContentDto)
  content?: CampaignContentDto;
}

export class MessagePreviewResponse {
  @ApiPropertyOptional() subject?: string;
  @ApiProperty() text: string;
  @ApiPropertyOptional() html?: string;
}

/** Results of one campaign on one channel. */
export class CampaignChannelResults {
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ description: 'Recipients whose message was queued on this channel.' }) targeted: number;
  @ApiProperty({ description: 'Accepted by the provider.' }) sent: number;
  @ApiProperty() delivered: number;
  @ApiProperty({ description: 'Failed, undelivered or suppressed.' }) failed: number;
  @ApiProperty({ description: 'Waiting for the end of her quiet hours (they go then).' }) deferred: number;
  @ApiProperty({ description: 'Skipped on this channel: she had opted out of it.' }) optedOut: number;
  @ApiProperty({ description: 'Targeted here and active within returnWindowDays after her message (the conversion).' }) returned: number;
}

export class CampaignResultsResponse {
  @ApiProperty() campaignId: string;
  @ApiProperty({ enum: CAMPAIGN_STATES }) state: CampaignState;
  @ApiProperty({ type: [CampaignChannelResults] }) channels: CampaignChannelResults[];
}

export const RESULTS_CSV_COLUMNS = ['channel', 'targeted', 'sent', 'delivered', 'failed', 'deferred', 'optedOut', 'returned'] as const;
