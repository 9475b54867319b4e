import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, IsOptional } from 'class-validator';
import { normalizeTag } from '@prespond/contracts';
import { IsTagList } from '@prespond/platform';
import { ChannelEstimate, DeliveryEstimate } from '../delivery-estimate';

/** `a,b` in a query string: a normalised tag list. */
const commaSeparated = Transform(({ value }) => (typeof value === 'string' ? [...new Set(value.split(',').map(normalizeTag).filter(Boolean))] : value));

/** The components and regions of an incident about to be declared. */
export class EstimateQuery {
  @ApiProperty({ example: 'internet', description: 'Affected components, comma-separated.' })
  @commaSeparated @IsTagList() @ArrayMinSize(1)
  components: string[];

  @ApiPropertyOptional({ example: 'berlin', description: 'Affected regions, comma-separated; omitted: every region.' })
  @IsOptional() @commaSeparated @IsTagList()
  regions?: string[];
}

export class ChannelEstimateResponse implements ChannelEstimate {
  @ApiProperty({ example: 12345, description: 'Messages the declaration sends on this channel.' }) count: number;
  @ApiProperty({ nullable: true, type: Number, example: 100, description: "The messenger's rate; null: no rate limit set." }) perSecond: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 124, description: 'Seconds until the last one goes out (rounded up); null without a rate.' }) seconds: number | null;
}

/** How long the first message of an incident takes to reach everyone it affects, at the providers' rates. */
export class DeliveryEstimateResponse implements DeliveryEstimate {
  @ApiProperty() sms: ChannelEstimateResponse;
  @ApiProperty() email: ChannelEstimateResponse;
  @ApiProperty({ example: '12,345 SMS at 100/s: about 2 minutes; 12,000 emails, no rate limit set' }) text: string;
}
