import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  AudiencePreviewResponse, AudienceQueryDto, CampaignParams, CampaignResponse, CampaignResultsResponse, CreateCampaignDto, MessagePreviewDto, MessagePreviewResponse,
  UpdateCampaignDto,
} from './dto/campaign.dto';
import { Roles } from '@prespond/platform';
import { CampaignsService } from './campaigns.service';

/** Marketing campaigns: draft, preview, schedule, pause, resume, cancel, results. */
@ApiTags('campaigns')
@Roles('marketing')
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @ApiCreatedResponse({ type: CampaignResponse })
  create(@Body() dto: CreateCampaignDto): Promise<CampaignResponse> {
    return this.campaigns.create(dto);
  }

  @Get()
  @ApiOkResponse({ type: [CampaignResponse] })
  list(): Promise<CampaignResponse[]> {
    return this.campaigns.list();
  }

  /** The audience of a draft not saved yet: size, per channel, each exclusion, a sample (the console's live count). */
  @Post('audience')
  @HttpCode(200)
  @ApiOkResponse({ type: AudiencePreviewResponse })
  audienceQuery(@Body() dto: AudienceQueryDto): Promise<AudiencePreviewResponse> {
    return this.campaigns.audienceQuery(dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: CampaignResponse })
  get(@Param() params: CampaignParams): Promise<CampaignResponse> {
    return this.campaigns.get(params.id);
  }

  /** Changes a draft; 409 once it is scheduled. */
  @Patch(':id')
  @ApiOkResponse({ type: CampaignResponse })
  update(@Param() params: CampaignParams, @Body() dto: UpdateCampaignDto): Promise<CampaignResponse> {
    return this.campaigns.update(params.id, dto);
  }

  /** Audience size now (exclusions applied), how many each exclusion leaves out, and a sample of recipients. */
  @Get(':id/audience')
  @ApiOkResponse({ type: AudiencePreviewResponse })
  audience(@Param() params: CampaignParams): Promise<AudiencePreviewResponse> {
    return this.campaigns.audiencePreview(params.id);
  }

  /** Her message on a channel, rendered as it would be sent (with `content`: as a draft being edited would); nothing is sent or saved. */
  @Post(':id/preview')
  @HttpCode(200)
  @ApiOkResponse({ type: MessagePreviewResponse })
  preview(@Param() params: CampaignParams, @Body() dto: MessagePreviewDto): Promise<MessagePreviewResponse> {
    return this.campaigns.messagePreview(params.id, dto);
  }

  /** Draft → scheduled (400 if it is incomplete, 409 if it is not a draft). */
  @Post(':id/schedule')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignResponse })
  schedule(@Param() params: CampaignParams): Promise<CampaignResponse> {
    return this.campaigns.schedule(params.id);
  }

  /** Scheduled or running → paused; nothing more is planned once this returns. */
  @Post(':id/pause')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignResponse })
  pause(@Param() params: CampaignParams): Promise<CampaignResponse> {
    return this.campaigns.pause(params.id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignResponse })
  resume(@Param() params: CampaignParams): Promise<CampaignResponse> {
    return this.campaigns.resume(params.id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignResponse })
  cancel(@Param() params: CampaignParams): Promise<CampaignResponse> {
    return this.campaigns.cancel(params.id);
  }

  @Get(':id/results')
  @ApiOkResponse({ type: CampaignResultsResponse })
  results(@Param() params: CampaignParams): Promise<CampaignResultsResponse> {
    return this.campaigns.results(params.id);
  }

  @Get(':id/results.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  @Header('content-type', 'text/csv; charset=utf-8')
  async resultsCsv(@Param() params: CampaignParams, @Res({ passthrough: true }) response: Response): Promise<string> {
    response.setHeader('content-disposition', `attachment; filename="campaign-${params.id}.csv"`);
    return this.campaigns.resultsCsv(params.id);
  }
}
