import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@prespond/platform';
import {
  AudienceTagsResponse,
  IncidentAudienceMemberResponse,
  IncidentAudienceQuery,
  IncidentAudienceResponse,
  IncidentAudienceSampleQuery,
} from './dto/incident-audience.dto';
import { SubscribersService } from './subscribers.service';

/**
 * Whom an incident reaches, matched as the fan-out matches: incident-service's delivery estimate asks how many before
 * ops declare, and the console shows the components and regions to choose from and a few customers to preview.
 */
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

  /** Up to `limit` (by id) of the subscribers an incident on these components and regions would reach. */
  @Get('sample')
  @ApiOkResponse({ type: IncidentAudienceMemberResponse, isArray: true })
  sample(@Query() query: IncidentAudienceSampleQuery): Promise<IncidentAudienceMemberResponse[]> {
    return this.subscribers.incidentAudienceSample(query);
  }

  /** The components and regions customers name as theirs (what an incident can be about), most followed first. */
  @Get('tags')
  @Roles('ops', 'marketing')
  @ApiOkResponse({ type: AudienceTagsResponse })
  tags(): Promise<AudienceTagsResponse> {
    return this.subscribers.audienceTags();
  }
}
