import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Channel, CHANNELS, MESSAGE_KINDS, MessageKind } from '@prespond/contracts';
import { Roles } from '@prespond/platform';
import { URGENCIES, Urgency } from '../quiet-hours/quiet-hours-policy';
import { MESSAGE_STATUSES, MessageEntity, MessageStatus } from './message.entity';
import { MessagesRepository } from './messages.repository';
import { redactLinks } from '../rendering/message-links';

export class ListMessagesQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID()
  subscriberId?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  incidentId?: string;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional() @Transform(({ value }) => Number(value)) @IsInt() @Min(1) @Max(1000)
  limit?: number;
}

/** One entry of the message log: a MessageEntity as JSON (times ISO 8601), her signed links redacted. */
export class MessageResponse {
  @ApiProperty({ description: 'The notification id.' }) id: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null for a keyword answer to a number that is nobody’s.' }) subscriberId: string | null;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty() template: string;
  @ApiProperty() address: string;
  @ApiProperty({ nullable: true, type: String }) incidentId: string | null;
  @ApiProperty({ nullable: true, type: String }) updateId: string | null;
  @ApiProperty({ nullable: true, type: Number }) updateSequence: number | null;
  @ApiProperty({ nullable: true, type: String }) updateCreatedAt: string | null;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind: MessageKind;
  @ApiProperty({ nullable: true, type: String }) campaignId: string | null;
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty({ description: 'The rendered text (the SMS, or the email’s plain-text part).' }) body: string;
  @ApiProperty({ nullable: true, type: String, description: 'The provider’s id (Twilio’s SID, the SMTP message id).' }) providerId: string | null;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status: MessageStatus;
  @ApiProperty({ nullable: true, type: String }) errorCode: string | null;
  @ApiProperty({ nullable: true, type: String }) errorMessage: string | null;
  @ApiProperty({ description: 'Provider calls started for it.' }) attempts: number;
  @ApiProperty({ nullable: true, type: String }) attemptedAt: string | null;
  @ApiProperty({ enum: URGENCIES, nullable: true }) urgency: Urgency | null;
  @ApiProperty({ nullable: true, type: String }) timeZone: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'A deferred message: when her quiet hours end.' }) dueAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) sentAt: string | null;
  @ApiProperty() statusAt: string;
}

/** The message log: what we told whom, and when, and what became of it. Newest first. */
@ApiTags('messages')
@Roles('ops')
@Controller('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesRepository) {}

  @Get()
  @ApiOkResponse({ type: [MessageResponse] })
  async list(@Query() query: ListMessagesQuery): Promise<MessageEntity[]> {
    const rows = await this.messages.list({ subscriberId: query.subscriberId, incidentId: query.incidentId }, query.limit ?? 100);
    // Her signed links are credentials to her settings: the log shows where they pointed, not the links themselves.
    return rows.map((m) => ({ ...m, subject: redactLinks(m.subject), body: redactLinks(m.body), outbound: null }));
  }
}
