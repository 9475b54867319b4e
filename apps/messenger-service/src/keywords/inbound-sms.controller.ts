import { Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@prespond/platform';
import { TwilioSignatureGuard } from '../status-callbacks/twilio-signature.guard';
import { InboundSmsService } from './inbound-sms.service';

export const TWILIO_INBOUND_SMS_PATH = '/webhooks/twilio/sms';

/** Nothing to say back in TwiML: answers go out as messages of their own (logged, delivered once). */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * Texts customers send us (Twilio's inbound-message webhook, verified by signature): STOP/START/HELP keywords,
 * follow-up answers, and everything else, each recorded once (see InboundSmsService).
 */
@ApiExcludeController()
@Public()
@Controller()
export class InboundSmsController {
  constructor(private readonly inbound: InboundSmsService) {}

  @Post(TWILIO_INBOUND_SMS_PATH)
  @HttpCode(200)
  @Header('content-type', 'text/xml')
  @UseGuards(TwilioSignatureGuard)
  async received(@Body() body: Record<string, string>): Promise<string> {
    // Twilio always sends these; a post without them is not a message, and there is nothing to record.
    if (body.MessageSid && body.From) {
      await this.inbound.receive({ sid: body.MessageSid, from: body.From, body: body.Body ?? '', optOutType: body.OptOutType || undefined });
    }
    return EMPTY_TWIML;
  }
}
