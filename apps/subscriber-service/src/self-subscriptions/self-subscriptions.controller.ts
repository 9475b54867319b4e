import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiGoneResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@prespond/platform';
import { ConfirmByCodeDto, ConfirmByLinkDto, RequestSelfSubscriptionDto, SelfSubscriptionConfirmedResponse, SelfSubscriptionRequestedResponse } from './dto/self-subscription.dto';
import { SelfSubscriptionsService } from './self-subscriptions.service';

/**
 * Subscriptions from the public status page (which calls these for the customer). Public: safe for anyone to call,
 * since nothing is sent but one confirmation per address per window, and nothing happens until its holder confirms.
 */
@ApiTags('self-subscriptions')
@Public()
@Controller('self-subscriptions')
export class SelfSubscriptionsController {
  constructor(private readonly selfSubscriptions: SelfSubscriptionsService) {}

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: SelfSubscriptionRequestedResponse, description: 'The confirmation is on its way (or was sent earlier in this window).' })
  request(@Body() dto: RequestSelfSubscriptionDto): Promise<SelfSubscriptionRequestedResponse> {
    return this.selfSubscriptions.request(dto);
  }

  @Post('confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: SelfSubscriptionConfirmedResponse })
  @ApiGoneResponse({ description: 'The request expired.' })
  confirmByLink(@Body() dto: ConfirmByLinkDto): Promise<SelfSubscriptionConfirmedResponse> {
    return this.selfSubscriptions.confirmByLink(dto.token);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: SelfSubscriptionConfirmedResponse })
  @ApiConflictResponse({ description: 'Too many wrong codes.' })
  @ApiGoneResponse({ description: 'The request expired.' })
  confirmByCode(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ConfirmByCodeDto): Promise<SelfSubscriptionConfirmedResponse> {
    return this.selfSubscriptions.confirmByCode(id, dto.code);
  }
}
