import { Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@prespond/platform';
import { TwilioSignatureGuard } from '../status-callbacks/twilio-signature.guard';
import { FollowUpsService } from './follow-ups.service';

export const TWILIO_INBOUND_SMS_PATH = '/webhooks/twilio/sms';

/** Nothing to say back: acknowledgements go out as messages of their own (logged, delivered once). */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * Texts customers send us (Twilio's inbound-message webhook, verified by signature). Every one is recorded; only a
 * bare "1" or "2" is taken as a follow-up answer. STOP/START/HELP are left to Twilio's own handling for now.
 */
@ApiExcludeController()
@Public()
@Controller()
export class InboundSmsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Post(TWILIO_INBOUND_SMS_PATH)
  @HttpCode(200)
  @Header('content-type', 'text/xml')
  @UseGuards(TwilioSignatureGuard)
  async received(@Body() body: Record<string, string>): Promise<string> {
    // Twilio always sends these; a post without them is not a message, and there is nothing to record.
    if (body.MessageSid && body.From) await this.followUps.receiveSms({ sid: body.MessageSid, from: body.From, body: body.Body ?? '' });
    return EMPTY_TWIML;
  }
}
