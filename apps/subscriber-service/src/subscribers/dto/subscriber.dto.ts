import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import {
  Cadence,
  CADENCES,
  Channel,
  CHANNELS,
  DEFAULT_CADENCE_BY_SEVERITY,
  DEFAULT_DIGEST_HOURS,
  DEFAULT_QUIET_HOURS,
  DEFAULT_QUIET_HOURS_INCIDENTS,
  LOCAL_TIME_PATTERN,
  normalizeTag,
  QUIET_HOURS_INCIDENT_CHOICES,
  QuietHoursIncidentChoice,
} from '@prespond/contracts';
import { IsTagList } from '@prespond/platform';
import { SubscriberEntity } from '../subscriber.entity';
import { IsE164Phone, IsLocale, IsTimeZone } from './contact-validators';

/** Optional, but not null: the field has a value or is left out (null would break the NOT NULL column: a 500). */
const NotNullIfPresent = () => ValidateIf((_, value) => value !== undefined);

export class CreateSubscriberDto {
  @ApiPropertyOptional({
    example: 'CRM-000123',
    description: "Her id in your own system (CRM, billing). Unique; a bulk import (`POST /subscribers/import`) matches its rows to subscribers by it.",
  })
  @IsOptional() @IsString() @Length(1, 200)
  externalId?: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  @IsString() @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'ada@example.com', description: 'Required when channels include email.' })
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)) @IsEmail()
  email?: string;

  @ApiPropertyOptional({ example: '+4915112345678', description: 'E.164. Required when channels include sms.' })
  @IsOptional() @IsE164Phone()
  phone?: string;

  @ApiProperty({ example: 'Europe/Berlin' })
  @IsTimeZone()
  timeZone: string;

  @ApiPropertyOptional({ example: 'en', default: 'en' })
  @IsOptional() @IsLocale()
  locale?: string;

  @ApiProperty({ example: ['internet', 'tv'], description: 'The components she uses.' })
  @IsTagList()
  components: string[];

  @ApiProperty({ example: ['berlin'], description: 'The regions she is in.' })
  @IsTagList()
  regions: string[];

  @ApiProperty({ enum: CHANNELS, isArray: true, example: ['sms', 'email'] })
  @ArrayMinSize(1) @ArrayUnique() @IsIn(CHANNELS, { each: true })
  channels: Channel[];

  @ApiPropertyOptional({
    enum: CADENCES,
    nullable: true,
    description:
      'How often she hears about an incident: every update, milestones only (declared, identified, resolved), a digest ' +
      `at most every \`digestHours\`, or the resolution only. Omitted or null: by severity (${Object.entries(DEFAULT_CADENCE_BY_SEVERITY)
        .map(([severity, cadence]) => `${severity}: ${cadence}`)
        .join(', ')}).`,
  })
  @IsOptional() @IsIn(CADENCES)
  cadence?: Cadence | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 168, default: DEFAULT_DIGEST_HOURS, description: 'The digest window, in hours.' })
  @IsOptional() @IsInt() @Min(1) @Max(168)
  digestHours?: number | null;

  @ApiPropertyOptional({ default: false, description: 'Critical incidents reach her on every update, whatever her cadence.' })
  @NotNullIfPresent() @IsBoolean()
  criticalOverride?: boolean;

  @ApiPropertyOptional({ default: false, description: 'She agrees to marketing messages (welcome-back, campaigns). Recorded with its source and time.' })
  @NotNullIfPresent() @IsBoolean()
  marketingConsent?: boolean;

  @ApiPropertyOptional({ enum: CHANNELS, isArray: true, default: [], description: 'Channels she opted out of: nothing at all is sent there.' })
  @IsOptional() @ArrayUnique() @IsIn(CHANNELS, { each: true })
  optedOutChannels?: Channel[];

  @ApiPropertyOptional({
    type: String,
    example: DEFAULT_QUIET_HOURS.start,
    default: DEFAULT_QUIET_HOURS.start,
    nullable: true,
    description: 'Start of her quiet hours, local HH:MM in her time zone; null together with quietHoursEnd: no quiet hours.',
  })
  @IsOptional() @ValidateIf((_, v) => v !== null) @Matches(LOCAL_TIME_PATTERN, { message: 'must be a local time HH:MM, e.g. 21:00' })
  quietHoursStart?: string | null;

  @ApiPropertyOptional({ type: String, example: DEFAULT_QUIET_HOURS.end, default: DEFAULT_QUIET_HOURS.end, nullable: true, description: 'End of her quiet hours, local HH:MM.' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @Matches(LOCAL_TIME_PATTERN, { message: 'must be a local time HH:MM, e.g. 08:00' })
  quietHoursEnd?: string | null;

  @ApiPropertyOptional({
    enum: QUIET_HOURS_INCIDENT_CHOICES,
    default: DEFAULT_QUIET_HOURS_INCIDENTS,
    description: 'Incident updates in her quiet hours: `send` at once, or `wait` for their end. Campaigns, welcome-backs and reminders always wait.',
  })
  @NotNullIfPresent() @IsIn(QUIET_HOURS_INCIDENT_CHOICES)
  quietHoursIncidents?: QuietHoursIncidentChoice;

  @ApiPropertyOptional({ default: false, description: 'A critical incident may break her quiet hours (when incident updates otherwise wait).' })
  @NotNullIfPresent() @IsBoolean()
  quietHoursCritical?: boolean;

  @ApiPropertyOptional({ description: 'Where a consent change came from (default `api`), e.g. `import`, `page`, `call`.', example: 'api' })
  @IsOptional() @IsString() @Length(1, 40)
  consentSource?: string;

  @ApiPropertyOptional({ description: 'The wording she agreed to, kept with the consent record.' })
  @IsOptional() @IsString() @Length(1, 2000)
  consentWording?: string;
}

export class UpdateSubscriberDto extends PartialType(CreateSubscriberDto) {}

export class ListSubscribersQuery {
  @ApiPropertyOptional({ description: 'Only subscribers using this component.' })
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? normalizeTag(value) : value)) @IsString()
  component?: string;

  @ApiPropertyOptional({ description: 'Only subscribers in this region.' })
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? normalizeTag(value) : value)) @IsString()
  region?: string;

  @ApiPropertyOptional({
    minLength: 2,
    maxLength: 200,
    description:
      'Find a customer: an email address (the whole address), a phone number (+49…, 0049… exactly; 0151… by its last digits) or part of her name (any case).',
    example: 'ada@example.com',
  })
  @IsOptional() @IsString() @Length(2, 200)
  search?: string;

  @ApiPropertyOptional({ description: 'Continue after this subscriber id (from `nextCursor`).' })
  @IsOptional() @IsUUID()
  cursor?: string;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional() @Transform(({ value }) => Number(value)) @IsInt() @Min(1) @Max(1000)
  limit?: number;
}

export class SubscriberResponse {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String, description: 'Her id in your own system.' }) externalId: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty() timeZone: string;
  @ApiProperty() locale: string;
  @ApiProperty({ type: [String] }) components: string[];
  @ApiProperty({ type: [String] }) regions: string[];
  @ApiProperty({ enum: CHANNELS, isArray: true }) channels: Channel[];
  @ApiProperty({ enum: CADENCES, nullable: true }) cadence: Cadence | null;
  @ApiProperty({ nullable: true, type: Number }) digestHours: number | null;
  @ApiProperty() criticalOverride: boolean;
  @ApiProperty() marketingConsent: boolean;
  @ApiProperty({ enum: CHANNELS, isArray: true }) optedOutChannels: Channel[];
  @ApiProperty({ nullable: true, type: String }) quietHoursStart: string | null;
  @ApiProperty({ nullable: true, type: String }) quietHoursEnd: string | null;
  @ApiProperty({ enum: QUIET_HOURS_INCIDENT_CHOICES }) quietHoursIncidents: QuietHoursIncidentChoice;
  @ApiProperty() quietHoursCritical: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Her last reported activity.' }) lastSeenAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'When she was erased at her request (`DELETE /subscribers/:id`); her contact data is gone.' })
  erasedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class SubscriberPage {
  @ApiProperty({ type: [SubscriberResponse] }) items: SubscriberResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last.' })
  nextCursor: string | null;
}

export function toSubscriberResponse(s: SubscriberEntity): SubscriberResponse {
  return {
    id: s.id,
    externalId: s.externalId,
    name: s.name,
    email: s.email,
    phone: s.phone,
    timeZone: s.timeZone,
    locale: s.locale,
    components: s.components,
    regions: s.regions,
    channels: s.channels,
    cadence: s.cadence,
    digestHours: s.digestHours,
    criticalOverride: s.criticalOverride,
    marketingConsent: s.marketingConsent,
    optedOutChannels: s.optedOutChannels,
    quietHoursStart: s.quietHoursStart,
    quietHoursEnd: s.quietHoursEnd,
    quietHoursIncidents: s.quietHoursIncidents,
    quietHoursCritical: s.quietHoursCritical,
    lastSeenAt: s.lastSeenAt ? s.lastSeenAt.toISOString() : null,
    erasedAt: s.erasedAt ? s.erasedAt.toISOString() : null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
