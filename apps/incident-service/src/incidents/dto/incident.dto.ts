import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { INCIDENT_STATUSES, IncidentStatus, SEVERITIES, Severity } from '@prespond/contracts';
import { IsInstant, IsTagList } from '@prespond/platform';
import { DeliveryEstimateResponse } from '../../estimates/dto/delivery-estimate.dto';
import { IncidentEntity } from '../incident.entity';
import { IncidentUpdateEntity, UpdateAuthor } from '../incident-update.entity';

const OPEN_STATUSES = INCIDENT_STATUSES.filter((s) => s !== 'resolved');

/** Ops declare an incident. */
export class DeclareIncidentDto {
  @ApiProperty({ example: 'Internet outage in Berlin' })
  @IsString() @Length(3, 200)
  title: string;

  @ApiProperty({ description: 'What customers are told, in plain words.', example: 'A fibre cable was cut; internet is down in parts of Berlin.' })
  @IsString() @Length(3, 1000)
  message: string;

  @ApiPropertyOptional({ enum: OPEN_STATUSES, default: 'investigating' })
  @IsOptional() @IsIn(OPEN_STATUSES)
  status?: Exclude<IncidentStatus, 'resolved'>;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity: Severity;

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

/** Ops post an update. Omitted fields keep their current value, except ETA and next update, which are per update. */
export class PostIncidentUpdateDto {
  @ApiProperty({ example: 'The cable is being spliced; service is coming back street by street.' })
  @IsString() @Length(3, 1000)
  message: string;

  @ApiPropertyOptional({ enum: INCIDENT_STATUSES, description: '`resolved` resolves the incident.' })
  @IsOptional() @IsIn(INCIDENT_STATUSES)
  status?: IncidentStatus;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional() @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({ description: 'Replaces the affected components.' })
  @IsOptional() @IsTagList() @ArrayMinSize(1)
  components?: string[];

  @ApiPropertyOptional({ description: 'Replaces the affected regions.' })
  @IsOptional() @IsTagList()
  regions?: string[];

  @ApiPropertyOptional()
  @IsOptional() @IsInstant({ future: true })
  eta?: string;

  @ApiPropertyOptional()
  @IsOptional() @IsInstant({ future: true })
  nextUpdateBy?: string;
}

/** Ops resolve the incident. */
export class ResolveIncidentDto {
  @ApiProperty({ example: 'The cable is repaired and everyone is back online.' })
  @IsString() @Length(3, 1000)
  message: string;
}

export class ListIncidentsQuery {
  @ApiPropertyOptional({ enum: ['active', 'resolved', 'all'], default: 'all' })
  @IsOptional() @IsIn(['active', 'resolved', 'all'])
  state?: 'active' | 'resolved' | 'all';
}

export class IncidentUpdateResponse {
  @ApiProperty() id: string;
  @ApiProperty() sequence: number;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status: IncidentStatus;
  @ApiProperty() message: string;
  @ApiProperty({ nullable: true, type: String }) eta: string | null;
  @ApiProperty({ nullable: true, type: String }) nextUpdateBy: string | null;
  @ApiProperty() createdAt: string;
}

/** A timeline entry as the API shows it: the update, and who posted it (a person, or the promise watchdog). */
export class TimelineEntryResponse extends IncidentUpdateResponse {
  @ApiProperty({ enum: ['person', 'watchdog'], nullable: true, description: 'Null on entries older than this field.' })
  postedBy: UpdateAuthor | null;
  @ApiProperty({ nullable: true, type: String, description: 'Who posted it (their API key\'s name, or the person acting through the console); null for the watchdog and older entries.' })
  author: string | null;
}

export class IncidentResponse {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status: IncidentStatus;
  @ApiProperty({ enum: SEVERITIES }) severity: Severity;
  @ApiProperty({ type: [String] }) components: string[];
  @ApiProperty({ type: [String] }) regions: string[];
  @ApiProperty() declaredAt: string;
  @ApiProperty({ nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ type: [TimelineEntryResponse], description: 'The timeline, oldest first.' })
  timeline: TimelineEntryResponse[];
}

/** The declared incident, with how long its first message takes to reach everyone. */
export class DeclaredIncidentResponse extends IncidentResponse {
  @ApiProperty({
    type: DeliveryEstimateResponse,
    nullable: true,
    description: 'null when subscriber-service or messenger-service did not answer in time (ESTIMATE_TIMEOUT_MS): the declaration goes ahead regardless.',
  })
  estimate: DeliveryEstimateResponse | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toUpdateResponse(u: IncidentUpdateEntity): IncidentUpdateResponse {
  return {
    id: u.id,
    sequence: u.sequence,
    status: u.status,
    message: u.message,
    eta: iso(u.eta),
    nextUpdateBy: iso(u.nextUpdateBy),
    createdAt: u.createdAt.toISOString(),
  };
}

/** The incident without its timeline: the API's view and the `incident` of every incident.changed event. */
export function toIncidentSnapshot(incident: IncidentEntity): Omit<IncidentResponse, 'timeline'> {
  return {
    id: incident.id,
    title: incident.title,
    status: incident.status,
    severity: incident.severity,
    components: incident.components,
    regions: incident.regions,
    declaredAt: incident.declaredAt.toISOString(),
    resolvedAt: iso(incident.resolvedAt),
  };
}

export function toTimelineEntry(u: IncidentUpdateEntity): TimelineEntryResponse {
  return { ...toUpdateResponse(u), postedBy: u.postedBy, author: u.author };
}

export function toIncidentResponse(incident: IncidentEntity, timeline: IncidentUpdateEntity[]): IncidentResponse {
  return { ...toIncidentSnapshot(incident), timeline: [...timeline].sort((a, b) => a.sequence - b.sequence).map(toTimelineEntry) };
}
