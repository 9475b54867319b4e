import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsNotEmpty, IsNumber, IsOptional, IsPositive, IsString, IsUrl, Max, Min, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { KafkaSettings } from '@prespond/kafka';
import { ApiKey, apiKeysFrom, BaseServiceEnv, kafkaSettingsFrom, loadEnv } from '@prespond/platform';
import { parseSmsSenders, SmsSender } from './sms-senders';

const url = { require_tld: false, require_protocol: true };

/** Why a value is not a valid SMS_SENDERS list, or undefined when it is. */
function smsSendersProblem(value: unknown): string | undefined {
  try {
    parseSmsSenders(String(value));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** `number:type[:perSecond],…` as parseSmsSenders reads it; the message names each bad entry. */
function IsSmsSenderList(): PropertyDecorator {
  return ValidateBy({
    name: 'isSmsSenderList',
    validator: {
      validate: (value: unknown) => smsSendersProblem(value) === undefined,
      defaultMessage: (args) => smsSendersProblem(args?.value) ?? 'must be a comma-separated list of number:type[:perSecond]',
    },
  });
}

/** messenger-service's environment. See .env.example. */
export class MessengerServiceEnv extends BaseServiceEnv {
  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  MESSENGER_SERVICE_PORT: number = 3003;

  /** How Twilio reaches this service; status-callback signatures are checked against it. */
  @IsUrl(url)
  PUBLIC_URL = 'http://127.0.0.1:3003';

  @IsString() @IsNotEmpty()
  TWILIO_ACCOUNT_SID: string;

  @IsString() @IsNotEmpty()
  TWILIO_AUTH_TOKEN: string;

  /** The sending number (E.164), with no rate limit; required unless SMS_SENDERS lists the numbers. */
  @ValidateIf((e: MessengerServiceEnv) => !e.SMS_SENDERS)
  @IsString() @IsNotEmpty()
  TWILIO_FROM?: string;

  /**
   * The sending numbers and their rates, `number:type[:perSecond],…` (type long-code 1/s, toll-free 3/s, short-code
   * 100/s; perSecond overrides). Each recipient always hears from the same one. Unset: TWILIO_FROM, unlimited.
   */
  @IsOptional() @IsSmsSenderList()
  SMS_SENDERS?: string;

  /** Base URL of a Twilio-compatible sandbox; unset means real Twilio. */
  @IsOptional() @IsUrl(url)
  TWILIO_API_URL?: string;

  @IsString()
  SMTP_HOST = '127.0.0.1';

  @Type(() => Number) @IsInt() @Min(1) @Max(65535)
  SMTP_PORT: number = 1025;

  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  SMTP_SECURE = false;

  @IsOptional() @IsString()
  SMTP_USER?: string;

  @IsOptional() @IsString()
  SMTP_PASSWORD?: string;

  @IsEmail({ require_tld: false })
  EMAIL_FROM = 'status@prespond.local';

  /** Emails per second the SMTP server takes from us; unset: no limit. */
  @IsOptional() @Type(() => Number) @IsNumber() @IsPositive()
  EMAIL_RATE_PER_SECOND?: number;

  @IsString()
  BRAND_NAME = 'Prespond';

  /**
   * Where customers get help, named in the answer to HELP/INFO (carriers require one): a phone number, an address or
   * a web page.
   */
  @IsString() @IsNotEmpty()
  SUPPORT_CONTACT = 'support@prespond.local';

  /** Overrides where the handlebars templates are read from. */
  @IsOptional() @IsString()
  TEMPLATES_DIR?: string;

  /** After a resolution reached her, she is asked this much later whether everything works again. */
  @Type(() => Number) @IsInt() @Min(0)
  FOLLOW_UP_DELAY_MINUTES: number = 60;

  /** How often the follow-up scheduler looks for due follow-ups; 0 turns it off. */
  @Type(() => Number) @IsInt() @Min(0)
  FOLLOW_UP_INTERVAL_MS: number = 15_000;

  /** How often the deferred round sends messages whose wait for the end of quiet hours is over; 0 turns it off. */
  @Type(() => Number) @IsInt() @Min(0)
  DEFERRED_INTERVAL_MS: number = 30_000;

  /**
   * How long a messenger's claim on a message holds without being renewed (DELIVERY_LEASE_SECONDS). Another messenger
   * takes over a message only once its claim expired (so this is how long the messages of a messenger that crashed
   * wait); a provider call starts only while at least half of it is left, which must exceed the longest provider call
   * (PROVIDER_CALL_TIMEOUT_MS, 15 s).
   */
  @Type(() => Number) @IsInt() @Min(30)
  DELIVERY_LEASE_SECONDS: number = 30;

  /**
   * Failed provider calls in a row (timeouts, 5xx, 429, refused connections: not a refusal of one recipient) after
   * which that provider's circuit opens for 2 s: messages meanwhile are parked for a later retry without calling it.
   */
  @Type(() => Number) @IsInt() @Min(1)
  PROVIDER_CIRCUIT_FAILURES: number = 3;

  /** How often lost Twilio status callbacks are made up for by asking Twilio (status-reconciliation/); 0 turns it off. */
  @Type(() => Number) @IsInt() @Min(0)
  STATUS_RECONCILE_INTERVAL_MS: number = 60_000;

  /**
   * A text still queued/sending/sent this long after Twilio took it is looked up at Twilio: its callbacks should have
   * come by then (they come within seconds), so the lookup is for those lost while the messenger was down.
   */
  @Type(() => Number) @IsInt() @Min(0)
  STATUS_RECONCILE_AFTER_SECONDS: number = 600;

  /** Lookups per second at most (Twilio's API limits are per account, shared with sending). */
  @Type(() => Number) @IsNumber() @IsPositive()
  STATUS_RECONCILE_PER_SECOND: number = 10;

  /**
   * A text Twilio still has as not final this long after it was sent is looked up no more: carriers that give no
   * delivery receipt leave it `sent` for good, and Twilio's answer would not change.
   */
  @Type(() => Number) @IsInt() @Min(1)
  STATUS_RECONCILE_GIVE_UP_HOURS: number = 72;

  /**
   * A status callback for a text whose send is not recorded (yet) is kept this long for the record to pick up, then
   * dropped: status reconciliation asks Twilio for what it would have said.
   */
  @Type(() => Number) @IsInt() @Min(1)
  EARLY_STATUS_TTL_MINUTES: number = 60;

  /** Secret that signs the answer links in follow-up emails (HMAC-SHA256). Required: from your secret store. */
  @IsString() @MinLength(16)
  LINK_SIGNING_SECRET: string;

  /**
   * Secret that signs her preference and unsubscribe links (HMAC-SHA256; the same value as subscriber-service's,
   * which checks them). Required: from your secret store.
   */
  @IsString() @MinLength(16)
  PREFERENCES_LINK_SECRET: string;

  /** How long a preference link in a message keeps working. */
  @Type(() => Number) @IsInt() @Min(1) @Max(3650)
  PREFERENCES_LINK_TTL_DAYS: number = 30;

  /** Where subscriber-service's preference and unsubscribe pages answer: every message links there. */
  @IsUrl(url)
  PREFERENCES_URL = 'http://127.0.0.1:3002';

  /** The mailto of every marketing email's List-Unsubscribe (the subject carries her unsubscribe token). */
  @IsEmail({ require_tld: false })
  UNSUBSCRIBE_MAILTO = 'unsubscribe@prespond.local';
}

export interface MessengerServiceConfig {
  host: string;
  /** Tests only: the clock can be moved over HTTP. */
  testClock?: boolean;
  port: number;
  /** Who may call the API (API_KEYS): ops, marketing, admin, and the other services' own keys. */
  apiKeys: ApiKey[];
  publicUrl: string;
  databaseUrl: string;
  kafka: KafkaSettings;
  /** `senders`: the numbers texts go from, each with its rate (SMS_SENDERS, or TWILIO_FROM unlimited). */
  twilio: { accountSid: string; authToken: string; senders: SmsSender[]; apiUrl?: string };
  /** `perSecond`: the sending rate (EMAIL_RATE_PER_SECOND); null: no limit. */
  smtp: { host: string; port: number; secure: boolean; user?: string; password?: string; from: string; perSecond: number | null };
  brand: string;
  /** Named in the answer to HELP (see SUPPORT_CONTACT). */
  supportContact: string;
  templatesDir?: string;
  followUps: { delayMinutes: number; intervalMs: number; linkSigningSecret: string };
  /** Messages kept until the end of her quiet hours: how often the round looks for due ones. */
  deferred: { intervalMs: number };
  /** How long a claim on a message holds without renewal (see ClaimLeases). */
  delivery: { leaseMs: number; circuitFailures: number };
  /** Her signed links in every message (see rendering/message-links.ts). */
  preferences: PreferenceLinkSettings;
  /** Lost status callbacks made up for by asking Twilio, and kept early callbacks expired (status-reconciliation/). */
  statusReconciliation: StatusReconciliationSettings;
}

/** See STATUS_RECONCILE_* and EARLY_STATUS_TTL_MINUTES. */
export interface StatusReconciliationSettings {
  /** How often a round runs; 0: never by itself. */
  intervalMs: number;
  /** A text not final this long after it was sent is looked up. */
  afterMs: number;
  /** Lookups per second at most. */
  perSecond: number;
  /** A text still not final at Twilio this long after it was sent is looked up no more. */
  giveUpAfterMs: number;
  /** Kept callbacks for texts with no record are dropped after this long. */
  earlyStatusTtlMs: number;
}

/** How the links to her preference page and the unsubscribe endpoint are made. */
export interface PreferenceLinkSettings {
  /** subscriber-service's public base URL, no trailing slash. */
  url: string;
  linkSecret: string;
  linkTtlDays: number;
  unsubscribeMailto: string;
}

export function messengerServiceConfig(env: NodeJS.ProcessEnv): MessengerServiceConfig {
  const e = loadEnv(MessengerServiceEnv, env);
  return {
    host: e.HOST,
    testClock: e.TEST_CLOCK,
    port: e.MESSENGER_SERVICE_PORT,
    apiKeys: apiKeysFrom(e),
    publicUrl: e.PUBLIC_URL.replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    kafka: kafkaSettingsFrom(e, 'messenger-service'),
    twilio: {
      accountSid: e.TWILIO_ACCOUNT_SID,
      authToken: e.TWILIO_AUTH_TOKEN,
      senders: e.SMS_SENDERS ? parseSmsSenders(e.SMS_SENDERS) : [{ from: e.TWILIO_FROM!, type: null, perSecond: null }],
      apiUrl: e.TWILIO_API_URL,
    },
    smtp: {
      host: e.SMTP_HOST,
      port: e.SMTP_PORT,
      secure: e.SMTP_SECURE,
      user: e.SMTP_USER,
      password: e.SMTP_PASSWORD,
      from: e.EMAIL_FROM,
      perSecond: e.EMAIL_RATE_PER_SECOND ?? null,
    },
    brand: e.BRAND_NAME,
    supportContact: e.SUPPORT_CONTACT,
    templatesDir: e.TEMPLATES_DIR,
    followUps: { delayMinutes: e.FOLLOW_UP_DELAY_MINUTES, intervalMs: e.FOLLOW_UP_INTERVAL_MS, linkSigningSecret: e.LINK_SIGNING_SECRET },
    preferences: {
      url: e.PREFERENCES_URL.replace(/\/+$/, ''),
      linkSecret: e.PREFERENCES_LINK_SECRET,
      linkTtlDays: e.PREFERENCES_LINK_TTL_DAYS,
      unsubscribeMailto: e.UNSUBSCRIBE_MAILTO,
    },
    deferred: { intervalMs: e.DEFERRED_INTERVAL_MS },
    delivery: { leaseMs: e.DELIVERY_LEASE_SECONDS * 1000, circuitFailures: e.PROVIDER_CIRCUIT_FAILURES },
    statusReconciliation: {
      intervalMs: e.STATUS_RECONCILE_INTERVAL_MS,
      afterMs: e.STATUS_RECONCILE_AFTER_SECONDS * 1000,
      perSecond: e.STATUS_RECONCILE_PER_SECOND,
      giveUpAfterMs: e.STATUS_RECONCILE_GIVE_UP_HOURS * 3_600_000,
      earlyStatusTtlMs: e.EARLY_STATUS_TTL_MINUTES * 60_000,
    },
  };
}

/** Injection token of the MessengerServiceConfig. */
export const MESSENGER_CONFIG = Symbol('MESSENGER_CONFIG');
