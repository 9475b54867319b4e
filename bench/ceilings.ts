/**
 * Ceilings: what the libraries Prespond uses can do on this machine with no Prespond logic in between (kafkajs
 * producing and consuming, PostgreSQL taking message rows, the Twilio SDK and a nodemailer pool talking to the
 * sandboxes). The run's own figures are read against them.
 */
import { randomUUID } from 'node:crypto';
import { execFileSync, fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createKafka } from '@prespond/kafka';
import { waitFor } from '@prespond/sandbox';
import { SEND_CONCURRENCY } from '../apps/messenger-service/src/delivery/delivery.service';
import { perSecond } from './measure';
import { ClientsJob, ClientsKind, ClientsRun } from './provider-clients';
import { MESSENGER_SCHEMA } from './seed';
import type { Simulators } from './simulators';

/** Provider calls in flight at once: the messenger's own figure, so the ceiling is measured as it sends. */
export const PROVIDER_CONCURRENCY = SEND_CONCURRENCY;
/** Messages per produce request: a fan-out page. */
export const KAFKA_BATCH = 1000;
/** Rows per multi-row INSERT statement. */
export const INSERT_BATCH = 1000;
/** Samples are capped so a million-subscriber run does not spend longer on ceilings than on itself. */
export const KAFKA_SAMPLE_CAP = 200_000;
export const POSTGRES_SAMPLE_CAP = 200_000;
export const PROVIDER_SAMPLE_CAP = 20_000;

export interface Rate {
  count: number;
  ms: number;
  perSecond: number;
  /** For a ceiling measured several times (this Rate is the median run): the slowest and fastest run's rate. */
  spread?: { runs: number; min: number; max: number };
}

/** Each provider ceiling is measured this many times; the median run is the ceiling. */
export const PROVIDER_REPETITIONS = 3;

/** The median run of several (by rate), with the spread of their rates. */
export function medianRun<R extends Rate>(runs: R[]): R {
  const sorted = [...runs].sort((a, b) => a.perSecond - b.perSecond);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return { ...median, spread: { runs: runs.length, min: sorted[0].perSecond, max: sorted[sorted.length - 1].perSecond } };
}

const rate = (count: number, ms: number): Rate => ({ count, ms: Math.round(ms), perSecond: perSecond(count, ms) ?? 0 });

async function timed(count: number, work: () => Promise<unknown>): Promise<Rate> {
  const started = performance.now();
  await work();
  return rate(count, performance.now() - started);
}

export interface KafkaCeiling {
  valueBytes: number;
  partitions: number;
  /** Sequential idempotent sendBatch calls of KAFKA_BATCH messages, acks -1, as EventProducer sends. */
  produce: Rate;
  /**
   * kcat (librdkafka, Debian's package) producing the same messages with acks all and idempotence, from a file,
   * start to exit: a native producer's rate, for comparison. Undefined when kcat is not installed.
   */
  kcat?: Rate;
  /** eachBatch from the first batch to the last (the group join before it is left out). */
  consume: Rate;
}

/** The kcat executable (Debian names it kcat; older packages kafkacat), or undefined. */
function kcatCommand(): string | undefined {
  for (const name of ['kcat', 'kafkacat']) {
    try {
      execFileSync(name, ['-V'], { stdio: 'ignore' });
      return name;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** kcat producing `count` messages of `value` (a key each) to `topic`; see KafkaCeiling.kcat. */
async function kcatProduce(bootstrap: string, topic: string, value: string, count: number): Promise<Rate | undefined> {
  const command = kcatCommand();
  if (!command) return undefined;
  if (/[\t\n]/.test(value)) throw new Error('a Kafka sample with a tab or a newline cannot be given to kcat line by line');
  const dir = mkdtempSync(join(tmpdir(), 'bench-kcat-'));
  const file = join(dir, 'messages.tsv');
  try {
    const lines: string[] = [];
    for (let i = 0; i < count; i++) lines.push(`${randomUUID()}\t${value}\n`);
    writeFileSync(file, lines.join(''));
    return await timed(count, async () => {
      const child = spawn(command, ['-P', '-b', bootstrap, '-t', topic, '-K', '\t', '-X', 'acks=all', '-X', 'enable.idempotence=true', '-l', file], { stdio: ['ignore', 'ignore', 'pipe'] });
      let errors = '';
      child.stderr.on('data', (chunk) => (errors += chunk));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      if (code !== 0) throw new Error(`kcat ended with ${code}: ${errors.slice(0, 500)}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Produces `count` messages of `value` to a scratch topic with `partitions` partitions, consumes them, deletes it. */
export async function kafkaCeiling(bootstrap: string, partitions: number, value: string, count: number): Promise<KafkaCeiling> {
  const kafka = createKafka({ brokers: [bootstrap], clientId: 'bench-ceiling' });
  const topic = `bench.ceiling.${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 3 } });
  const consumer = kafka.consumer({ groupId: `${topic}.group`, allowAutoTopicCreation: false });
  try {
    await producer.connect();
    const produce = await timed(count, async () => {
      for (let start = 0; start < count; start += KAFKA_BATCH) {
        const messages = Array.from({ length: Math.min(KAFKA_BATCH, count - start) }, () => ({ key: randomUUID(), value }));
        await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
      }
    });
    let consumed = 0;
    let firstAt: number | undefined;
    let lastAt = 0;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: Math.min(3, partitions),
      eachBatch: async ({ batch }) => {
        firstAt ??= performance.now();
        consumed += batch.messages.length;
        lastAt = performance.now();
      },
    });
    await waitFor(() => consumed >= count, { timeoutMs: 120_000, intervalMs: 50, description: `consuming ${count} messages from ${topic}` });
    await consumer.disconnect();
    const kcat = await kcatProduce(bootstrap, topic, value, count);
    return { valueBytes: Buffer.byteLength(value), partitions, produce, kcat, consume: rate(consumed, lastAt - (firstAt ?? lastAt)) };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

export interface PostgresCeiling {
  /** Multi-row INSERT … SELECT FROM unnest(…), INSERT_BATCH rows per statement. */
  insert: Rate;
  copy: Rate;
}

/** A COPY text-format field. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : typeof value === 'boolean' ? (value ? 't' : 'f') : String(value);
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/**
 * Writes `count` copies of a real row of messenger-service's `message` table (new ids and provider ids) into a
 * scratch table with the same columns, defaults and indexes, by multi-row INSERT and then by COPY; drops it.
 */
export async function postgresCeiling(databaseUrl: string, count: number): Promise<PostgresCeiling | undefined> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: sampleRows } = await client.query(`SELECT * FROM ${MESSENGER_SCHEMA}.message LIMIT 1`);
    if (sampleRows.length === 0) return undefined;
    const sample = sampleRows[0] as Record<string, unknown>;
    const { rows: columns } = await client.query<{ name: string; type: string }>(
      `SELECT column_name AS name, udt_name AS type FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = 'message' ORDER BY ordinal_position`,
      [MESSENGER_SCHEMA],
    );
    const arrayColumn = columns.find((c) => c.type.startsWith('_'));
    if (arrayColumn) throw new Error(`message.${arrayColumn.name} is an array column: the unnest INSERT here does not handle those`);
    const rowAt = (i: number): unknown[] =>
      columns.map(({ name }) => (name === 'id' ? randomUUID() : name === 'provider_id' && sample.provider_id ? `${sample.provider_id}-${i}` : sample[name]));
    const names = columns.map((c) => c.name).join(', ');
    await client.query(`CREATE TABLE bench_message (LIKE ${MESSENGER_SCHEMA}.message INCLUDING ALL)`);
    try {
      const insertSql = `INSERT INTO bench_message (${names}) SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})`;
      const insert = await timed(count, async () => {
        for (let start = 0; start < count; start += INSERT_BATCH) {
          const rows = Array.from({ length: Math.min(INSERT_BATCH, count - start) }, (_, k) => rowAt(start + k));
          await client.query(insertSql, columns.map((_, c) => rows.map((row) => row[c])));
        }
      });
      await client.query('TRUNCATE bench_message');
      const copy = await timed(count, () =>
        pipeline(
          Readable.from(
            (function* () {
              for (let start = 0; start < count; start += INSERT_BATCH) {
                const end = Math.min(count, start + INSERT_BATCH);
                let chunk = '';
                for (let i = start; i < end; i++) chunk += `${rowAt(i).map(copyField).join('\t')}\n`;
                yield chunk;
              }
            })(),
          ),
          client.query(copyFrom(`COPY bench_message (${names}) FROM STDIN`)),
        ),
      );
      return { insert, copy };
    } finally {
      await client.query('DROP TABLE bench_message');
    }
  } finally {
    await client.end();
  }
}

/** A provider ceiling's median run, with the bare clients' CPU per message in it. */
export type ClientsRate = Rate & { cpuMsPerMessage: number };

export interface ProviderCeiling {
  concurrency: number;
  sms: ClientsRate;
  email: ClientsRate;
  /** Both at once, each at `concurrency`: the most SMS+email delivery can reach here, and what it costs the clients. */
  combined: ClientsRate;
}

/** What the run's messages looked like, so the ceilings send the same sizes. */
export interface ProviderSamples {
  sms: { from: string; body: string };
  email: { from: string; subject: string; text: string; html: string };
}

/**
 * The raw provider-call rate and cost: the bare clients (provider-clients.ts) in a child process of their own, the
 * Twilio SDK and a nodemailer pool with the messenger's options at PROVIDER_CONCURRENCY calls in flight, against the
 * simulators (each in its own process: simulators.ts); texts ask for status callbacks as the messenger's do (three each, taken by a bare
 * receiver in the child). SMS alone, email alone, then both, each PROVIDER_REPETITIONS times: the median run is the
 * ceiling, its spread is kept, and the child's CPU per message is the floor the messenger's is read against. The
 * captured messages are cleared after each run so they count nowhere else.
 */
export async function providerCeiling(simulators: Simulators, samples: ProviderSamples, count: number): Promise<ProviderCeiling> {
  const child = fork(join(__dirname, 'provider-clients.ts'), [], {
    execArgv: ['-r', 'ts-node/register'],
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: join(__dirname, '..', 'tsconfig.json') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const runs: Record<ClientsKind, ClientsRun[]> = { sms: [], email: [], combined: [] };
  const finished = new Promise<void>((resolve, reject) => {
    child.on('message', (message: ClientsRun | { done: true }) => {
      if ('done' in message) return resolve();
      runs[message.kind].push(message);
      void simulators.clear().then(() => child.send({ cleared: true }), reject);
    });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the provider clients' process ended with ${code}`))));
  });
  const job: ClientsJob = {
    twilio: simulators.twilioAccount,
    smtpPort: simulators.smtpPort,
    samples,
    count,
    concurrency: PROVIDER_CONCURRENCY,
    repetitions: PROVIDER_REPETITIONS,
  };
  child.send(job);
  await finished;
  const ceiling = (kind: ClientsKind): ClientsRate => medianRun(runs[kind].map((r) => ({ ...rate(r.count, r.ms), cpuMsPerMessage: r.cpuMs / r.count })));
  return { concurrency: PROVIDER_CONCURRENCY, sms: ceiling('sms'), email: ceiling('email'), combined: ceiling('combined') };
}
