import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@prespond/database';
import { HealthModule } from '@prespond/platform';
import { KafkaModule } from '@prespond/kafka';
import { SubscriberServiceConfig } from './config/env';
import { FanoutModule } from './fanout/fanout.module';
import { CreateSubscribers1763800000000 } from './migrations/1763800000000-CreateSubscribers';
import { SubscriberEntity } from './subscribers/subscriber.entity';
import { SubscribersModule } from './subscribers/subscribers.module';

/** subscriber-service: who our customers are, and which of them an incident affects. */
@Module({})
export class AppModule {
  static forRoot(config: SubscriberServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forService({
          url: config.databaseUrl,
          schema: 'subscriber',
          entities: [SubscriberEntity],
          migrations: [CreateSubscribers1763800000000],
        }),
        KafkaModule.forRoot(config.kafka),
        HealthModule.forRoot(),
        SubscribersModule,
        FanoutModule,
      ],
    };
  }
}
