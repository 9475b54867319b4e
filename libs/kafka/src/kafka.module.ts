import { DynamicModule, Global, Module } from '@nestjs/common';
import { BatchConsumers } from './consumer/batch-consumer';
import { DeadLetters } from './consumer/dead-letters';
import { DEFAULT_RETRY_POLICY } from './consumer/failures';
import { EventHandling, EventHandlingInterceptor, RETRY_POLICY } from './consumer/handle-event';
import { RetryMover } from './consumer/retry-mover';
import { EventProducer } from './event-producer';
import { createKafka, KafkaSettings } from './kafka-settings';
import { KAFKA, KAFKA_SETTINGS } from './kafka.tokens';

/** The service's Kafka plumbing: the client, the producer, and the consumer mechanism (contracts, retries, dead letters). */
@Global()
@Module({})
export class KafkaModule {
  static forRoot(settings: KafkaSettings): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        { provide: KAFKA_SETTINGS, useValue: settings },
        { provide: KAFKA, useFactory: () => createKafka(settings) },
        { provide: RETRY_POLICY, useValue: { ...DEFAULT_RETRY_POLICY, ...settings.retry } },
        EventProducer,
        DeadLetters,
        EventHandling,
        EventHandlingInterceptor,
        RetryMover,
        BatchConsumers,
      ],
      exports: [KAFKA, KAFKA_SETTINGS, EventProducer, DeadLetters, EventHandling, EventHandlingInterceptor, BatchConsumers],
    };
  }
}
