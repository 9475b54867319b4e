/** Injection token of the service's kafkajs `Kafka` instance. */
export const KAFKA = Symbol('KAFKA');
/** Injection token of the service's KafkaSettings. */
export const KAFKA_SETTINGS = Symbol('KAFKA_SETTINGS');
