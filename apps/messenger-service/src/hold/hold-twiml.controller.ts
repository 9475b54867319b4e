import { All, Body, Controller, Header, HttpCode, Inject, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { Public } from '@prespond/platform';
import { MESSENGER_CONFIG, MessengerServiceConfig } from '../config/env';
import { TwilioSignatureGuard } from '../status-callbacks/twilio-signature.guard';
import { CallerHoldService } from './caller-hold.service';
import { HoldQuery } from './hold.controller';
import { afterGatherTwiml, announcementTwiml, gatherUrl, personalTwiml, SMS_UPDATES_CONFIRMATION, SMS_UPDATES_FAILED } from './hold-twiml';

export class TwimlQuery extends HoldQuery {
  @ApiPropertyOptional({ description: 'Set by the loop after she pressed 1: the incident she asked texts about in this call.' })
  @IsOptional() @IsUUID()
  following?: string;
}

export class GatherQuery extends HoldQuery {
  @ApiProperty({ description: 'The incident the caller was offered text updates about.' })
  @IsUUID()
  incidentId: string;
}

/** Twilio's call parameters (form-encoded); only these matter, and Twilio adds fields over time. */
type CallParams = Record<string, string | undefined>;

/**
 * The phone system's webhooks for callers on hold, verified by Twilio signature (URL with its query, and the posted
 * parameters): a forged request could otherwise subscribe any number to texts.
 */
@ApiTags('hold message')
@Public()
@Controller('hold-message')
@UseGuards(TwilioSignatureGuard)
export class HoldTwimlController {
  constructor(
    private readonly callers: CallerHoldService,
    @Inject(MESSENGER_CONFIG) private readonly config: MessengerServiceConfig,
  ) {}

  /**
   * TwiML for a queue's `<Enqueue waitUrl>`: the announcement, a pause, and back for the latest one. A caller
   * (`From`) who is a subscriber with an open incident touching her hears her own, with "press 1 for texts".
   */
  @All('twiml')
  @HttpCode(200)
  @Header('content-type', 'text/xml')
  @ApiProduces('text/xml')
  @ApiOkResponse({ description: 'TwiML.', schema: { type: 'string' } })
  async twiml(@Query() query: TwimlQuery, @Body() call: CallParams = {}): Promise<string> {
    const message = await this.callers.messageFor(call.From, query.region, query.following);
    const loop = { region: query.region, following: query.following };
    return message.offerIncidentId
      ? personalTwiml(message.text, gatherUrl(this.config.publicUrl, message.offerIncidentId, query.region), loop)
      : announcementTwiml(message.text, loop);
  }

  /** The key pressed during a caller's own announcement: 1 asks for text updates about the incident; then the loop. */
  @Post('gather')
  @HttpCode(200)
  @Header('content-type', 'text/xml')
  @ApiProduces('text/xml')
  @ApiOkResponse({ description: 'TwiML.', schema: { type: 'string' } })
  async gather(@Query() query: GatherQuery, @Body() call: CallParams = {}): Promise<string> {
    if (call.Digits !== '1') return afterGatherTwiml(null, { region: query.region });
    const outcome = await this.callers.requestSmsUpdates(call.From, query.incidentId, call.CallSid);
    if (outcome !== 'requested') return afterGatherTwiml(outcome === 'failed' ? SMS_UPDATES_FAILED : null, { region: query.region });
    return afterGatherTwiml(SMS_UPDATES_CONFIRMATION, { region: query.region, following: query.incidentId });
  }
}
