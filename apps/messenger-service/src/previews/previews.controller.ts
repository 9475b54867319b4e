import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@prespond/platform';
import { RenderedMessage } from '../rendering/template-renderer';
import { PreviewIncidentDto, PreviewQuery, RenderedMessageResponse } from './dto/preview.dto';
import { PreviewsService } from './previews.service';

/** What a subscriber would receive: any template, rendered for her (her terms, her zone, her locale). Nothing is sent. */
@ApiTags('templates')
@Roles('ops', 'marketing')
@Controller('previews')
export class PreviewsController {
  constructor(private readonly previews: PreviewsService) {}

  @Get()
  @ApiOkResponse({ type: RenderedMessageResponse })
  preview(@Query() query: PreviewQuery): Promise<RenderedMessage> {
    return this.previews.preview(query);
  }

  /**
   * What she would get about an incident ops have not declared yet (its declaration by default). 404 when the
   * messenger has no copy of her.
   */
  @Post('incident')
  @HttpCode(200)
  @Roles('ops')
  @ApiOkResponse({ type: RenderedMessageResponse })
  previewIncident(@Body() body: PreviewIncidentDto): Promise<RenderedMessage> {
    return this.previews.previewIncident(body);
  }

  /** A `message.requested` (its `data`) rendered exactly as the messenger would send it, without sending. */
  @Post('messages')
  @HttpCode(200)
  @ApiBody({ description: 'The `data` of a message.requested v1 event (see @prespond/contracts).', schema: { type: 'object', additionalProperties: true } })
  @ApiOkResponse({ type: RenderedMessageResponse })
  previewMessage(@Body() body: Record<string, unknown>): RenderedMessage {
    return this.previews.previewMessage(body);
  }
}
