/** Kafka plumbing shared by every Prespond service. */
export * from './consumer/batch-consumer';
export * from './consumer/dead-letter-replay';
export * from './consumer/dead-letters';
export * from './consumer/failures';
export * from './consumer/handle-event';
export * from './consumer/headers';
export * from './consumer/retry-mover';
export * from './event-producer';
export * from './kafka-logging';
export * from './kafka-settings';
export * from './kafka.module';
export * from './kafka.tokens';
export * from './microservice';
export * from './outbox/outbox';
export * from './outbox/outbox-message.entity';
