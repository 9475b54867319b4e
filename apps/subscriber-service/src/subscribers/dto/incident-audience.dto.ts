import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, IsOptional } from 'class-validator';
import { IncidentAudience, normalizeTag } from '@prespond/contracts';
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
