import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@prespond/database';
import { CoreModule, HealthModule, ServiceInfo } from '@prespond/platform';
import { KafkaModule, OutboxMessage } from '@prespond/kafka';
import { SUBSCRIBER_CONFIG, SubscriberServiceConfig } from './config/env';
import { ActivityModule } from './activity/activity.module';
import { CampaignEntity } from './campaigns/campaign.entity';
import { CampaignsModule } from './campaigns/campaigns.module';
import { ConsentModule } from './consent/consent.module';
import { ConsentRecordEntity } from './consent/consent-record.entity';
import { DataRightsModule } from './data-rights/data-rights.module';
import { FanoutModule } from './fanout/fanout.module';
import { IncidentFollowEntity } from './follows/incident-follow.entity';
import { FollowsModule } from './follows/follows.module';
import { SubscriberImportModule } from './imports/subscriber-import.module';
import { CreateSubscribers1763800000000 } from './migrations/1763800000000-CreateSubscribers';
import { AddOutbox1764000000000 } from './migrations/1764000000000-AddOutbox';
import { AddCadence1764100000000 } from './migrations/1764100000000-AddCadence';
import { AddIncidentFollows1764200000000 } from './migrations/1764200000000-AddIncidentFollows';
import { TrackReopenings1764400000000 } from './migrations/1764400000000-TrackReopenings';
import { ConsentActivityAndIncidents1764600000000 } from './migrations/1764600000000-ConsentActivityAndIncidents';
import { AddPlansAndRenewalReminders1764700000000 } from './migrations/1764700000000-AddPlansAndRenewalReminders';
import { AddActivityAndWelcomeBacks1764800000000 } from './migrations/1764800000000-AddActivityAndWelcomeBacks';
import { AddCampaigns1764900000000 } from './migrations/1764900000000-AddCampaigns';
import { AddQuietHours1765000000000 } from './migrations/1765000000000-AddQuietHours';
import { IndexSubscriberPhones1765200000000 } from './migrations/1765200000000-IndexSubscriberPhones';
import { AddExternalIdAndErasure1765100000000 } from './migrations/1765100000000-AddExternalIdAndErasure';
import { AddAuditTrail1765300000000 } from './migrations/1765300000000-AddAuditTrail';
import { AuditWhoActedThroughTheConsole1765800000000 } from './migrations/1765800000000-AuditWhoActedThroughTheConsole';
import { IndexContacts1765500000000 } from './migrations/1765500000000-IndexContacts';
import { ReopeningEntity } from './fanout/reopening.entity';
import { PlanTypeEntity } from './plans/plan-type.entity';
import { PlanEntity } from './plans/plan.entity';
import { PlansModule } from './plans/plans.module';
import { PreferencesModule } from './preferences/preferences.module';
import { SubscriberEntity } from './subscribers/subscriber.entity';
import { SubscribersModule } from './subscribers/subscribers.module';
import { SelfSubscriptionsModule } from './self-subscriptions/self-subscriptions.module';
import { SelfSubscriptionEntity } from './self-subscriptions/self-subscription.entity';
import { SelfSubscriptions1766000000000 } from './migrations/1766000000000-SelfSubscriptions';

/** Its name and description, in its logs and API document (read without starting it by deploy/openapi.ts). */
export const SUBSCRIBER_SERVICE_INFO: ServiceInfo = {
  name: 'subscriber-service',
  description: 'Subscribers, and the fan-out of incident changes into notification requests.',
};

/** subscriber-service: who our customers are, and which of them an incident affects. */
@Module({})
export class AppModule {
  static forRoot(config: SubscriberServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(SUBSCRIBER_CONFIG, config, { testClock: config.testClock, apiKeys: config.apiKeys }),
        DatabaseModule.forService({
          url: config.databaseUrl,
          schema: 'subscriber',
          entities: [
            SubscriberEntity,
            OutboxMessage,
            IncidentFollowEntity,
            ReopeningEntity,
            ConsentRecordEntity,
            PlanEntity,
            PlanTypeEntity,
            CampaignEntity,
            SelfSubscriptionEntity,
          ],
          migrations: [
            CreateSubscribers1763800000000,
            AddOutbox1764000000000,
            AddCadence1764100000000,
            AddIncidentFollows1764200000000,
            TrackReopenings1764400000000,
            ConsentActivityAndIncidents1764600000000,
            AddPlansAndRenewalReminders1764700000000,
            AddActivityAndWelcomeBacks1764800000000,
            AddCampaigns1764900000000,
            AddQuietHours1765000000000,
            AddExternalIdAndErasure1765100000000,
            IndexSubscriberPhones1765200000000,
            AddAuditTrail1765300000000,
            IndexContacts1765500000000,
            AuditWhoActedThroughTheConsole1765800000000,
            SelfSubscriptions1766000000000,
          ],
        }),
        KafkaModule.forRoot(config.kafka),
        HealthModule.forRoot(),
        SubscribersModule,
        FanoutModule,
        FollowsModule,
        PlansModule,
        ActivityModule,
        CampaignsModule,
        ConsentModule,
        SubscriberImportModule,
        DataRightsModule,
        PreferencesModule,
        SelfSubscriptionsModule,
      ],
    };
  }
}
