import { Controller, Get, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Roles } from '@prespond/platform';
import { MessageEntity } from './message.entity';
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

/** The message log: what we told whom, and when, and what became of it. Newest first. */
@ApiTags('messages')
@Roles('ops')
@Controller('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesRepository) {}

  @Get()
  async list(@Query() query: ListMessagesQuery): Promise<MessageEntity[]> {
    const rows = await this.messages.list({ subscriberId: query.subscriberId, incidentId: query.incidentId }, query.limit ?? 100);
    // Her signed links are credentials to her settings: the log shows where they pointed, not the links themselves.
    return rows.map((m) => ({ ...m, subject: redactLinks(m.subject), body: redactLinks(m.body), outbound: null }));
  }
}
