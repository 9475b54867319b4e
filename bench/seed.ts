import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** The schemas the services own (each app.module.ts names its schema). */
export const SUBSCRIBER_SCHEMA = 'subscriber';
export const MESSENGER_SCHEMA = 'messenger';

/** What every benchmark subscriber has in common: one incident on these reaches all of them, at once. */
export const BENCH_AUDIENCE = { components: ['internet'], regions: ['berlin'], channels: ['sms', 'email'] } as const;

/**
 * German mobile numbers in the 0151 block: +49 151 followed by eight digits is valid for libphonenumber-js, so the
 * scheme gives 100 million distinct numbers (the +1 202 555 01xx fictional range gives only a hundred).
 */
const PHONE_PREFIX = '+49151';
const PHONE_DIGITS = 8;
export const MAX_SUBSCRIBERS = 10 ** PHONE_DIGITS;

/** The phone number of benchmark subscriber `index` (0-based), unique per index. */
export function benchPhone(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_SUBSCRIBERS) throw new Error(`no bench phone number for index ${index}`);
  return `${PHONE_PREFIX}${String(index).padStart(PHONE_DIGITS, '0')}`;
}

export function benchEmail(index: number): string {
  return `subscriber-${index}@bench.example.com`;
}

/** Rows per chunk handed to COPY: large enough to stream fast, small enough not to hold a million lines at once. */
const CHUNK = 10_000;

/** A text-format COPY array literal of plain words. */
const pgArray = (values: readonly string[]) => `{${values.join(',')}}`;

/** COPY text lines for `count` rows, CHUNK rows per string. */
function* copyLines(count: number, line: (index: number) => string): Generator<string> {
  for (let start = 0; start < count; start += CHUNK) {
    const lines: string[] = [];
    for (let index = start; index < Math.min(count, start + CHUNK); index++) lines.push(line(index));
    yield lines.join('');
  }
}

async function copyInto(client: Client, sql: string, lines: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(lines), client.query(copyFrom(sql)));
}

/**
 * Writes `count` subscribers straight into subscriber-service's table and into messenger-service's copy of them
 * (normally kept from subscriber.changed) with COPY: a million rows each in seconds, where the API would take
 * hours. The services must have run their migrations. Same ids in both tables; no quiet hours, no opt-outs, so
 * every message may go at once.
 */
export async function seedSubscribers(databaseUrl: string, count: number): Promise<void> {
  if (count > MAX_SUBSCRIBERS) throw new Error(`at most ${MAX_SUBSCRIBERS} subscribers (unique phone numbers)`);
  const ids = Array.from({ length: count }, () => randomUUID());
  const now = new Date().toISOString();
  const { components, regions, channels } = BENCH_AUDIENCE;
  const lists = `${pgArray(components)}\t${pgArray(regions)}\t${pgArray(channels)}`;
  const contact = (i: number) => `${ids[i]}\tBench Subscriber ${i}\t${benchEmail(i)}\t${benchPhone(i)}\tEurope/Berlin\ten\t${lists}`;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await copyInto(
      client,
      `COPY ${SUBSCRIBER_SCHEMA}.subscriber (id, name, email, phone, time_zone, locale, components, regions, channels,
         marketing_consent, opted_out_channels, quiet_hours_start, quiet_hours_end, created_at, updated_at) FROM STDIN`,
      copyLines(count, (i) => `${contact(i)}\tf\t{}\t\\N\t\\N\t${now}\t${now}\n`),
    );
    await copyInto(
      client,
      `COPY ${MESSENGER_SCHEMA}.subscriber_view (id, name, email, phone, time_zone, locale, components, regions, channels,
         updated_at, marketing_consent, opted_out_channels, quiet_hours_start, quiet_hours_end, quiet_hours_incidents,
         quiet_hours_critical) FROM STDIN`,
      copyLines(count, (i) => `${contact(i)}\t${now}\tf\t{}\t\\N\t\\N\tsend\tf\n`),
    );
    // Fresh statistics, so the fan-out's query is planned as on a table that has settled rather than an empty one.
    await client.query(`ANALYZE ${SUBSCRIBER_SCHEMA}.subscriber`);
    await client.query(`ANALYZE ${MESSENGER_SCHEMA}.subscriber_view`);
  } finally {
    await client.end();
  }
}
