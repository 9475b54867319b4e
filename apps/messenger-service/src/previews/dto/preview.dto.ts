import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsDefined, IsIn, IsObject, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { Channel, CHANNELS, INCIDENT_STATUSES, IncidentStatus, NotificationTemplate, SEVERITIES, Severity } from '@prespond/contracts';
import { IsInstant, IsTagList } from '@prespond/platform';
import { RenderedMessage } from '../../rendering/template-renderer';
import { DRAFT_TEMPLATES, DraftIncident, DraftTemplate } from '../draft-incident';

const TEMPLATES: NotificationTemplate[] = ['incident.declared', 'incident.updated', 'incident.resolved', 'incident.digest'];

export class PreviewQuery {
  @ApiProperty() @IsUUID()
  subscriberId: string;

  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS)
  channel: Channel;

  @ApiPropertyOptional({ enum: TEMPLATES, default: 'incident.updated' }) @IsOptional() @IsIn(TEMPLATES)
  template?: NotificationTemplate;

  @ApiPropertyOptional({ description: 'An open incident to show; a sample incident on her own components otherwise.' })
  @IsOptional() @IsUUID()
  incidentId?: string;
}

/**
 * An incident not declared yet, as ops are about to declare it (the fields and rules of incident-service's
 * DeclareIncidentDto; `status` may be `resolved` for a resolution's preview).
 */
export class DraftIncidentDto implements DraftIncident {
  @ApiProperty({ example: 'Internet outage in Berlin' })
  @IsString() @Length(3, 200)
  title: string;

  @ApiProperty({ description: 'What customers are told, in plain words.', example: 'A fibre cable was cut; internet is down in parts of Berlin.' })
  @IsString() @Length(3, 1000)
  message: string;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity: Severity;

  @ApiPropertyOptional({
    enum: INCIDENT_STATUSES,
    description: 'Default: `resolved` for incident.resolved, `investigating` otherwise; `resolved` only for incident.resolved.',
  })
  @IsOptional() @IsIn(INCIDENT_STATUSES)
  status?: IncidentStatus;

  @ApiProperty({ example: ['internet'], description: 'Affected components.' })
  @IsTagList() @ArrayMinSize(1)
  components: string[];

  @ApiPropertyOptional({ example: ['berlin'], description: 'Affected regions; empty or omitted means every region.' })
  @IsOptional() @IsTagList()
  regions?: string[];

  @ApiPropertyOptional({ example: '2030-01-31T16:30:00Z', description: 'When we expect it fixed.' })
  @IsOptional() @IsInstant({ future: true })
  eta?: string;

  @ApiPropertyOptional({ example: '2030-01-31T15:00:00Z', description: 'When customers will hear from us next.' })
  @IsOptional() @IsInstant({ future: true })
  nextUpdateBy?: string;
}

/** What one subscriber would get about an incident that is not declared yet. */
export class PreviewIncidentDto {
  @ApiProperty({ description: 'The subscriber (the messenger\'s copy of her).' }) @IsUUID()
  subscriberId: string;

  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS)
  channel: Channel;

  @ApiPropertyOptional({ enum: DRAFT_TEMPLATES, default: 'incident.declared' }) @IsOptional() @IsIn(DRAFT_TEMPLATES)
  template?: DraftTemplate;

  @ApiProperty({ type: DraftIncidentDto })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => DraftIncidentDto)
  incident: DraftIncidentDto;
}

/** A rendered message (RenderedMessage): an SMS has only `text`; an email has `subject`, `text` and `html`. */
export class RenderedMessageResponse implements RenderedMessage {
  @ApiPropertyOptional() subject?: string;
  @ApiProperty() text: string;
  @ApiPropertyOptional() html?: string;
}
