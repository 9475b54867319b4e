import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Channel, CHANNELS, IncidentAudience, normalizeTag } from '@prespond/contracts';
import { IsTagList } from '@prespond/platform';

/** `a,b` in a query string: a normalised tag list. */
const commaSeparated = Transform(({ value }) => (typeof value === 'string' ? [...new Set(value.split(',').map(normalizeTag).filter(Boolean))] : value));

/** The components and regions of an incident (declared or about to be). */
export class IncidentAudienceQuery {
  @ApiProperty({ example: 'internet,tv', description: 'Affected components, comma-separated.' })
  @commaSeparated @IsTagList() @ArrayMinSize(1)
  components: string[];

  @ApiPropertyOptional({ example: 'berlin', description: 'Affected regions, comma-separated; omitted: every region.' })
  @IsOptional() @commaSeparated @IsTagList()
  regions?: string[];
}

/** Whom such an incident reaches (matched as the fan-out matches; erased subscribers never). */
export class IncidentAudienceResponse implements IncidentAudience {
  @ApiProperty({ example: 24345 }) subscribers: number;
  @ApiProperty({ example: 12345, description: 'Of them, reachable by SMS: chose it, have a phone, not opted out.' }) sms: number;
  @ApiProperty({ example: 12000, description: 'Of them, reachable by email: chose it, have an address, not opted out.' }) email: number;
}

export const AUDIENCE_SAMPLE_DEFAULT = 5;
export const AUDIENCE_SAMPLE_MAX = 20;

/** An incident's components and regions, and how many of the subscribers it reaches to show. */
export class IncidentAudienceSampleQuery extends IncidentAudienceQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: AUDIENCE_SAMPLE_MAX, default: AUDIENCE_SAMPLE_DEFAULT })
  @IsOptional() @Transform(({ value }) => Number(value)) @IsInt() @Min(1) @Max(AUDIENCE_SAMPLE_MAX)
  limit?: number;
}

/** One subscriber such an incident reaches: enough to preview what she would get (messenger's POST /previews/incident). */
export class IncidentAudienceMemberResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({
    enum: CHANNELS,
    isArray: true,
    description: 'The channels the incident reaches her on (chose it, has an address there, not opted out); may be empty, as in the count.',
  })
  channels: Channel[];
  @ApiProperty({ example: 'Europe/Berlin' }) timeZone: string;
}

/** One component or region, and how many subscribers (not erased) name it as theirs. */
export class AudienceTagResponse {
  @ApiProperty({ example: 'internet' }) name: string;
  @ApiProperty({ example: 24345 }) subscribers: number;
}

/** The components and regions customers follow, most followed first (then by name). */
export class AudienceTagsResponse {
  @ApiProperty({ type: [AudienceTagResponse] }) components: AudienceTagResponse[];
  @ApiProperty({ type: [AudienceTagResponse] }) regions: AudienceTagResponse[];
}
