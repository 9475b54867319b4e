import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { Clock, Roles } from '@prespond/platform';
import { ActivityOutcomeResponse, ActivityResponse, RecordActivityDto } from './dto/activity.dto';
import { ActivityService } from './activity.service';

@ApiTags('subscribers')
@Roles('admin')
@Controller('subscribers/:id/activity')
export class ActivityController {
  constructor(
    private readonly activity: ActivityService,
    private readonly clock: Clock,
  ) {}

  /** She was active (a login, a purchase, a call): last seen moves forward; after a long absence, a welcome-back. */
  @Post()
  @ApiCreatedResponse({ type: ActivityOutcomeResponse })
  record(@Param('id', ParseUUIDPipe) id: string, @Body() dto: RecordActivityDto): Promise<ActivityOutcomeResponse> {
    return this.activity.record({
      activityId: dto.activityId ?? randomUUID(),
      subscriberId: id,
      type: dto.type,
      occurredAt: dto.occurredAt ? new Date(dto.occurredAt) : this.clock.now(),
      source: dto.source ?? 'http',
    });
  }

  /** Her latest activities (up to 100), newest first. */
  @Get()
  @ApiOkResponse({ type: ActivityResponse, isArray: true })
  list(@Param('id', ParseUUIDPipe) id: string): Promise<ActivityResponse[]> {
    return this.activity.recent(id);
  }
}
