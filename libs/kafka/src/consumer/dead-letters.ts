import { Inject, Injectable, Logger } from '@nestjs/common';
import { deadLetterTopicOf } from '@prespond/contracts';
import { EventProducer } from '../event-producer';
import { KafkaSettings } from '../kafka-settings';
import { KAFKA_SETTINGS } from '../kafka.tokens';
import { stringHeaders } from './headers';

/** A consumed Kafka message as @nestjs/microservices hands it over (value already JSON-parsed when it could be). */
export interface ConsumedMessage {
  key: Buffer | string | null;
  value: unknown;
  offset: string;
  headers?: Record<string, unknown>;
}

/**
 * Puts a message a consumer cannot accept on `<topic>.dlq`, unchanged, with why and where it came from in
 * headers, so it can be inspected and replayed after a fix.
 */
@Injectable()
export class DeadLetters {
  private readonly logger = new Logger(DeadLetters.name);

  constructor(
    private readonly producer: EventProducer,
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
  ) {}

  async publish(topic: string, partition: number, message: ConsumedMessage, reason: string): Promise<void> {
    const headers = Object.assign(stringHeaders(message.headers), {
      'dlq-reason': reason,
      'dlq-original-topic': topic,
      'dlq-original-partition': String(partition),
      'dlq-original-offset': message.offset,
      // Several services may consume one topic; each dead-letters for itself.
      'dlq-service': this.settings.clientId,
      'dlq-at': new Date().toISOString(),
    });
    const value = typeof message.value === 'string' ? message.value : JSON.stringify(message.value ?? null);
    await this.producer.send([{ topic: deadLetterTopicOf(topic), key: message.key?.toString() ?? '', value, headers }]);
    this.logger.warn(`dead-lettered ${topic}[${partition}]@${message.offset}: ${reason}`);
  }
}
