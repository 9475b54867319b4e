import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Principal, Roles } from '@prespond/platform';
import { EndMaintenanceDto, ListMaintenanceQuery, MaintenanceResponse, MaintenanceSettingsResponse, RescheduleMaintenanceDto, ScheduleMaintenanceDto } from './dto/maintenance.dto';
import { MaintenanceService } from './maintenance.service';

/** Scheduled maintenance, for ops: customers hear of it ahead, at its start and at its end (see MaintenanceScheduler). */
@ApiTags('maintenance')
@Roles('ops')
@Controller('maintenance')
export class MaintenanceController {
  constructor(private readonly maintenance: MaintenanceService) {}

  @Post()
  @ApiCreatedResponse({ type: MaintenanceResponse })
  schedule(@Body() dto: ScheduleMaintenanceDto, @Actor() actor: Principal): Promise<MaintenanceResponse> {
    return this.maintenance.schedule(dto, actor.name);
  }

  @Get()
  @ApiOkResponse({ type: [MaintenanceResponse] })
  list(@Query() query: ListMaintenanceQuery): Promise<MaintenanceResponse[]> {
    return this.maintenance.list(query.state ?? 'all');
  }

  /** When customers are told ahead (MAINTENANCE_NOTICE_OFFSETS): for the console to say so before scheduling. */
  @Get('settings')
  @ApiOkResponse({ type: MaintenanceSettingsResponse })
  settings(): MaintenanceSettingsResponse {
    return this.maintenance.settings();
  }

  @Get(':id')
  @ApiOkResponse({ type: MaintenanceResponse })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<MaintenanceResponse> {
    return this.maintenance.get(id);
  }

  /** Move (a new start and end) or extend (a new end) the window. */
  @Post(':id/reschedule')
  @HttpCode(200)
  @ApiOkResponse({ type: MaintenanceResponse })
  @ApiConflictResponse({ description: 'The window is completed or cancelled.' })
  reschedule(@Param('id', ParseUUIDPipe) id: string, @Body() dto: RescheduleMaintenanceDto, @Actor() actor: Principal): Promise<MaintenanceResponse> {
    return this.maintenance.reschedule(id, dto, actor.name);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: MaintenanceResponse })
  @ApiConflictResponse({ description: 'The window has begun (complete it instead), or is over.' })
  cancel(@Param('id', ParseUUIDPipe) id: string, @Body() dto: EndMaintenanceDto, @Actor() actor: Principal): Promise<MaintenanceResponse> {
    return this.maintenance.cancel(id, dto, actor.name);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: MaintenanceResponse })
  @ApiConflictResponse({ description: 'The window has not begun (cancel it instead), or is over.' })
  complete(@Param('id', ParseUUIDPipe) id: string, @Body() dto: EndMaintenanceDto, @Actor() actor: Principal): Promise<MaintenanceResponse> {
    return this.maintenance.complete(id, dto, actor.name);
  }
}
