import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, waitFor } from '@prespond/sandbox';
import { onlyReads, ShellSession, shows, StepResult, walkthroughSteps, WalkthroughStep } from './support/readme-walkthrough';

const ROOT = resolve(__dirname, '..');

/** The README's ports, and the variables that move each (npm start reads them). */
const README_PORTS = {
  3000: 'CONSOLE_PORT',
  3004: 'OIDC_SANDBOX_PORT',
  3001: 'INCIDENT_SERVICE_PORT',
  3002: 'SUBSCRIBER_SERVICE_PORT',
  3003: 'MESSENGER_SERVICE_PORT',
  3090: 'TWILIO_SANDBOX_PORT',
  1080: 'SMTP_HTTP_PORT',
  1025: 'SMTP_PORT',
  9092: 'KAFKA_PORT',
} as const;

/** How long a step that only reads is tried again for its documented answer (messages arrive asynchronously). */
const ANSWER_DEADLINE_MS = 60_000;

/** A line npm start printed, and when. */
interface Printed {
  at: number;
  line: string;
}

/** Every process below `pid` (services, Kafka, PostgreSQL and their children), from ps. */
function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((row) => row.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of rows) {
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const listening = (port: number) =>
  new Promise<boolean>((resolveProbe) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolveProbe(true);
    });
    socket.once('error', () => resolveProbe(false));
  });

/**
 * The README, run: `npm start` exactly as the Quick start says (embedded PostgreSQL, keys made up; on free ports, so
 * it can run beside a developer's own `npm start`), then every command of "Try it" in order in one bash session,
 * each held to its documented answer, then a terminal's Ctrl-C (SIGINT to the whole process group).
 */
describe('the README', () => {
  const steps = walkthroughSteps(join(ROOT, 'README.md'));
  const scratch = mkdtempSync(join(tmpdir(), 'prespond-readme-'));
  const devKeys = join(scratch, 'dev-keys.env');
  const ports = {} as Record<keyof typeof README_PORTS, number>;
  const printed: Printed[] = [];
  let npm: ChildProcess;
  let exited: Promise<number | null>;
  let shell: ShellSession;

  /** The command as run here: the README's ports moved to this stack's, its keys file to this run's. */
  const localised = (command: string) =>
    command
      .replace(/(localhost|127\.0\.0\.1):(\d{4})\b/g, (whole, host, port) => (port in ports ? `${host}:${ports[port as unknown as keyof typeof ports]}` : whole))
      .replaceAll('.cache/dev-keys.env', devKeys);

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DEV_KEYS_FILE: devKeys };
    delete env.DATABASE_URL; // as on a fresh machine: npm start's embedded PostgreSQL
    delete env.API_KEYS;
    for (const [port, variable] of Object.entries(README_PORTS)) {
      ports[Number(port) as keyof typeof README_PORTS] = await freePort();
      env[variable] = String(ports[Number(port) as keyof typeof README_PORTS]);
    }
    // As a terminal starts it: the leader of a process group of its own, which Ctrl-C signals as a whole.
    npm = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    exited = new Promise((resolveExit) => npm.once('exit', (code) => resolveExit(code)));
    for (const stream of [npm.stdout!, npm.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => chunk.split('\n').filter(Boolean).forEach((line) => printed.push({ at: Date.now(), line })));
    }
    let code: number | null | undefined;
    void exited.then((c) => (code = c));
    await waitFor(
      () => {
        if (code !== undefined) throw new Error(`npm start exited with ${code}:\n${printed.map((p) => p.line).join('\n')}`);
        return printed.some((p) => p.line.includes('Press Ctrl-C to stop.'));
      },
      { timeoutMs: 240_000, intervalMs: 250, description: 'npm start to say "Press Ctrl-C to stop."' },
    );
    shell = new ShellSession(ROOT, { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' });
  });

  afterAll(async () => {
    shell?.close();
    if (npm?.exitCode === null && npm.pid) {
      // A failed spec: nothing may outlive it (the parts are in process groups of their own, so each is killed).
      for (const pid of [npm.pid, ...descendants(npm.pid)]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
    }
    rmSync(scratch, { recursive: true, force: true });
  });

  it('starts with no ERROR line', () => {
    const start = printed.slice(0, printed.findIndex((p) => p.line.includes('Prespond is running.')));
    expect(start.length).toBeGreaterThan(0);
    expect(start.map((p) => p.line).filter((line) => /\bERROR\b|\bFATAL\b/.test(line))).toEqual([]);
  });

  it('prints and writes what a client needs: the keys, the sandbox credentials, the public URL, the SMTP inbox', async () => {
    const written = (await shell.run(`bash -c 'source ${devKeys} && env'`, 10_000)).stdout;
    for (const name of ['OPS_KEY', 'MARKETING_KEY', 'ADMIN_KEY', 'CONSOLE_URL', 'CONSOLE_ADMIN_EMAIL', 'CONSOLE_ADMIN_PASSWORD', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_API_URL', 'PUBLIC_URL', 'SMTP_URL', 'SMTP_INBOX_URL']) {
      const value = new RegExp(`^${name}=(.+)$`, 'm').exec(written)?.[1];
      expect({ name, value }).toEqual({ name, value: expect.any(String) });
      expect(printed.some((p) => p.line.includes(name) && p.line.includes(value!))).toBe(true);
    }
    expect(written).toMatch(/^TWILIO_ACCOUNT_SID=AC[0-9a-f]{32}$/m);
    expect(written).toContain(`PUBLIC_URL=http://127.0.0.1:${ports[3003]}`);
  });

  /** Runs one step; a read is tried again until its documented answer shows (or the deadline passes). */
  async function runStep(step: WalkthroughStep): Promise<StepResult> {
    const command = localised(step.command);
    const assigned = /^([A-Z_][A-Z0-9_]*)=\$\(/.exec(command)?.[1];
    const retry = onlyReads(command) && (step.expected !== undefined || assigned !== undefined);
    const deadline = Date.now() + (retry ? ANSWER_DEADLINE_MS : 0);
    for (;;) {
      const result = await shell.run(command, 60_000);
      const value = assigned ? (await shell.run(`printf '%s' "$${assigned}"`, 5_000)).stdout : undefined;
      const ok = result.exitCode === 0 && (!step.expected || shows(result.stdout, step.expected)) && (value === undefined || value.length > 0);
      if (ok || Date.now() > deadline) return { ...result, stdout: assigned ? `${assigned}=${value}\n${result.stdout}` : result.stdout };
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  describe('Try it, run as written', () => {
    it('has steps with documented answers', () => {
      expect(steps.length).toBeGreaterThan(40);
      expect(steps.filter((s) => s.expected).length).toBeGreaterThan(25);
    });

    for (const step of steps) {
      const title = `README.md:${step.line} ${step.says || step.command.split('\n')[0]}`.slice(0, 160);
      it(title, async () => {
        const result = await runStep(step);
        const seen = { line: step.line, command: step.command, exitCode: result.exitCode, statuses: result.httpStatuses, stdout: result.stdout, stderr: result.stderr };
        expect({ ...seen, exitCode: result.exitCode }).toEqual({ ...seen, exitCode: 0 });
        const wanted = step.expected?.status;
        const statuses = wanted === undefined ? result.httpStatuses.map((s) => (s >= 200 && s < 300 ? '2xx' : s)) : result.httpStatuses.slice(-1);
        expect({ ...seen, statuses }).toEqual({ ...seen, statuses: wanted === undefined ? result.httpStatuses.map(() => '2xx') : [wanted] });
        if (step.expected) expect({ ...seen, shows: shows(result.stdout, step.expected), expected: step.expected.text }).toEqual({ ...seen, shows: true, expected: step.expected.text });
      });
    }
  });

  it("stops cleanly on a terminal's Ctrl-C: services first, then Kafka, the sandboxes and PostgreSQL, within 30 s, nothing left", async () => {
    const parts = descendants(npm.pid!);
    expect(parts.length).toBeGreaterThanOrEqual(5); // at least three services, Kafka and PostgreSQL
    const from = printed.length;
    const sentAt = Date.now();
    process.kill(-npm.pid!, 'SIGINT'); // what a terminal does on Ctrl-C: the whole foreground process group
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 30_000)))]);
    clearTimeout(timer);
    const lines = printed.slice(from).map((p) => p.line);
    expect({ code, lines }).toEqual({ code: 0, lines });
    expect(Date.now() - sentAt).toBeLessThan(30_000);

    const order = ['stopping the services…', 'shut down cleanly', 'stopping Kafka…', 'stopping the SMTP inbox and the Twilio sandbox…', 'stopping PostgreSQL…', 'stopped.'];
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    expect(order.map(at).every((index, i, all) => index >= 0 && (i === 0 || index > all[i - 1]))).toBe(true);
    for (const service of ['incident-service', 'subscriber-service', 'messenger-service']) {
      const clean = lines.findIndex((l) => l.startsWith(`[${service}]`) && l.includes('shut down cleanly'));
      expect({ service, clean: clean >= 0 && clean < at('stopping Kafka…') }).toEqual({ service, clean: true });
    }
    expect(lines.filter((l) => /ECONNREFUSED|terminating connection due to administrator command|outbox not drained|\bERROR\b/.test(l))).toEqual([]);

    await waitFor(() => parts.every((pid) => !alive(pid)), { timeoutMs: 5_000, description: 'every part of the stack to be gone' });
    const stillListening = [];
    for (const port of Object.values(ports)) if (await listening(port)) stillListening.push(port);
    expect(stillListening).toEqual([]);
  });
});
