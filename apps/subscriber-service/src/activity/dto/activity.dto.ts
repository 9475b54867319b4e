import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTIVITY_TYPES, ActivityType } from '@prespond/contracts';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsInstant } from '@prespond/platform';
import { Activity } from '../activity.repository';

/** A customer was active. Over HTTP the source is `http`; the Kafka topic `activity.recorded` names its own. */
export class RecordActivityDto {
  @ApiProperty({ enum: ACTIVITY_TYPES })
  @IsIn(ACTIVITY_TYPES)
  type: ActivityType;

  @ApiPropertyOptional({ description: 'When she was active (a date-time with an offset; not in the future); default: now.', example: '2030-03-02T09:15:00Z' })
  @IsOptional()
  // Not in the future is checked by ActivityService, with a little tolerance for clocks ahead, for HTTP and Kafka alike.
  @IsInstant()
  occurredAt?: string;

  @ApiPropertyOptional({ description: "The reporter's id of the activity: sending it again records nothing new. Default: a new id." })
  @IsOptional()
  @IsUUID()
  activityId?: string;

  @ApiPropertyOptional({ description: 'Which system saw it.', default: 'http' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  source?: string;
}

/** The welcome-back an activity planned, if it was a return. */
export class PlannedWelcomeBack {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: ['pending', 'skipped'] })
  state: 'pending' | 'sent' | 'skipped';

  @ApiProperty({ nullable: true, type: String })
  reason: string | null;
}

/** What recording an activity did. */
export class ActivityOutcomeResponse {
  @ApiProperty()
  activityId: string;

  @ApiProperty({ description: 'False if this activity id was already recorded (nothing changed).' })
  recorded: boolean;

  @ApiProperty({ nullable: true, type: String, description: 'Her last-seen time after this activity.' })
  lastSeenAt: string | null;

  @ApiProperty({ nullable: true, type: PlannedWelcomeBack, description: 'Set when the activity ended a long absence.' })
  welcomeBack: PlannedWelcomeBack | null;
}

export class ActivityResponse {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: ACTIVITY_TYPES })
  type: ActivityType;

  @ApiProperty()
  occurredAt: string;

  @ApiProperty()
  receivedAt: string;

  @ApiProperty()
  source: string;
}

export function toActivityResponse(a: Activity): ActivityResponse {
  return { id: a.id, type: a.type, occurredAt: a.occurredAt.toISOString(), receivedAt: a.receivedAt.toISOString(), source: a.source };
}
