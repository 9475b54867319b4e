import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { KafkaSettings } from '@prespond/kafka';
import { BaseServiceEnv, kafkaSettingsFrom, loadEnv } from '@prespond/platform';

/** subscriber-service's environment. See .env.example. */
export class SubscriberServiceEnv extends BaseServiceEnv {
  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  SUBSCRIBER_SERVICE_PORT: number = 3002;

  /** How often held digest updates are checked for being due; 0 turns the round off (the fan-out still sends due ones). */
  @Type(() => Number) @IsInt() @Min(0)
  DIGEST_INTERVAL_MS: number = 5_000;
}

export interface SubscriberServiceConfig {
  host: string;
  /** Tests only: the clock can be moved over HTTP. */
  testClock?: boolean;
  port: number;
  databaseUrl: string;
  kafka: KafkaSettings;
  digestIntervalMs?: number;
}

export function subscriberServiceConfig(env: NodeJS.ProcessEnv): SubscriberServiceConfig {
  const e = loadEnv(SubscriberServiceEnv, env);
  return {
    host: e.HOST,
    testClock: e.TEST_CLOCK,
    port: e.SUBSCRIBER_SERVICE_PORT,
    databaseUrl: e.DATABASE_URL,
    kafka: kafkaSettingsFrom(e, 'subscriber-service'),
    digestIntervalMs: e.DIGEST_INTERVAL_MS,
  };
}

/** Injection token of the SubscriberServiceConfig. */
export const SUBSCRIBER_CONFIG = Symbol('SUBSCRIBER_CONFIG');
