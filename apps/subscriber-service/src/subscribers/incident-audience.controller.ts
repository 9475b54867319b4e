import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@prespond/platform';
import { IncidentAudienceQuery, IncidentAudienceResponse } from './dto/incident-audience.dto';
import { SubscribersService } from './subscribers.service';

/** How many customers an incident reaches, by channel: incident-service's delivery estimate asks before ops declare. */
@ApiTags('subscribers')
@Roles('ops')
@Controller('audience')
export class IncidentAudienceController {
  constructor(private readonly subscribers: SubscribersService) {}

  @Get('count')
  @ApiOkResponse({ type: IncidentAudienceResponse })
  count(@Query() query: IncidentAudienceQuery): Promise<IncidentAudienceResponse> {
    return this.subscribers.incidentAudience(query);
  }
}
