import { Type } from 'class-transformer';
import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { KafkaSettings } from '@prespond/kafka';
import { BaseServiceEnv, kafkaSettingsFrom, loadEnv } from '@prespond/platform';

/** subscriber-service's environment. See .env.example. */
export class SubscriberServiceEnv extends BaseServiceEnv {
  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  SUBSCRIBER_SERVICE_PORT: number = 3002;

  /** How often held digest updates are checked for being due; 0 turns the round off (the fan-out still sends due ones). */
  @Type(() => Number) @IsInt() @Min(0)
  DIGEST_INTERVAL_MS: number = 5_000;

  /** How often the campaign runner looks for work; pause, resume and cancel take effect within one interval (plus one batch). 0 turns it off. */
  @Type(() => Number) @IsInt() @Min(0)
  CAMPAIGN_INTERVAL_MS: number = 1_000;

  /** Where messenger-service answers: campaign results ask it for delivery figures, campaign previews for a rendering. */
  @IsUrl({ require_tld: false, require_protocol: true })
  MESSENGER_URL = 'http://127.0.0.1:3003';

  /** How long campaign results and previews wait for messenger-service before answering 503. */
  @Type(() => Number) @IsInt() @Min(1)
  MESSENGER_TIMEOUT_MS: number = 10_000;
}

export interface SubscriberServiceConfig {
  host: string;
  /** Tests only: the clock can be moved over HTTP. */
  testClock?: boolean;
  port: number;
  databaseUrl: string;
  kafka: KafkaSettings;
  digestIntervalMs?: number;
  /** How often the campaign runner runs a round; 0 or absent: never (tests drive it themselves). */
  campaignIntervalMs?: number;
  /** messenger-service (campaign results and previews); absent: http://127.0.0.1:3003, 10 s. */
  messenger?: { url: string; timeoutMs: number };
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
    campaignIntervalMs: e.CAMPAIGN_INTERVAL_MS,
    messenger: { url: e.MESSENGER_URL.replace(/\/$/, ''), timeoutMs: e.MESSENGER_TIMEOUT_MS },
  };
}

/** Injection token of the SubscriberServiceConfig. */
export const SUBSCRIBER_CONFIG = Symbol('SUBSCRIBER_CONFIG');
