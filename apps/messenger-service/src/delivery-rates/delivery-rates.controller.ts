import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@prespond/platform';
import { SmtpEmailProvider } from '../providers/email/smtp/smtp-email.provider';
import { TwilioSmsProvider } from '../providers/sms/twilio/twilio-sms.provider';
import { DeliveryRatesResponse, toDeliveryRatesResponse } from './dto/delivery-rates.dto';

/** How fast the providers may send: incident-service turns it into the estimate ops see when they declare. */
@ApiTags('delivery')
@Roles('ops')
@Controller('delivery')
export class DeliveryRatesController {
  constructor(
    private readonly sms: TwilioSmsProvider,
    private readonly email: SmtpEmailProvider,
  ) {}

  @Get('rates')
  @ApiOkResponse({ type: DeliveryRatesResponse })
  rates(): DeliveryRatesResponse {
    return toDeliveryRatesResponse(this.sms.senders, this.email.perSecond);
  }
}
