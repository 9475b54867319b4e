import { Type } from 'class-transformer';
import { IsInt, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { KafkaSettings } from '@prespond/kafka';
import { ApiKey, apiKeysFrom, BaseServiceEnv, kafkaSettingsFrom, loadEnv, MIN_SECRET_LENGTH } from '@prespond/platform';

/** subscriber-service's environment. See .env.example. */
export class SubscriberServiceEnv extends BaseServiceEnv {
  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  SUBSCRIBER_SERVICE_PORT: number = 3002;

  /** How often held digest updates are checked for being due; 0 turns the round off (the fan-out still sends due ones). */
  @Type(() => Number) @IsInt() @Min(0)
  DIGEST_INTERVAL_MS: number = 5_000;

  /** How often due renewal reminders are looked for; 0 turns reminders off. */
  @Type(() => Number) @IsInt() @Min(0)
  RENEWAL_INTERVAL_MS: number = 60_000;

  /** Her local morning, when renewal reminders go out: from this hour (inclusive)… */
  @Type(() => Number) @IsInt() @Min(0) @Max(23)
  RENEWAL_WINDOW_START_HOUR: number = 9;

  /** …to this hour (exclusive), in her own zone. */
  @Type(() => Number) @IsInt() @Min(1) @Max(24)
  RENEWAL_WINDOW_END_HOUR: number = 12;

  /**
   * Secret that signs her preference and unsubscribe links (HMAC-SHA256; the same value as messenger-service's, which
   * puts them in every message). Required: from your secret store.
   */
  @IsString() @MinLength(16)
  PREFERENCES_LINK_SECRET: string;

  /** How long a fresh preference link (asked for on the page) keeps working. */
  @Type(() => Number) @IsInt() @Min(1) @Max(3650)
  PREFERENCES_LINK_TTL_DAYS: number = 30;

  /** Where this service's preference and unsubscribe pages answer, as customers reach them (the links' base). */
  @IsUrl({ require_tld: false, require_protocol: true })
  PREFERENCES_URL = 'http://127.0.0.1:3002';

  /**
   * Where the public status page answers, as customers reach it: a subscription asked for there is confirmed by a link
   * to its `/subscribe/confirm`.
   */
  @IsUrl({ require_tld: false, require_protocol: true })
  STATUS_PAGE_URL = 'http://127.0.0.1:3005';

  /**
   * How long a subscription asked for on the status page waits for its confirmation (the link or the code); also the
   * window in which one address gets at most one confirmation, however often it is asked for.
   */
  @Type(() => Number) @IsInt() @Min(1) @Max(10080)
  SELF_SUBSCRIPTION_EXPIRY_MINUTES: number = 60;

  /** A customer active again after at least this many days away gets a welcome-back message. */
  @Type(() => Number) @IsInt() @Min(1)
  WELCOME_BACK_AFTER_DAYS: number = 60;

  /** How often pending welcome-backs are checked (sent once her open incident is resolved); 0 turns the round off. */
  @Type(() => Number) @IsInt() @Min(0)
  WELCOME_BACK_INTERVAL_MS: number = 10_000;

  /** How often the campaign runner looks for work; pause, resume and cancel take effect within one interval (plus one batch). 0 turns it off. */
  @Type(() => Number) @IsInt() @Min(0)
  CAMPAIGN_INTERVAL_MS: number = 1_000;

  /** Where messenger-service answers: campaign results ask it for delivery figures, campaign previews for a rendering. */
  @IsUrl({ require_tld: false, require_protocol: true })
  MESSENGER_URL = 'http://127.0.0.1:3003';

  /** The key subscriber-service calls messenger-service with (one of the messenger's API_KEYS, role admin). Required. */
  @IsString() @MinLength(MIN_SECRET_LENGTH)
  MESSENGER_API_KEY: string;

  /** How long campaign results and previews wait for messenger-service before answering 503. */
  @Type(() => Number) @IsInt() @Min(1)
  MESSENGER_TIMEOUT_MS: number = 10_000;
}

export interface SubscriberServiceConfig {
  host: string;
  /** Tests only: the clock can be moved over HTTP. */
  testClock?: boolean;
  port: number;
  /** Who may call the API (API_KEYS). */
  apiKeys: ApiKey[];
  databaseUrl: string;
  kafka: KafkaSettings;
  digestIntervalMs?: number;
  /** How often the campaign runner runs a round; 0 or absent: never (tests drive it themselves). */
  campaignIntervalMs?: number;
  /** messenger-service (campaign results and previews) and the key it is called with; absent: http://127.0.0.1:3003, 10 s, no key. */
  messenger?: { url: string; timeoutMs: number; apiKey: string };
  /** Days away that make an activity a return (default 60). */
  welcomeBackAfterDays?: number;
  /** How often pending welcome-backs are checked; 0 or absent: never (tests call the round themselves). */
  welcomeBackIntervalMs?: number;
  /** Renewal reminders (see RenewalRemindersService); absent: no rounds, the defaults below. */
  renewals?: RenewalsConfig;
  /** Her signed links: the preference pages check them and make fresh ones (see preferences/). */
  preferences: { url: string; linkSecret: string; linkTtlDays: number };
  /** Subscriptions from the status page: its address (the confirmation link's base) and how long a request waits. */
  selfSubscriptions: { statusPageUrl: string; expiryMinutes: number };
}

/** When renewal reminders are looked for and sent (they link to her preference page, which lists her plans). */
export interface RenewalsConfig {
  intervalMs: number;
  windowStartHour: number;
  windowEndHour: number;
}

export function subscriberServiceConfig(env: NodeJS.ProcessEnv): SubscriberServiceConfig {
  const e = loadEnv(SubscriberServiceEnv, env);
  return {
    host: e.HOST,
    testClock: e.TEST_CLOCK,
    port: e.SUBSCRIBER_SERVICE_PORT,
    apiKeys: apiKeysFrom(e),
    databaseUrl: e.DATABASE_URL,
    kafka: kafkaSettingsFrom(e, 'subscriber-service'),
    digestIntervalMs: e.DIGEST_INTERVAL_MS,
    renewals: {
      intervalMs: e.RENEWAL_INTERVAL_MS,
      windowStartHour: e.RENEWAL_WINDOW_START_HOUR,
      windowEndHour: e.RENEWAL_WINDOW_END_HOUR,
    },
    selfSubscriptions: { statusPageUrl: e.STATUS_PAGE_URL.replace(/\/+$/, ''), expiryMinutes: e.SELF_SUBSCRIPTION_EXPIRY_MINUTES },
    preferences: { url: e.PREFERENCES_URL.replace(/\/+$/, ''), linkSecret: e.PREFERENCES_LINK_SECRET, linkTtlDays: e.PREFERENCES_LINK_TTL_DAYS },
    welcomeBackAfterDays: e.WELCOME_BACK_AFTER_DAYS,
    welcomeBackIntervalMs: e.WELCOME_BACK_INTERVAL_MS,
    campaignIntervalMs: e.CAMPAIGN_INTERVAL_MS,
    messenger: { url: e.MESSENGER_URL.replace(/\/$/, ''), timeoutMs: e.MESSENGER_TIMEOUT_MS, apiKey: e.MESSENGER_API_KEY },
  };
}

/** Injection token of the SubscriberServiceConfig. */
export const SUBSCRIBER_CONFIG = Symbol('SUBSCRIBER_CONFIG');
