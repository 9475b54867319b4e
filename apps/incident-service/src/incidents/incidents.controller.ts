import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DeclareIncidentDto, IncidentResponse, ListIncidentsQuery, PostIncidentUpdateDto, ResolveIncidentDto } from './dto/incident.dto';
import { IncidentsService } from './incidents.service';

@ApiTags('incidents')
@Controller('incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Post()
  @ApiOkResponse({ type: IncidentResponse })
  declare(@Body() dto: DeclareIncidentDto): Promise<IncidentResponse> {
    return this.incidents.declare(dto);
  }

  @Post(':id/updates')
  @HttpCode(201)
  @ApiOkResponse({ type: IncidentResponse })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: PostIncidentUpdateDto): Promise<IncidentResponse> {
    return this.incidents.postUpdate(id, dto);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOkResponse({ type: IncidentResponse })
  resolve(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ResolveIncidentDto): Promise<IncidentResponse> {
    return this.incidents.resolve(id, dto.message);
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
