import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { Clock, Roles } from '@prespond/platform';
import { DataSource } from 'typeorm';
import { INCIDENT_CONFIG, IncidentServiceConfig } from '../config/env';
import { PromiseAtRisk, PromiseResponse, PromiseStatsResponse } from './dto/promise.dto';
import { PromiseEntity } from './promise.entity';
import { PromisesRepository, PromiseStats } from './promises.repository';

export class PromisesQuery {
  @ApiPropertyOptional({ description: 'Only this incident.' })
  @IsOptional() @IsUUID()
  incidentId?: string;
}

/** Promised update times: which are at risk, how each ended, how many were kept. */
@ApiTags('promises')
@Roles('ops')
@Controller('promises')
export class PromisesController {
  constructor(
    private readonly promises: PromisesRepository,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(INCIDENT_CONFIG) private readonly config: IncidentServiceConfig,
  ) {}

  @Get()
  @ApiOkResponse({ type: [PromiseResponse] })
  list(@Query() query: PromisesQuery): Promise<PromiseEntity[]> {
    return query.incidentId ? this.promises.forIncident(query.incidentId) : this.dataSource.getRepository(PromiseEntity).find({ order: { createdAt: 'DESC' }, take: 500 });
  }

  /** Open promises due within the alert lead time, and those already past due. */
  @Get('at-risk')
  @ApiOkResponse({ type: [PromiseAtRisk] })
  async atRisk(): Promise<PromiseAtRisk[]> {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + this.config.promises.alertLeadMinutes * 60_000);
    const open = await this.promises.openDueBy(this.dataSource.manager, horizon);
    return open.map((p) => ({ incidentId: p.incidentId, promiseId: p.id, dueAt: p.dueAt.toISOString(), state: p.dueAt <= now ? 'overdue' : 'at-risk' }));
  }

  /** Promise-kept figures, overall or for one incident. */
  @Get('stats')
  @ApiOkResponse({ type: PromiseStatsResponse })
  stats(@Query() query: PromisesQuery): Promise<PromiseStats> {
    return this.promises.stats(query.incidentId);
  }
}
