import { Type } from 'class-transformer';
import { IsInt, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { KafkaSettings } from '@prespond/kafka';
import { ApiKey, apiKeysFrom, BaseServiceEnv, kafkaSettingsFrom, loadEnv, MIN_SECRET_LENGTH } from '@prespond/platform';

/** incident-service's environment. See .env.example. */
export class IncidentServiceEnv extends BaseServiceEnv {
  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  INCIDENT_SERVICE_PORT: number = 3001;

  /** Ops are alerted this long before a promised update time with no update posted. */
  @Type(() => Number) @IsInt() @Min(0)
  PROMISE_ALERT_LEAD_MINUTES: number = 5;

  /** A holding update promises the next one this much later. */
  @Type(() => Number) @IsInt() @Min(1)
  PROMISE_EXTENSION_MINUTES: number = 30;

  /** A holding update sent later than this after the deadline counts the promise as broken. */
  @Type(() => Number) @IsInt() @Min(0)
  PROMISE_GRACE_MINUTES: number = 2;

  /** How often the promise watchdog looks; 0 turns it off. */
  @Type(() => Number) @IsInt() @Min(0)
  PROMISE_WATCHDOG_INTERVAL_MS: number = 15_000;

  /**
   * When customers are told of scheduled maintenance ahead of its start: offsets before the start, comma-separated,
   * each a number with `m`, `h` or `d` (minutes, hours, days). One notice per offset, once its time has come.
   */
  @Matches(/^\s*\d+\s*[mhd]\s*(,\s*\d+\s*[mhd]\s*)*$/, { message: 'MAINTENANCE_NOTICE_OFFSETS: offsets such as 72h,1h (each a number with m, h or d)' })
  MAINTENANCE_NOTICE_OFFSETS = '72h,1h';

  /** How often the maintenance scheduler looks (notices, starts, ends); 0 turns it off. */
  @Type(() => Number) @IsInt() @Min(0)
  MAINTENANCE_INTERVAL_MS: number = 5_000;

  /** Where messenger-service answers: the incident report asks it for delivery figures. */
  @IsUrl({ require_tld: false, require_protocol: true })
  MESSENGER_URL = 'http://127.0.0.1:3003';

  /** The key incident-service calls messenger-service with (one of the messenger's API_KEYS, role ops). Required. */
  @IsString() @MinLength(MIN_SECRET_LENGTH)
  MESSENGER_API_KEY: string;

  /** How long the incident report waits for messenger-service before answering 503. */
  @Type(() => Number) @IsInt() @Min(1)
  MESSENGER_TIMEOUT_MS: number = 10_000;

  /** Where subscriber-service answers: the delivery estimate asks it how many customers an incident reaches. */
  @IsUrl({ require_tld: false, require_protocol: true })
  SUBSCRIBER_URL = 'http://127.0.0.1:3002';

  /** The key incident-service calls subscriber-service with (one of its API_KEYS, role ops). Required. */
  @IsString() @MinLength(MIN_SECRET_LENGTH)
  SUBSCRIBER_API_KEY: string;

  /**
   * How long the delivery estimate waits for subscriber-service and messenger-service. Short: a declaration never
   * waits longer for its estimate (it answers `estimate: null` instead).
   */
  @Type(() => Number) @IsInt() @Min(1)
  ESTIMATE_TIMEOUT_MS: number = 1_000;
}

export interface IncidentServiceConfig {
  host: string;
  /** Tests only: the clock can be moved over HTTP. */
  testClock?: boolean;
  port: number;
  /** Who may call the API (API_KEYS). */
  apiKeys: ApiKey[];
  databaseUrl: string;
  kafka: KafkaSettings;
  promises: { alertLeadMinutes: number; extensionMinutes: number; graceMinutes: number; watchdogIntervalMs: number };
  /** Scheduled maintenance: the notice offsets (minutes before the start, longest first) and the round interval. */
  maintenance: { noticeOffsetsMinutes: number[]; intervalMs: number };
  /** messenger-service, and the key it is called with. */
  messenger: { url: string; timeoutMs: number; apiKey: string };
  /** subscriber-service, and the key it is called with. */
  subscribers: { url: string; apiKey: string };
  /** How long the delivery estimate waits for the other two services. */
  estimateTimeoutMs: number;
}

export function incidentServiceConfig(env: NodeJS.ProcessEnv): IncidentServiceConfig {
  const e = loadEnv(IncidentServiceEnv, env);
  return {
    host: e.HOST,
    testClock: e.TEST_CLOCK,
    port: e.INCIDENT_SERVICE_PORT,
    apiKeys: apiKeysFrom(e),
    databaseUrl: e.DATABASE_URL,
    kafka: kafkaSettingsFrom(e, 'incident-service'),
    promises: {
      alertLeadMinutes: e.PROMISE_ALERT_LEAD_MINUTES,
      extensionMinutes: e.PROMISE_EXTENSION_MINUTES,
      graceMinutes: e.PROMISE_GRACE_MINUTES,
      watchdogIntervalMs: e.PROMISE_WATCHDOG_INTERVAL_MS,
    },
    maintenance: { noticeOffsetsMinutes: noticeOffsets(e.MAINTENANCE_NOTICE_OFFSETS), intervalMs: e.MAINTENANCE_INTERVAL_MS },
    messenger: { url: e.MESSENGER_URL.replace(/\/$/, ''), timeoutMs: e.MESSENGER_TIMEOUT_MS, apiKey: e.MESSENGER_API_KEY },
    subscribers: { url: e.SUBSCRIBER_URL.replace(/\/$/, ''), apiKey: e.SUBSCRIBER_API_KEY },
    estimateTimeoutMs: e.ESTIMATE_TIMEOUT_MS,
  };
}

/** `72h,1h` → [4320, 60]: minutes, longest first, each once. */
export function noticeOffsets(text: string): number[] {
  const unit: Record<string, number> = { m: 1, h: 60, d: 1440 };
  const minutes = text.split(',').map((part) => {
    const [, value, u] = /^\s*(\d+)\s*([mhd])\s*$/.exec(part)!;
    return Number(value) * unit[u];
  });
  return [...new Set(minutes.filter((m) => m > 0))].sort((a, b) => b - a);
}

/** Injection token of the IncidentServiceConfig. */
export const INCIDENT_CONFIG = Symbol('INCIDENT_CONFIG');
