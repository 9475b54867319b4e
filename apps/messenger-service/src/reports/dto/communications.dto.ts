import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { Channel, CHANNELS } from '@prespond/contracts';
import { CsvCell } from '@prespond/platform';
import { MESSAGE_STATUSES, MessageEntity, MessageStatus } from '../../delivery/message.entity';
import { redactLinks } from '../../rendering/message-links';

export class SubscriberParams {
  @ApiProperty({ description: 'Subscriber id.' }) @IsUUID()
  id: string;
}

export class CommunicationsQuery {
  @ApiPropertyOptional({ description: 'Continue after this point (from `nextCursor`).' })
  @IsOptional() @IsString()
  cursor?: string;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional() @Transform(({ value }) => Number(value)) @IsInt() @Min(1) @Max(500)
  limit?: number;
}

/** One message we sent (or tried to send) a customer. */
export class CommunicationResponse {
  @ApiProperty({ description: 'The message (notification) id.' }) id: string;
  @ApiProperty({ description: 'When we decided to tell her.' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'When the provider accepted it.' }) sentAt: string | null;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ description: 'Phone number or email address it went to.' }) address: string;
  @ApiProperty() template: string;
  @ApiProperty({ nullable: true, type: String }) incidentId: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Which update of the incident it reported.' }) updateSequence: number | null;
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty({ description: 'The text as sent (the SMS, or the email\'s plain-text part).' }) body: string;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status: MessageStatus;
  @ApiProperty({ description: 'When the status last changed.' }) statusAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'When a message held for her quiet hours goes (or went) out.' }) dueAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Provider error code, or `suppressed`.' }) errorCode: string | null;
  @ApiProperty({ nullable: true, type: String }) errorMessage: string | null;
}

export class CommunicationsPage {
  @ApiProperty({ type: [CommunicationResponse], description: 'Newest first.' }) items: CommunicationResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last.' })
  nextCursor: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toCommunication(m: MessageEntity): CommunicationResponse {
  return {
    id: m.id,
    createdAt: m.createdAt.toISOString(),
    sentAt: iso(m.sentAt),
    channel: m.channel,
    address: m.address,
    template: m.template,
    incidentId: m.incidentId,
    updateSequence: m.updateSequence,
    subject: redactLinks(m.subject),
    body: redactLinks(m.body),
    status: m.status,
    statusAt: m.statusAt.toISOString(),
    dueAt: iso(m.dueAt),
    errorCode: m.errorCode,
    errorMessage: m.errorMessage,
  };
}

/** The CSV columns of the communication log, in order, and each one's value. */
export const COMMUNICATION_CSV_COLUMNS: [string, (c: CommunicationResponse) => CsvCell][] = [
  ['created_at', (c) => c.createdAt],
  ['sent_at', (c) => c.sentAt],
  ['channel', (c) => c.channel],
  ['address', (c) => c.address],
  ['template', (c) => c.template],
  ['incident_id', (c) => c.incidentId],
  ['update_sequence', (c) => c.updateSequence],
  ['subject', (c) => c.subject],
  ['body', (c) => c.body],
  ['status', (c) => c.status],
  ['status_at', (c) => c.statusAt],
  ['error_code', (c) => c.errorCode],
  ['error_message', (c) => c.errorMessage],
  ['message_id', (c) => c.id],
  ['due_at', (c) => c.dueAt],
];
