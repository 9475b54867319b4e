import { Module } from '@nestjs/common';
import { SHARED_RATES, SharedRates } from './shared-rates';
import { CHANNEL_PROVIDERS, ChannelProvider } from './channel-provider';
import { SmtpEmailProvider } from './email/smtp/smtp-email.provider';
import { TwilioSmsProvider } from './sms/twilio/twilio-sms.provider';

/** One provider per channel. Adding a vendor: a folder under providers/<channel>/, listed here. */
@Module({
  providers: [
    { provide: SHARED_RATES, useClass: SharedRates },
    TwilioSmsProvider,
    SmtpEmailProvider,
    {
      provide: CHANNEL_PROVIDERS,
      useFactory: (sms: TwilioSmsProvider, email: SmtpEmailProvider): ChannelProvider[] => [sms, email],
      inject: [TwilioSmsProvider, SmtpEmailProvider],
    },
  ],
  // The providers themselves too: their rate limits are read by delivery-rates/.
  exports: [CHANNEL_PROVIDERS, TwilioSmsProvider, SmtpEmailProvider],
})
export class ProvidersModule {}
