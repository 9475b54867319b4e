/** What the bench's sections share: where results go, the run's log, a database of its own, the declaration. */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { PostgresServer, startPostgres } from '@prespond/sandbox';
import { Stack } from '../deploy/stack';
import { BENCH_AUDIENCE } from './seed';

export const ROOT = resolve(__dirname, '..');
export const RESULTS_DIR = join(ROOT, 'bench', 'results');

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  commit: string;
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export function machine(): Machine {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform} ${process.arch}`, commit: gitCommit() };
}

/** One section's files under bench/results/: `<stamp>-<name>.log` (the services' logs and the bench's lines) and `.json`. */
export interface SectionRun {
  startedAt: Date;
  /** The run's timestamp, shared by every section of one `npm run bench`. */
  stamp: string;
  logPath: string;
  jsonPath: string;
  /** A line to the log only. */
  log(line: string): void;
  /** A line to the terminal and the log. */
  say(line: string): void;
  end(): void;
}

export function openSection(startedAt: Date, name: string): SectionRun {
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  mkdirSync(RESULTS_DIR, { recursive: true });
  const logPath = join(RESULTS_DIR, `${stamp}-${name}.log`);
  const file = createWriteStream(logPath);
  const log = (line: string) => void file.write(`${line}\n`);
  return {
    startedAt,
    stamp,
    logPath,
    jsonPath: join(RESULTS_DIR, `${stamp}-${name}.json`),
    log,
    say(line) {
      console.log(line);
      log(`[bench] ${line}`);
    },
    end: () => void file.end(),
  };
}

/**
 * With DATABASE_URL, a database of its own on that server (dropped afterwards): the services' schemas there may
 * belong to a running `npm start`, and a second run must not find the first one's subscribers.
 */
export async function benchDatabase(databaseUrl: string | undefined, name: string): Promise<{ env: NodeJS.ProcessEnv; drop(): Promise<void> }> {
  if (!databaseUrl) return { env: {}, drop: async () => undefined };
  const server: PostgresServer = await startPostgres({ databaseUrl });
  await server.createDatabase(name);
  return { env: { DATABASE_URL: server.urlFor(name) }, drop: () => server.dropDatabase(name) };
}

export const BENCH_INCIDENT_TITLE = 'Internet outage (bench)';

/** Declares one incident on BENCH_AUDIENCE (every seeded subscriber); resolves with the time it was posted. */
export async function declareIncident(stack: Stack, note?: string): Promise<number> {
  const hour = 3_600_000;
  const declaredAt = Date.now();
  const response = await fetch(`${stack.services['incident-service'].url}/incidents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.keys.roles.ops}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: note ? `${BENCH_INCIDENT_TITLE}, ${note}` : BENCH_INCIDENT_TITLE,
      message: 'A fibre cable was cut near the exchange. Engineers are on site.',
      severity: 'major',
      components: BENCH_AUDIENCE.components,
      regions: BENCH_AUDIENCE.regions,
      eta: new Date(declaredAt + 2 * hour).toISOString(),
      nextUpdateBy: new Date(declaredAt + hour).toISOString(),
    }),
  });
  if (response.status !== 201) throw new Error(`POST /incidents answered ${response.status}: ${await response.text()}`);
  return declaredAt;
}

/** Ctrl-C stops what `stop` stops, then exits (130); the returned function takes the handler off again. */
export function stopOnInterrupt(stop: () => Promise<void>): () => void {
  const handler = () => void stop().finally(() => process.exit(130));
  process.once('SIGINT', handler);
  return () => void process.off('SIGINT', handler);
}
