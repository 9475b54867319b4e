import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Principal, Roles } from '@prespond/platform';
import { IncidentResponse } from '../incidents/dto/incident.dto';
import { IncidentsService } from '../incidents/incidents.service';
import { ReopeningResponse, ResolveReopenedDto } from './dto/reopening.dto';
import { ReopeningsService } from './reopenings.service';

@ApiTags('incidents')
@Roles('ops')
@Controller('incidents')
export class ReopeningsController {
  constructor(
    private readonly reopenings: ReopeningsService,
    private readonly incidents: IncidentsService,
  ) {}

  @Get(':id/reopened')
  @ApiOperation({ summary: 'Customers who answered the follow-up with "still having trouble" (open and closed).' })
  @ApiOkResponse({ type: [ReopeningResponse] })
  list(@Param('id', ParseUUIDPipe) id: string): Promise<ReopeningResponse[]> {
    return this.reopenings.list(id);
  }

  @Post(':id/reopened/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'A final resolution for the customers who reopened the incident; closes their reopenings (409 if none is open).' })
  @ApiOkResponse({ type: IncidentResponse })
  resolve(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ResolveReopenedDto, @Actor() actor: Principal): Promise<IncidentResponse> {
    return this.incidents.resolveReopened(id, dto.message, actor.name);
  }
}
