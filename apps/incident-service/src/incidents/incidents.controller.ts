import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Principal, Roles } from '@prespond/platform';
import { DeclareIncidentDto, IncidentResponse, ListIncidentsQuery, PostIncidentUpdateDto, ResolveIncidentDto } from './dto/incident.dto';
import { IncidentsService } from './incidents.service';

@ApiTags('incidents')
@Roles('ops')
@Controller('incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Post()
  @ApiOkResponse({ type: IncidentResponse })
  declare(@Body() dto: DeclareIncidentDto, @Actor() actor: Principal): Promise<IncidentResponse> {
    return this.incidents.declare(dto, actor.name);
  }

  @Post(':id/updates')
  @HttpCode(201)
  @ApiOkResponse({ type: IncidentResponse })
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
