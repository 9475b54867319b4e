import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Principal, Roles } from '@prespond/platform';
import { DeliveryEstimateResponse, EstimateQuery } from '../estimates/dto/delivery-estimate.dto';
import { EstimatesService } from '../estimates/estimates.service';
import { DeclaredIncidentResponse, DeclareIncidentDto, IncidentResponse, ListIncidentsQuery, PostIncidentUpdateDto, ResolveIncidentDto } from './dto/incident.dto';
import { IncidentsService } from './incidents.service';

@ApiTags('incidents')
@Roles('ops')
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly estimates: EstimatesService,
  ) {}

  /** The estimate is asked for alongside the declaration, so it adds no wait beyond ESTIMATE_TIMEOUT_MS. */
  @Post()
  @ApiCreatedResponse({ type: DeclaredIncidentResponse })
  async declare(@Body() dto: DeclareIncidentDto, @Actor() actor: Principal): Promise<DeclaredIncidentResponse> {
    const estimate = this.estimates.estimateOrNull(dto.components, dto.regions ?? []);
    const incident = await this.incidents.declare(dto, actor.name);
    return { ...incident, estimate: await estimate };
  }

  /** What declaring would send, and how long it would take, before ops declare. Before `:id`, which would take it. */
  @Get('estimate')
  @ApiOkResponse({ type: DeliveryEstimateResponse })
  @ApiServiceUnavailableResponse({ description: 'subscriber-service or messenger-service did not answer within ESTIMATE_TIMEOUT_MS.' })
  estimate(@Query() query: EstimateQuery): Promise<DeliveryEstimateResponse> {
    return this.estimates.estimate(query.components, query.regions ?? []);
  }

  @Post(':id/updates')
  @HttpCode(201)
  @ApiCreatedResponse({ type: IncidentResponse })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: PostIncidentUpdateDto, @Actor() actor: Principal): Promise<IncidentResponse> {
    return this.incidents.postUpdate(id, dto, { author: actor.name });
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOkResponse({ type: IncidentResponse })
  resolve(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ResolveIncidentDto, @Actor() actor: Principal): Promise<IncidentResponse> {
    return this.incidents.resolve(id, dto.message, actor.name);
  }

  @Get()
  @ApiOkResponse({ type: [IncidentResponse] })
  list(@Query() query: ListIncidentsQuery): Promise<IncidentResponse[]> {
    return this.incidents.list(query.state ?? 'all');
  }

  @Get(':id')
  @ApiOkResponse({ type: IncidentResponse })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<IncidentResponse> {
    return this.incidents.get(id);
  }
}
