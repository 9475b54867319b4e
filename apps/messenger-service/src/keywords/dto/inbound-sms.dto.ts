import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { InboundHandledAs, InboundSmsEntity } from '../../follow-ups/follow-up.entity';

const HANDLED_AS: InboundHandledAs[] = ['keyword', 'flagged', 'follow-up-answer', 'unhandled'];
const KEYWORDS = ['stop', 'start', 'help'];
const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListInboundSmsQuery {
  @ApiPropertyOptional({ description: 'true: only the texts flagged for review (they sound like a wish to stop); false: the others.' })
  @IsOptional() @Transform(bool) @IsBoolean()
  flagged?: boolean;

  @ApiPropertyOptional({ description: 'false: only those not yet reviewed.' })
  @IsOptional() @Transform(bool) @IsBoolean()
  reviewed?: boolean;

  @ApiPropertyOptional({ description: 'Continue after this point (from `nextCursor`).' })
  @IsOptional() @IsString()
  cursor?: string;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional() @Transform(({ value }) => Number(value)) @IsInt() @Min(1) @Max(500)
  limit?: number;
}

export class InboundSmsParams {
  @ApiProperty({ description: "Twilio's MessageSid of the text." }) @IsString() @Length(1, 64)
  sid: string;
}

/** One text a customer sent us, and what we made of it. */
export class InboundSmsResponse {
  @ApiProperty({ description: "Twilio's MessageSid." }) sid: string;
  @ApiProperty({ description: 'The number it came from (E.164).' }) from: string;
  @ApiProperty({ description: 'Her text, as received.' }) body: string;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ enum: HANDLED_AS }) handledAs: InboundHandledAs;
  @ApiProperty({ nullable: true, enum: KEYWORDS, description: 'The keyword family (handled as `keyword`).' }) keyword: string | null;
  @ApiProperty({ nullable: true, type: String, description: "Twilio's OptOutType: Twilio recognised the keyword and answered it." })
  optOutType: string | null;
  @ApiProperty({ description: 'Kept for a person to read: it sounds like a wish to stop, but is no keyword.' }) flagged: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was flagged.' }) flagReason: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'When ops marked it reviewed.' }) reviewedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The follow-up it answered (handled as `follow-up-answer`).' }) followUpId: string | null;
}

export class InboundSmsPage {
  @ApiProperty({ type: [InboundSmsResponse], description: 'Newest first.' }) items: InboundSmsResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last.' })
  nextCursor: string | null;
}

export function toInboundSmsResponse(s: InboundSmsEntity): InboundSmsResponse {
  return {
    sid: s.sid,
    from: s.fromNumber,
    body: s.body,
    receivedAt: s.receivedAt.toISOString(),
    handledAs: s.handledAs,
    keyword: s.keyword,
    optOutType: s.optOutType,
    flagged: s.flagReason !== null,
    flagReason: s.flagReason,
    reviewedAt: s.reviewedAt ? s.reviewedAt.toISOString() : null,
    followUpId: s.followUpId,
  };
}
