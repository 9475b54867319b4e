import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@prespond/database';
import { KafkaModule, OutboxMessage } from '@prespond/kafka';
import { CoreModule, HealthModule, ReadinessCheck, ServiceInfo } from '@prespond/platform';
import { CHANNEL_PROVIDERS, ChannelProvider } from './providers/channel-provider';
import { DataRightsModule } from './data-rights/data-rights.module';
import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { DeliveryRatesModule } from './delivery-rates/delivery-rates.module';
import { ProvidersModule } from './providers/providers.module';
import { MESSENGER_CONFIG, MessengerServiceConfig } from './config/env';
import { FollowUpAnswerEntity, FollowUpEntity, InboundSmsEntity } from './follow-ups/follow-up.entity';
import { FollowUpsModule } from './follow-ups/follow-ups.module';
import { HoldIncidentEntity } from './hold/hold-incident.entity';
import { HoldMaintenanceEntity } from './hold/hold-maintenance.entity';
import { HoldMaintenance1766000000000 } from './migrations/1766000000000-HoldMaintenance';
import { HoldModule } from './hold/hold.module';
import { KeywordsModule } from './keywords/keywords.module';
import { CreateMessagesAndHold1763800000000 } from './migrations/1763800000000-CreateMessagesAndHold';
import { RecordSendAttempts1763900000000 } from './migrations/1763900000000-RecordSendAttempts';
import { SubscriberViewAndPreview1764000000000 } from './migrations/1764000000000-SubscriberViewAndPreview';
import { LinkMessagesToUpdates1764300000000 } from './migrations/1764300000000-LinkMessagesToUpdates';
import { FollowUps1764400000000 } from './migrations/1764400000000-FollowUps';
import { MessageKindAndCampaign1764500000000 } from './migrations/1764500000000-MessageKindAndCampaign';
import { SmsKeywordsAndFlaggedTexts1765200000000 } from './migrations/1765200000000-SmsKeywordsAndFlaggedTexts';
import { AddSubscriberErasures1765100000000 } from './migrations/1765100000000-AddSubscriberErasures';
import { AddAuditTrail1765300000000 } from './migrations/1765300000000-AddAuditTrail';
import { AuditWhoActedThroughTheConsole1765800000000 } from './migrations/1765800000000-AuditWhoActedThroughTheConsole';
import { SubscriberViewConsent1765500000000 } from './migrations/1765500000000-SubscriberViewConsent';
import { EarlyStatusCallbacks1765600000000 } from './migrations/1765600000000-EarlyStatusCallbacks';
import { DeferMessagesForQuietHours1765400000000 } from './migrations/1765400000000-DeferMessagesForQuietHours';
import { ReconcileLostStatusCallbacks1765700000000 } from './migrations/1765700000000-ReconcileLostStatusCallbacks';
import { PreviewsModule } from './previews/previews.module';
import { ReportsModule } from './reports/reports.module';
import { SubscribersViewModule } from './subscribers/subscribers.module';
import { MessageEntity } from './delivery/message.entity';
import { DeliveryModule } from './delivery/delivery.module';
import { ClaimLeases1766100000000 } from './migrations/1766100000000-ClaimLeases';
import { SharedSendRates1766200000000 } from './migrations/1766200000000-SharedSendRates';
import { StatusReconciliationModule } from './status-reconciliation/status-reconciliation.module';
import { TwilioStatusRoute } from './status-callbacks/twilio-status.route';

/** Its name and description, in its logs and API document (read without starting it by deploy/openapi.ts). */
export const MESSENGER_SERVICE_INFO: ServiceInfo = {
  name: 'messenger-service',
  description: 'Delivers notifications by SMS and email, keeps the message log, serves the on-hold announcement.',
};

/** messenger-service: renders and sends each notification, keeps the message log and the on-hold announcement. */
@Module({})
export class AppModule {
  static forRoot(config: MessengerServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(MESSENGER_CONFIG, config, { testClock: config.testClock, apiKeys: config.apiKeys }),
        DatabaseModule.forService({
          url: config.databaseUrl,
          schema: 'messenger',
          entities: [MessageEntity, HoldIncidentEntity, HoldMaintenanceEntity, FollowUpEntity, FollowUpAnswerEntity, InboundSmsEntity, OutboxMessage],
          migrations: [
            CreateMessagesAndHold1763800000000,
            RecordSendAttempts1763900000000,
            SubscriberViewAndPreview1764000000000,
            LinkMessagesToUpdates1764300000000,
            FollowUps1764400000000,
            MessageKindAndCampaign1764500000000,
            AddSubscriberErasures1765100000000,
            SmsKeywordsAndFlaggedTexts1765200000000,
            AddAuditTrail1765300000000,
            SubscriberViewConsent1765500000000,
            EarlyStatusCallbacks1765600000000,
            DeferMessagesForQuietHours1765400000000,
            ReconcileLostStatusCallbacks1765700000000,
            AuditWhoActedThroughTheConsole1765800000000,
            HoldMaintenance1766000000000,
            ClaimLeases1766100000000,
            SharedSendRates1766200000000,
          ],
        }),
        KafkaModule.forRoot(config.kafka),
        DeliveryModule,
        HoldModule,
        SubscribersViewModule,
        ReportsModule,
        FollowUpsModule,
        KeywordsModule,
        DataRightsModule,
        DeliveryRatesModule,
        StatusReconciliationModule,
        PreviewsModule,
        DeadLettersModule,
        HealthModule.forRoot({
          imports: [ProvidersModule],
          checks: {
            useFactory: (providers: ChannelProvider[]): ReadinessCheck[] =>
              providers.map((p) => ({ name: p.channel === 'sms' ? 'twilio' : 'smtp', check: () => p.ping() })),
            inject: [CHANNEL_PROVIDERS],
          },
        }),
      ],
      providers: [TwilioStatusRoute],
    };
  }
}
