import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@prespond/platform';
import { CreatePlanDto, PlanResponse, RenewPlanDto, UpdatePlanDto } from './dto/plan.dto';
import { PlansService } from './plans.service';

@ApiTags('plans')
@Roles('admin')
@Controller()
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Post('subscribers/:id/plans')
  @ApiCreatedResponse({ type: PlanResponse })
  create(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CreatePlanDto): Promise<PlanResponse> {
    return this.plans.create(id, dto);
  }

  /** Her plans, with the reminders each got. */
  @Get('subscribers/:id/plans')
  @ApiOkResponse({ type: [PlanResponse] })
  list(@Param('id', ParseUUIDPipe) id: string): Promise<PlanResponse[]> {
    return this.plans.ofSubscriber(id);
  }

  @Get('plans/:planId')
  @ApiOkResponse({ type: PlanResponse })
  get(@Param('planId', ParseUUIDPipe) planId: string): Promise<PlanResponse> {
    return this.plans.get(planId);
  }

  /** A new name, or a new renewal date (its reminders start over). */
  @Patch('plans/:planId')
  @ApiOkResponse({ type: PlanResponse })
  update(@Param('planId', ParseUUIDPipe) planId: string, @Body() dto: UpdatePlanDto): Promise<PlanResponse> {
    return this.plans.update(planId, dto);
  }

  @Post('plans/:planId/renew')
  @HttpCode(200)
  @ApiOkResponse({ type: PlanResponse })
  renew(@Param('planId', ParseUUIDPipe) planId: string, @Body() dto: RenewPlanDto): Promise<PlanResponse> {
    return this.plans.renew(planId, dto);
  }

  @Post('plans/:planId/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: PlanResponse })
  cancel(@Param('planId', ParseUUIDPipe) planId: string): Promise<PlanResponse> {
    return this.plans.cancel(planId);
  }
}
