import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { badRequest, Roles } from '@prespond/platform';
import { PlanTypeRemindersDto, PlanTypeResponse } from './dto/plan-type.dto';
import { PLAN_TYPE_FORMAT } from './dto/plan.dto';
import { PlansService } from './plans.service';

/** Reminder offsets per plan type: marketing decide when customers hear about a renewal (admin may too). */
@ApiTags('plans')
@Roles('marketing')
@Controller('plan-types')
export class PlanTypesController {
  constructor(private readonly plans: PlansService) {}

  /** Every plan type in use or configured, with its reminder offsets. */
  @Get()
  @ApiOkResponse({ type: [PlanTypeResponse] })
  list(): Promise<PlanTypeResponse[]> {
    return this.plans.types();
  }

  @Put(':type/reminders')
  @ApiOkResponse({ type: PlanTypeResponse })
  setReminders(@Param('type') type: string, @Body() dto: PlanTypeRemindersDto): Promise<PlanTypeResponse> {
    if (!PLAN_TYPE_FORMAT.test(type)) throw badRequest([{ field: 'type', reason: 'must be a lowercase slug of letters, digits and dashes' }]);
    return this.plans.setReminders(type, dto);
  }
}
