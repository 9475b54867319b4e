import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { loadEnv } from '@prespond/platform';

const url = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
const EmptyIsUnset = () => Transform(({ value }) => (value === '' ? undefined : value));

/** The public status page's environment. See .env.example. */
export class StatusPageEnv {
  @IsString()
  HOST = '127.0.0.1';

  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  STATUS_PAGE_PORT: number = 3005;

  /** Where customers reach the page (scheme, host, port; no path): the links in feeds, JSON and the banner point there. */
  @IsUrl(url)
  STATUS_PAGE_URL = 'http://127.0.0.1:3005';

  /** incident-service: the page shows its public snapshot (GET /status/snapshot). */
  @IsUrl(url)
  INCIDENT_URL = 'http://127.0.0.1:3001';

  /** subscriber-service: subscriptions from the page go there. */
  @IsUrl(url)
  SUBSCRIBER_URL = 'http://127.0.0.1:3002';

  /** The company's name on the page, in feeds and in the JSON (`page.name`). */
  @IsString() @MinLength(1)
  BRAND = 'Prespond';

  /** Who to contact, shown on every page: a phone number, an address or a web page. */
  @IsString() @MinLength(1)
  SUPPORT_CONTACT = 'support@prespond.local';

  /** A logo (SVG, PNG or WebP file) shown beside the name; unset: the name alone. */
  @EmptyIsUnset() @IsOptional() @IsString()
  STATUS_LOGO_FILE?: string;

  /** The brand colour (`#rrggbb`) of the header; text on it is white or black, whichever reads better. */
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'STATUS_BRAND_COLOUR: a colour such as #0b3d91' })
  STATUS_BRAND_COLOUR = '#0b3d91';

  /**
   * The components the page lists, in order, each `tag` or `tag:Name` (the tag as incidents and customers name it):
   * `internet:Internet,tv:TV,phone:Phone`.
   */
  @Matches(/^\s*[a-z0-9][a-z0-9-]*(:[^,]+)?\s*(,\s*[a-z0-9][a-z0-9-]*(:[^,]+)?\s*)*$/, { message: 'STATUS_COMPONENTS: tags such as internet:Internet,tv:TV' })
  STATUS_COMPONENTS = 'internet:Internet,tv:TV,phone:Phone';

  /** The regions a subscriber from the page can choose, in order, each `tag` or `tag:Name` (as customers' regions are named). */
  @Matches(/^\s*[a-z0-9][a-z0-9-]*(:[^,]+)?\s*(,\s*[a-z0-9][a-z0-9-]*(:[^,]+)?\s*)*$/, { message: 'STATUS_REGIONS: tags such as berlin:Berlin,hamburg:Hamburg' })
  STATUS_REGIONS = 'berlin:Berlin,hamburg:Hamburg,munich:Munich';

  /** The zone the page is written in for readers without JavaScript (with JavaScript, each reader's own). */
  @IsString()
  STATUS_TIME_ZONE = 'UTC';

  /** How many days of history the page shows. */
  @Type(() => Number) @IsInt() @Min(1) @Max(366)
  STATUS_HISTORY_DAYS: number = 90;

  /** How often the page asks incident-service for news (a 304 when there is none). */
  @Type(() => Number) @IsInt() @Min(100)
  STATUS_REFRESH_MS: number = 2_000;

  /** How long browsers and a CDN in front may keep a page or JSON answer (seconds). */
  @Type(() => Number) @IsInt() @Min(0)
  STATUS_CACHE_SECONDS: number = 10;

  /** `page.id` in the Statuspage-shaped JSON. */
  @Matches(/^[a-z0-9]{1,32}$/, { message: 'STATUS_PAGE_ID: lower-case letters and digits' })
  STATUS_PAGE_ID = 'prespond';

  /**
   * Subscription requests one network address may send per hour (texts cost money: a stranger must not make the page
   * send thousands of codes). Behind a proxy or CDN, set STATUS_TRUST_PROXY so the reader's address is seen.
   */
  @Type(() => Number) @IsInt() @Min(1)
  STATUS_SUBSCRIBE_PER_HOUR: number = 20;

  /** Express's `trust proxy` (e.g. `1` for one proxy in front, or `loopback`): where the reader's address comes from. */
  @EmptyIsUnset() @IsOptional() @IsString()
  STATUS_TRUST_PROXY?: string;

  /** How long the page waits for a service. */
  @Type(() => Number) @IsInt() @Min(100)
  SERVICE_TIMEOUT_MS: number = 5_000;

  /** Tests only: the clock can be moved over HTTP. */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  TEST_CLOCK = false;
}

/** One component as the page lists it. */
export interface ListedComponent {
  tag: string;
  name: string;
}

export interface StatusPageConfig {
  host: string;
  port: number;
  publicUrl: string;
  incidentUrl: string;
  subscriberUrl: string;
  brand: string;
  contact: string;
  logoFile?: string;
  brandColour: string;
  components: ListedComponent[];
  /** The regions a subscriber can choose (same shape as components). */
  regions: ListedComponent[];
  timeZone: string;
  historyDays: number;
  refreshMs: number;
  cacheSeconds: number;
  pageId: string;
  serviceTimeoutMs: number;
  subscribePerHour: number;
  trustProxy?: string;
  testClock: boolean;
}

/** `internet:Internet,tv` → [{ tag: 'internet', name: 'Internet' }, { tag: 'tv', name: 'tv' }]. */
export function listedComponents(text: string): ListedComponent[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const colon = part.indexOf(':');
      return colon < 0 ? { tag: part, name: part } : { tag: part.slice(0, colon).trim(), name: part.slice(colon + 1).trim() };
    });
}

export function statusPageConfig(env: NodeJS.ProcessEnv): StatusPageConfig {
  const e = loadEnv(StatusPageEnv, env);
  const trim = (u: string) => u.replace(/\/$/, '');
  return {
    host: e.HOST,
    port: e.STATUS_PAGE_PORT,
    publicUrl: trim(e.STATUS_PAGE_URL),
    incidentUrl: trim(e.INCIDENT_URL),
    subscriberUrl: trim(e.SUBSCRIBER_URL),
    brand: e.BRAND,
    contact: e.SUPPORT_CONTACT,
    logoFile: e.STATUS_LOGO_FILE,
    brandColour: e.STATUS_BRAND_COLOUR,
    components: listedComponents(e.STATUS_COMPONENTS),
    regions: listedComponents(e.STATUS_REGIONS),
    timeZone: e.STATUS_TIME_ZONE,
    historyDays: e.STATUS_HISTORY_DAYS,
    refreshMs: e.STATUS_REFRESH_MS,
    cacheSeconds: e.STATUS_CACHE_SECONDS,
    pageId: e.STATUS_PAGE_ID,
    serviceTimeoutMs: e.SERVICE_TIMEOUT_MS,
    subscribePerHour: e.STATUS_SUBSCRIBE_PER_HOUR,
    trustProxy: e.STATUS_TRUST_PROXY,
    testClock: e.TEST_CLOCK,
  };
}

export const STATUS_PAGE_CONFIG = Symbol('STATUS_PAGE_CONFIG');
