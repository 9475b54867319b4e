import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '@prespond/platform';
import { CommunicationsPage, CommunicationsQuery, SubscriberParams } from './dto/communications.dto';
import { CampaignDeliveriesResponse, CampaignParams } from './dto/campaign-deliveries.dto';
import { IncidentDeliveriesResponse, IncidentParams } from './dto/deliveries.dto';
import { IncidentDeliveryTimeline } from './dto/delivery-timeline.dto';
import { ReportsService } from './reports.service';

/** Per incident: how many customers each update reached, how fast, and what became of the messages, and when. */
@ApiTags('reports')
@Roles('ops')
@Controller('reports/incidents')
export class DeliveriesController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':id/deliveries')
  @ApiOkResponse({ type: IncidentDeliveriesResponse })
  deliveries(@Param() params: IncidentParams): Promise<IncidentDeliveriesResponse> {
    return this.reports.deliveries(params.id);
  }

  /** Its messages accepted and delivered over time (for the report's chart), per bucket and channel. */
  @Get(':id/timeline')
  @ApiOkResponse({ type: IncidentDeliveryTimeline })
  timeline(@Param() params: IncidentParams): Promise<IncidentDeliveryTimeline> {
    return this.reports.deliveryTimeline(params.id);
  }
}

/** Per campaign: its messages per channel and what became of them (subscriber-service adds targeting and returns). */
@ApiTags('reports')
@Roles('marketing')
@Controller('reports/campaigns')
export class CampaignDeliveriesController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':id')
  @ApiOkResponse({ type: CampaignDeliveriesResponse })
  deliveries(@Param() params: CampaignParams): Promise<CampaignDeliveriesResponse> {
    return this.reports.campaignDeliveries(params.id);
  }
}

/** Per customer: everything we told her, when, on which channel, and what became of it. */
@ApiTags('reports')
@Roles('ops')
@Controller('subscribers')
export class CommunicationsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':id/communications')
  @ApiOkResponse({ type: CommunicationsPage })
  communications(@Param() params: SubscriberParams, @Query() query: CommunicationsQuery): Promise<CommunicationsPage> {
    return this.reports.communications(params.id, query.cursor, query.limit ?? 50);
  }

  @Get(':id/communications.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  @Header('content-type', 'text/csv; charset=utf-8')
  async communicationsCsv(@Param() params: SubscriberParams, @Res({ passthrough: true }) response: Response): Promise<string> {
    response.setHeader('content-disposition', `attachment; filename="communications-${params.id}.csv"`);
    return this.reports.communicationsCsv(params.id);
  }
}
