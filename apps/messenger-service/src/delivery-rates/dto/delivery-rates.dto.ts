import { ApiProperty } from '@nestjs/swagger';
import { DeliveryRates } from '@prespond/contracts';
import { SENDER_TYPES, SenderType, SmsSender } from '../../config/sms-senders';

export class SmsSenderRateResponse {
  @ApiProperty({ example: '+18005550100' }) from: string;
  @ApiProperty({ enum: SENDER_TYPES, nullable: true, description: 'null: TWILIO_FROM alone (SMS_SENDERS unset).' }) type: SenderType | null;
  @ApiProperty({ nullable: true, type: Number, example: 3, description: 'Texts per second; null: no limit.' }) perSecond: number | null;
}

export class SmsRatesResponse {
  @ApiProperty({ type: [SmsSenderRateResponse] }) senders: SmsSenderRateResponse[];
  @ApiProperty({ nullable: true, type: Number, example: 103, description: 'All senders together; null: no limit.' }) perSecond: number | null;
}

export class EmailRatesResponse {
  @ApiProperty({ nullable: true, type: Number, example: 20, description: 'EMAIL_RATE_PER_SECOND; null: no limit.' }) perSecond: number | null;
}

/** The rates the providers are held to (SMS_SENDERS, EMAIL_RATE_PER_SECOND); the DeliveryRates contract. */
export class DeliveryRatesResponse implements DeliveryRates {
  @ApiProperty() sms: SmsRatesResponse;
  @ApiProperty() email: EmailRatesResponse;
}

export function toDeliveryRatesResponse(senders: readonly SmsSender[], emailPerSecond: number | null): DeliveryRatesResponse {
  const limited = senders.every((s) => s.perSecond !== null);
  return {
    sms: {
      senders: senders.map(({ from, type, perSecond }) => ({ from, type, perSecond })),
      perSecond: limited ? senders.reduce((total, s) => total + s.perSecond!, 0) : null,
    },
    email: { perSecond: emailPerSecond },
  };
}
