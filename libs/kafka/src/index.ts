/** Kafka plumbing shared by every Prespond service. */
export * from './dead-letters';
export * from './event-producer';
export * from './handle-event';
export * from './kafka-settings';
export * from './kafka.module';
export * from './kafka.tokens';
export * from './microservice';
export * from './outbox/outbox';
export * from './outbox/outbox-message.entity';
