import { DynamicModule, Global, Module } from '@nestjs/common';
import { DeadLetters } from './dead-letters';
import { EventProducer } from './event-producer';
import { EventContractInterceptor } from './handle-event';
import { createKafka, KafkaSettings } from './kafka-settings';
import { KAFKA, KAFKA_SETTINGS } from './kafka.tokens';

/** The service's Kafka plumbing: the client, the producer, dead letters and contract checks for consumers. */
@Global()
@Module({})
export class KafkaModule {
  static forRoot(settings: KafkaSettings): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        { provide: KAFKA_SETTINGS, useValue: settings },
        { provide: KAFKA, useFactory: () => createKafka(settings) },
        EventProducer,
        DeadLetters,
        EventContractInterceptor,
      ],
      exports: [KAFKA, KAFKA_SETTINGS, EventProducer, DeadLetters, EventContractInterceptor],
    };
  }
}
