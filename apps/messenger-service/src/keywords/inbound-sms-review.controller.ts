import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InboundSmsPage, InboundSmsParams, InboundSmsResponse, ListInboundSmsQuery } from './dto/inbound-sms.dto';
import { InboundSmsService } from './inbound-sms.service';
import { Roles } from '@prespond/platform';

/** Ops read what customers texted us, above all the texts flagged for review ("stop texting me"), and mark them read. */
@ApiTags('inbound-sms')
@Roles('ops')
@Controller('inbound-sms')
export class InboundSmsReviewController {
  constructor(private readonly inbound: InboundSmsService) {}

  @Get()
  @ApiOkResponse({ type: InboundSmsPage })
  list(@Query() query: ListInboundSmsQuery): Promise<InboundSmsPage> {
    return this.inbound.list(query);
  }

  @Post(':sid/review')
  @HttpCode(200)
  @ApiOkResponse({ type: InboundSmsResponse })
  @ApiNotFoundResponse({ description: 'No text with this sid.' })
  @ApiConflictResponse({ description: 'The text was not flagged for review.' })
  review(@Param() params: InboundSmsParams): Promise<InboundSmsResponse> {
    return this.inbound.review(params.sid);
  }
}
