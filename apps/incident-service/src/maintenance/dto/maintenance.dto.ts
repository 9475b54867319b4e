import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { MAINTENANCE_ENTRY_KINDS, MAINTENANCE_STATES, MaintenanceEntry, MaintenanceEntryKind, MaintenanceSnapshot, MaintenanceState } from '@prespond/contracts';
import { IsInstant, IsTagList } from '@prespond/platform';
import { MaintenanceEntity, MaintenanceEntryEntity } from '../maintenance.entity';

/** Ops schedule a maintenance window. */
export class ScheduleMaintenanceDto {
  @ApiProperty({ example: 'Network upgrade in Berlin' })
  @IsString() @Length(3, 200)
  title: string;

  @ApiProperty({ description: 'What customers are told about the work, in plain words.', example: 'We are upgrading the network; internet may drop for a few minutes.' })
  @IsString() @Length(3, 1000)
  message: string;

  @ApiProperty({ example: ['internet'], description: 'Components under maintenance.' })
  @IsTagList() @ArrayMinSize(1)
  components: string[];

  @ApiPropertyOptional({ example: ['berlin'], description: 'Regions under maintenance; empty or omitted means every region.' })
  @IsOptional() @IsTagList()
  regions?: string[];

  @ApiProperty({ example: '2030-01-31T01:00:00Z', description: 'When the work starts: in the future.' })
  @IsInstant()
  startsAt: string;

  @ApiProperty({ example: '2030-01-31T03:00:00Z', description: 'When it ends: after the start.' })
  @IsInstant()
  endsAt: string;
}

/**
 * Ops move or extend a window: a new start (before it has begun), a new end, or both. Customers are told the new
 * times once, and the notices ahead are sent again for the new start.
 */
export class RescheduleMaintenanceDto {
  @ApiPropertyOptional({ description: 'The new start, in the future; only before the window has begun.' })
  @IsOptional() @IsInstant()
  startsAt?: string;

  @ApiPropertyOptional({ description: 'The new end, after the start (and in the future once it has begun).' })
  @IsOptional() @IsInstant()
  endsAt?: string;

  @ApiPropertyOptional({ description: 'What customers are told about the change; their notice repeats the work\'s description when omitted.' })
  @IsOptional() @IsString() @Length(3, 1000)
  message?: string;
}

/** Ops cancel a window before it begins, or complete a running one early. */
export class EndMaintenanceDto {
  @ApiPropertyOptional({ description: 'What customers are told; a standard sentence when omitted.' })
  @IsOptional() @IsString() @Length(3, 1000)
  message?: string;
}

export const MAINTENANCE_LIST_STATES = ['upcoming', 'active', 'open', 'past', 'all'] as const;
export type MaintenanceListState = (typeof MAINTENANCE_LIST_STATES)[number];

export class ListMaintenanceQuery {
  @ApiPropertyOptional({
    enum: MAINTENANCE_LIST_STATES,
    default: 'all',
    description: '`upcoming`: scheduled; `active`: in progress; `open`: both; `past`: completed or cancelled.',
  })
  @IsOptional() @IsIn(MAINTENANCE_LIST_STATES)
  state?: MaintenanceListState;
}

export class MaintenanceEntryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: MAINTENANCE_ENTRY_KINDS }) kind: MaintenanceEntryKind;
  @ApiProperty() message: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ nullable: true, type: Number, description: '`notice` only: minutes before the start it was due.' }) offsetMinutes: number | null;
  @ApiProperty({ nullable: true, type: String }) previousStartsAt: string | null;
  @ApiProperty({ nullable: true, type: String }) previousEndsAt: string | null;
  @ApiProperty({ description: 'Whether customers were told of it (a move or cancellation before the first notice is not sent; the notice carries the new times).' }) announce: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Who made the change; null for the scheduler.' }) author: string | null;
  @ApiProperty() createdAt: string;
}

export class MaintenanceResponse {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() message: string;
  @ApiProperty({ enum: MAINTENANCE_STATES }) state: MaintenanceState;
  @ApiProperty({ type: [String] }) components: string[];
  @ApiProperty({ type: [String] }) regions: string[];
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() scheduleVersion: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelledAt: string | null;
  @ApiProperty({ type: [MaintenanceEntryResponse], description: 'The timeline, oldest first (notices ahead included).' })
  timeline: MaintenanceEntryResponse[];
}

/** The deployment's maintenance settings. */
export class MaintenanceSettingsResponse {
  @ApiProperty({ type: [Number], example: [4320, 60], description: 'Customers are told ahead this many minutes before the start, longest first (MAINTENANCE_NOTICE_OFFSETS).' })
  noticeOffsetsMinutes: number[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The window without its timeline: the `maintenance` of every maintenance.changed event. */
export function toMaintenanceSnapshot(m: MaintenanceEntity): MaintenanceSnapshot {
  return {
    id: m.id,
    title: m.title,
    message: m.message,
    state: m.state,
    components: m.components,
    regions: m.regions,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    scheduleVersion: m.scheduleVersion,
    createdAt: m.createdAt.toISOString(),
    startedAt: iso(m.startedAt),
    completedAt: iso(m.completedAt),
    cancelledAt: iso(m.cancelledAt),
  };
}

export function toMaintenanceEntry(e: MaintenanceEntryEntity): MaintenanceEntry {
  return {
    id: e.id,
    kind: e.kind,
    message: e.message,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    offsetMinutes: e.offsetMinutes,
    previousStartsAt: iso(e.previousStartsAt),
    previousEndsAt: iso(e.previousEndsAt),
    announce: e.announce,
    createdAt: e.createdAt.toISOString(),
  };
}

export function toMaintenanceResponse(m: MaintenanceEntity, entries: MaintenanceEntryEntity[]): MaintenanceResponse {
  const timeline = [...entries]
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
    .map((e) => ({ ...toMaintenanceEntry(e), author: e.author }));
  return { ...toMaintenanceSnapshot(m), timeline };
}
