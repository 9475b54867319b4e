import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length } from 'class-validator';
import { CHANNELS, Channel } from '@prespond/contracts';
import { FollowUpAnswer, FollowUpAnswerEntity, FollowUpEntity } from '../follow-up.entity';

const ANSWERS: FollowUpAnswer[] = ['yes', 'trouble'];

export class ListFollowUpsQuery {
  @ApiProperty() @IsUUID()
  incidentId: string;
}

/** The answer a signed email link carries (in the query for GET, in the form for POST). */
export class LinkAnswerDto {
  @ApiProperty({ enum: ANSWERS }) @IsIn(ANSWERS)
  answer: FollowUpAnswer;

  @ApiProperty({ description: 'HMAC-SHA256 of (follow-up, answer), base64url.' }) @IsString() @Length(1, 200)
  signature: string;
}

export class FollowUpAnswerResponse {
  @ApiProperty({ enum: ANSWERS }) answer: FollowUpAnswer;
  @ApiProperty({ enum: CHANNELS }) via: Channel;
  @ApiProperty({ description: 'Only the first answer counts; later ones are kept as history.' }) counted: boolean;
  @ApiProperty() receivedAt: string;
}

export class FollowUpResponse {
  @ApiProperty() id: string;
  @ApiProperty() incidentId: string;
  @ApiProperty() subscriberId: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty() dueAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) askedAt: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ANSWERS }) answer: FollowUpAnswer | null;
  @ApiPropertyOptional({ nullable: true, type: String }) answeredAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) acknowledgedAt: string | null;
  @ApiProperty({ type: [FollowUpAnswerResponse] }) answers: FollowUpAnswerResponse[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toFollowUpResponse(f: FollowUpEntity, answers: FollowUpAnswerEntity[]): FollowUpResponse {
  return {
    id: f.id,
    incidentId: f.incidentId,
    subscriberId: f.subscriberId,
    channel: f.channel,
    dueAt: f.dueAt.toISOString(),
    askedAt: iso(f.askedAt),
    answer: f.answer,
    answeredAt: iso(f.answeredAt),
    acknowledgedAt: iso(f.acknowledgedAt),
    answers: answers
      .filter((a) => a.followUpId === f.id)
      .map((a) => ({ answer: a.answer, via: a.via, counted: a.counted, receivedAt: a.receivedAt.toISOString() })),
  };
}
