import { KafkaOptions, Transport } from '@nestjs/microservices';
import { kafkaLogCreator } from './kafka-logging';
import { KafkaSettings } from './kafka-settings';

/**
 * Options for `app.connectMicroservice`: a Kafka consumer in group `groupId` that reads every topic it handles
 * from the beginning the first time the group exists, so nothing published before the service first started is missed.
 */
export function kafkaConsumerOptions(settings: KafkaSettings, groupId: string): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      postfixId: '',
      client: {
        clientId: `${settings.clientId}-consumer`,
        brokers: settings.brokers,
        retry: { initialRetryTime: 200, retries: 8 },
        logCreator: kafkaLogCreator('ServerKafka'),
      },
      consumer: { groupId, sessionTimeout: settings.sessionTimeoutMs ?? 30_000, heartbeatInterval: 1_000, allowAutoTopicCreation: false },
      subscribe: { fromBeginning: true },
      // Partitions are handled side by side; within one, in order (one subscriber's or incident's events stay ordered).
      run: { autoCommit: true, partitionsConsumedConcurrently: 3 },
      producerOnlyMode: false,
    },
  };
}
