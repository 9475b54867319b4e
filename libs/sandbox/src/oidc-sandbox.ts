import { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './net';
import { signalOwned, spawnOwned } from './owned-process';
import { waitFor } from './wait';

/** A person who can sign in at the sandbox. */
export interface OidcSandboxUser {
  /** The `sub` claim: stable, never shown. */
  subject: string;
  /** Typed into the login form (compared case-insensitively); the `email` claim, always `email_verified: true`. */
  email: string;
  /** The `name` claim. */
  name: string;
  password: string;
}

/** A registered relying party. Every one is first party: consent is granted without asking. */
export interface OidcSandboxClient {
  clientId: string;
  /** Sent with HTTP basic authentication at the token endpoint (client_secret_basic, the OIDC default). */
  clientSecret: string;
  redirectUris: string[];
  /** Where RP-initiated logout may return to (`post_logout_redirect_uri`); none when omitted. */
  postLogoutRedirectUris?: string[];
}

export interface OidcSandboxOptions {
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number;
  users: OidcSandboxUser[];
  clients: OidcSandboxClient[];
  /** Lines the server prints (errors, mostly); written to stderr when omitted. */
  onLog?: (line: string) => void;
}

const SERVER = join(__dirname, 'oidc', 'oidc-server.mjs');
const READY = /^oidc-sandbox ready (\S+)$/;
/** Expected of a sandbox: its state is meant to vanish with the process. */
const EXPECTED_NOISE = /in-memory adapter is used/;

/**
 * A real OpenID Connect provider on loopback (oidc-provider, with a plain login page of its own) standing in for the
 * company's: authorization code flow with PKCE S256 required, scopes `openid email profile`, claims `email`,
 * `email_verified` (always true) and `name`, RP-initiated logout. Http issuer, state in memory, a fresh signing key
 * each start.
 *
 * It runs in a child process because oidc-provider is ESM-only and jest loads specs as CommonJS; the child also
 * leads a process group of its own (spawnOwned) and exits when this process goes away, however it goes.
 */
export class OidcSandbox {
  private constructor(
    /** `http://127.0.0.1:<port>`, as in the discovery document and the `iss` claim. */
    readonly issuer: string,
    readonly users: readonly OidcSandboxUser[],
    readonly clients: readonly OidcSandboxClient[],
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
  ) {}

  get port(): number {
    return Number(new URL(this.issuer).port);
  }

  static async start(options: OidcSandboxOptions): Promise<OidcSandbox> {
    const port = options.port ?? (await freePort());
    const onLog = options.onLog ?? ((line: string) => process.stderr.write(`[oidc-sandbox] ${line}\n`));
    const child = spawnOwned(process.execPath, [SERVER], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin?.on('error', () => undefined); // EPIPE when the child died at once: reported by the wait below
    // One line of JSON; stdin then stays open, and its end tells the child this process is gone.
    child.stdin?.write(`${JSON.stringify({ port, users: options.users, clients: options.clients })}\n`);

    let issuer: string | undefined;
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      let rest = '';
      stream?.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) {
          const ready = READY.exec(line);
          if (ready) issuer = ready[1];
          else if (!EXPECTED_NOISE.test(line)) onLog(line);
        }
      });
    }

    const sandbox = new OidcSandbox(`http://127.0.0.1:${port}`, options.users, options.clients, child, exited);
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited (${child.exitCode ?? child.signalCode})`);
          if (!issuer) return undefined;
          const discovery = await fetch(`${issuer}/.well-known/openid-configuration`);
          return discovery.ok && ((await discovery.json()) as { issuer?: string }).issuer === sandbox.issuer;
        },
        { timeoutMs: 30_000, intervalMs: 50, description: `the OIDC sandbox on port ${port}` },
      );
    } catch (error) {
      await sandbox.stop();
      throw error;
    }
    return sandbox;
  }

  /** Stops the server (SIGTERM, SIGKILL after 5 s); resolves once it has exited. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      signalOwned(this.child, 'SIGTERM');
      const timer = setTimeout(() => signalOwned(this.child, 'SIGKILL'), 5_000);
      await this.exited;
      clearTimeout(timer);
    }
    this.child.stdin?.destroy();
  }
}
