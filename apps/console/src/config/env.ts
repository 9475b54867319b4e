import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { loadEnv, MIN_SECRET_LENGTH, Role, ROLES } from '@prespond/platform';

const url = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** An optional setting given as an empty string (compose's `${X:-}`) is not set. */
const EmptyIsUnset = () => Transform(({ value }) => (value === '' ? undefined : value));

/** The console's environment. See .env.example. */
export class ConsoleEnv {
  /** PostgreSQL URL; the console keeps its accounts and sessions in its own schema (`console`). */
  @IsString() @IsNotEmpty()
  DATABASE_URL: string;

  @IsString()
  HOST = '127.0.0.1';

  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  CONSOLE_PORT: number = 3000;

  /**
   * The address people reach the console at (scheme, host and port, no path): sign-in with the OIDC provider returns
   * there, and a state-changing request from any other origin is refused.
   */
  @IsUrl(url)
  CONSOLE_URL = 'http://127.0.0.1:3000';

  @IsUrl(url)
  INCIDENT_URL = 'http://127.0.0.1:3001';

  @IsUrl(url)
  SUBSCRIBER_URL = 'http://127.0.0.1:3002';

  @IsUrl(url)
  MESSENGER_URL = 'http://127.0.0.1:3003';

  /** The console's key to the services (role `console` in their API_KEYS): it acts only for the person signed in. */
  @IsString() @MinLength(MIN_SECRET_LENGTH)
  CONSOLE_API_KEY: string;

  /** How long a page waits for a service before it says the service is not answering. */
  @Type(() => Number) @IsInt() @Min(100)
  SERVICE_TIMEOUT_MS: number = 10_000;

  /** The company's OpenID Connect provider (its issuer URL); unset: local accounts only. */
  @EmptyIsUnset()
  @IsOptional() @IsUrl(url)
  OIDC_ISSUER?: string;

  @EmptyIsUnset()
  @IsOptional() @IsString() @IsNotEmpty()
  OIDC_CLIENT_ID?: string;

  @EmptyIsUnset()
  @IsOptional() @IsString() @IsNotEmpty()
  OIDC_CLIENT_SECRET?: string;

  /** What the sign-in button calls the provider ("Sign in with …"). */
  @IsString() @IsNotEmpty()
  OIDC_DISPLAY_NAME = 'your company account';

  /** The first admin: created at start-up when no account has this email (a local account with this password). */
  @EmptyIsUnset()
  @IsOptional() @IsEmail()
  CONSOLE_ADMIN_EMAIL?: string;

  @EmptyIsUnset()
  @IsOptional() @IsString() @MinLength(12)
  CONSOLE_ADMIN_PASSWORD?: string;

  /**
   * People let in through the OIDC provider from the start, as `email:role,…` (created when missing; an admin
   * manages them in the console afterwards).
   */
  @EmptyIsUnset()
  @IsOptional() @Matches(/^\s*[^\s:,]+@[^\s:,]+:(ops|marketing|admin)\s*(,\s*[^\s:,]+@[^\s:,]+:(ops|marketing|admin)\s*)*$/, {
    message: 'must be a comma-separated list of email:role (role ops, marketing or admin)',
  })
  CONSOLE_SSO_ACCOUNTS?: string;

  /** A session ends after this long without a request. */
  @Type(() => Number) @IsInt() @Min(1)
  SESSION_IDLE_MINUTES: number = 30;

  /** A session ends this long after sign-in, however active. */
  @Type(() => Number) @IsInt() @Min(1)
  SESSION_MAX_HOURS: number = 12;

  /** Wrong passwords in a row that lock an account. */
  @Type(() => Number) @IsInt() @Min(2)
  SIGN_IN_LOCK_AFTER: number = 5;

  /** How long a locked account stays locked (an admin can unlock it sooner). */
  @Type(() => Number) @IsInt() @Min(1)
  SIGN_IN_LOCK_MINUTES: number = 15;


  /** Tests only: the console's clock can be moved over HTTP. Never set in production. */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  TEST_CLOCK = false;
}

export interface ConsoleConfig {
  host: string;
  port: number;
  /** The console's origin, e.g. https://console.example.com. */
  publicUrl: string;
  databaseUrl: string;
  services: { incident: string; subscriber: string; messenger: string; apiKey: string; timeoutMs: number };
  oidc?: { issuer: string; clientId: string; clientSecret: string; displayName: string };
  firstAdmin?: { email: string; password: string };
  ssoAccounts: { email: string; role: Role }[];
  sessions: { idleMinutes: number; maxHours: number };
  signIn: { lockAfter: number; lockMinutes: number };
  testClock: boolean;
}

export const CONSOLE_CONFIG = Symbol('CONSOLE_CONFIG');

/** Reads and checks the console's environment; throws one error naming every bad variable. */
export function consoleConfig(env: NodeJS.ProcessEnv): ConsoleConfig {
  const e = loadEnv(ConsoleEnv, env);
  const oidcParts = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET];
  if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
    throw new Error('invalid configuration:\n  OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: set all three (sign-in with your OIDC provider) or none');
  }
  if (Boolean(e.CONSOLE_ADMIN_EMAIL) !== Boolean(e.CONSOLE_ADMIN_PASSWORD)) {
    throw new Error('invalid configuration:\n  CONSOLE_ADMIN_EMAIL and CONSOLE_ADMIN_PASSWORD: set both (the first admin) or neither');
  }
  const publicUrl = new URL(e.CONSOLE_URL).origin;
  return {
    host: e.HOST,
    port: e.CONSOLE_PORT,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    services: { incident: e.INCIDENT_URL, subscriber: e.SUBSCRIBER_URL, messenger: e.MESSENGER_URL, apiKey: e.CONSOLE_API_KEY, timeoutMs: e.SERVICE_TIMEOUT_MS },
    oidc: e.OIDC_ISSUER ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID!, clientSecret: e.OIDC_CLIENT_SECRET!, displayName: e.OIDC_DISPLAY_NAME } : undefined,
    firstAdmin: e.CONSOLE_ADMIN_EMAIL ? { email: e.CONSOLE_ADMIN_EMAIL.toLowerCase(), password: e.CONSOLE_ADMIN_PASSWORD! } : undefined,
    ssoAccounts: (e.CONSOLE_SSO_ACCOUNTS ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry) => {
        const at = entry.lastIndexOf(':');
        return { email: entry.slice(0, at).toLowerCase(), role: entry.slice(at + 1) as Role };
      })
      .filter((a) => (ROLES as readonly string[]).includes(a.role)),
    sessions: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS },
    signIn: { lockAfter: e.SIGN_IN_LOCK_AFTER, lockMinutes: e.SIGN_IN_LOCK_MINUTES },
    testClock: e.TEST_CLOCK,
  };
}

