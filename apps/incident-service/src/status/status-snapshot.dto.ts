import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IncidentUpdateResponse } from '../incidents/dto/incident.dto';
import { INCIDENT_STATUSES, IncidentStatus, MAINTENANCE_STATES, MaintenanceState, SEVERITIES, Severity } from '@prespond/contracts';

export class StatusSnapshotQuery {
  @ApiPropertyOptional({ default: 90, minimum: 1, maximum: 366, description: 'How many days of history: incidents and maintenance that ended within them (open ones always).' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(366)
  days?: number;
}

/** An entry of an incident's public timeline: what customers were told, without who posted it. */
export class PublicIncidentUpdate extends IncidentUpdateResponse {}

export class PublicIncident {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status: IncidentStatus;
  @ApiProperty({ enum: SEVERITIES }) severity: Severity;
  @ApiProperty({ type: [String] }) components: string[];
  @ApiProperty({ type: [String] }) regions: string[];
  @ApiProperty() declaredAt: string;
  @ApiProperty({ nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: [PublicIncidentUpdate], description: 'Oldest first.' }) timeline: PublicIncidentUpdate[];
}

/** An entry of a maintenance window's public timeline (the notices sent to customers ahead of it are left out). */
export class PublicMaintenanceEntry {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['scheduled', 'rescheduled', 'started', 'completed', 'cancelled'] }) kind: 'scheduled' | 'rescheduled' | 'started' | 'completed' | 'cancelled';
  @ApiProperty() message: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() createdAt: string;
}

export class PublicMaintenance {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() message: string;
  @ApiProperty({ enum: MAINTENANCE_STATES }) state: MaintenanceState;
  @ApiProperty({ type: [String] }) components: string[];
  @ApiProperty({ type: [String] }) regions: string[];
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelledAt: string | null;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: [PublicMaintenanceEntry], description: 'Oldest first.' }) timeline: PublicMaintenanceEntry[];
}

/**
 * Everything the public status page shows, as incident-service knows it now. Nothing in it changes unless an incident
 * or a window changes (or the day, for `since`), so its ETag tells a poller whether anything happened.
 */
export class StatusSnapshot {
  @ApiProperty({ description: 'The first day of the history (UTC), `YYYY-MM-DD`.' }) since: string;
  @ApiProperty({ type: [PublicIncident], description: 'Open incidents, and those resolved within the history; newest first.' }) incidents: PublicIncident[];
  @ApiProperty({ type: [PublicMaintenance], description: 'Scheduled and running windows, and those ended within the history; latest start first.' }) maintenance: PublicMaintenance[];
}
