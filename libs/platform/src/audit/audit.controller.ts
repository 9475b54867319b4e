import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Roles } from '../auth/access.decorators';
import { ROLES, Role } from '../auth/api-keys';
import { AuditEntry, AuditRepository } from './audit.repository';

export class AuditQuery {
  @ApiPropertyOptional({ description: 'Continue after this point (from `nextCursor`).' })
  @IsOptional() @Matches(/^[1-9][0-9]{0,17}$/, { message: 'must be a nextCursor this endpoint returned' })
  cursor?: string;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional() @Transform(({ value }) => Number(value)) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Only the changes of this caller (a key\'s name, or a person who acted through the console).' })
  @IsOptional() @IsString()
  actor?: string;
}

export class AuditEntryResponse {
  @ApiProperty() id: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ description: 'Who made the change: the name of their API key, or the person who acted through the console.' }) actor: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() method: string;
  @ApiProperty() path: string;
  @ApiProperty({ description: 'What the service answered.' }) statusCode: number;
  @ApiProperty({ nullable: true, type: String, description: 'The id the change was about, when the route has one.' }) targetId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The console key the person acted through; null when they used a key of their own.' })
  via: string | null;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntryResponse], description: 'Newest first.' }) items: AuditEntryResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last.' })
  nextCursor: string | null;
}

const toResponse = (e: AuditEntry): AuditEntryResponse => ({ ...e, occurredAt: e.occurredAt.toISOString() });

/** Who changed what in this service, newest first (admin only). */
@ApiTags('audit')
@Controller('audit')
@Roles('admin')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @ApiOkResponse({ type: AuditPage })
  async list(@Query() query: AuditQuery): Promise<AuditPage> {
    const limit = query.limit ?? 50;
    const entries = await this.audit.page({ before: query.cursor, limit, actor: query.actor });
    return { items: entries.map(toResponse), nextCursor: entries.length === limit ? entries[entries.length - 1].id : null };
  }
}
