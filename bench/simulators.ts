/**
 * The Twilio sandbox and the SMTP inbox for the fan-out bench, each in a process of its own (this file, forked with
 * `twilio` or `smtp`), so that neither shares an event loop with the bench's polling, with the other or with the
 * client being measured; the run and the ceilings use the same two. The services are pointed at them through their
 * environment (see `serviceEnv`). The parent asks over IPC; each child keeps only what the bench reads: where each
 * message went and when it was accepted, and the first message as a sample of its size.
 */
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SmtpInbox, TwilioSandbox } from '@prespond/sandbox';
import { epochMs } from './measure';
import { ProviderSamples } from './ceilings';
import { InboxDrain } from './progress';
import { Accepted } from './request-times';

type Kind = 'twilio' | 'smtp';

type Ask = { ask: 'count' } | { ask: 'accepted' } | { ask: 'sample' } | { ask: 'clear' } | { ask: 'stop' };

interface Started {
  ready: true;
  port: number;
  accountSid?: string;
  authToken?: string;
}

/** One simulator in its child process, asked over IPC (one question at a time). */
class SimulatorProcess {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly child: ChildProcess,
    readonly started: Started,
  ) {}

  static async start(kind: Kind): Promise<SimulatorProcess> {
    const child = fork(__filename, [kind], {
      execArgv: ['-r', 'ts-node/register'],
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: join(__dirname, '..', 'tsconfig.json') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const started = await new Promise<Started>((resolve, reject) => {
      child.once('message', (message) => resolve(message as Started));
      child.once('exit', (code) => reject(new Error(`the ${kind} simulator ended with ${code} while starting`)));
    });
    child.removeAllListeners('exit');
    return new SimulatorProcess(child, started);
  }

  get pid(): number {
    return this.child.pid!;
  }

  ask<T>(question: Ask): Promise<T> {
    const answer = this.queue.then(
      () =>
        new Promise<T>((resolve, reject) => {
          const onExit = (code: number | null) => reject(new Error(`the simulator ended with ${code}`));
          this.child.once('exit', onExit);
          this.child.once('message', (message) => {
            this.child.off('exit', onExit);
            resolve(message as T);
          });
          this.child.send(question);
        }),
    );
    this.queue = answer.catch(() => undefined);
    return answer;
  }
}

/** The bench's two simulators, in their own processes. */
export class Simulators {
  private constructor(
    private readonly twilio: SimulatorProcess,
    private readonly smtp: SimulatorProcess,
  ) {}

  static async start(): Promise<Simulators> {
    const [twilio, smtp] = await Promise.all([SimulatorProcess.start('twilio'), SimulatorProcess.start('smtp')]);
    return new Simulators(twilio, smtp);
  }

  /** Their processes, for the CPU they use. */
  get pids(): { twilio: number; smtp: number } {
    return { twilio: this.twilio.pid, smtp: this.smtp.pid };
  }

  get twilioAccount(): { accountSid: string; authToken: string; url: string } {
    return { accountSid: this.twilio.started.accountSid!, authToken: this.twilio.started.authToken!, url: `http://127.0.0.1:${this.twilio.started.port}` };
  }

  get smtpPort(): number {
    return this.smtp.started.port;
  }

  /** What the services need to use these instead of the stack's own sandbox and inbox. */
  serviceEnv(): NodeJS.ProcessEnv {
    const { accountSid, authToken, url } = this.twilioAccount;
    return { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_API_URL: url, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(this.smtpPort) };
  }

  async counts(): Promise<{ sms: number; email: number }> {
    const [sms, email] = await Promise.all([this.twilio.ask<number>({ ask: 'count' }), this.smtp.ask<number>({ ask: 'count' })]);
    return { sms, email };
  }

  async accepted(): Promise<Accepted[]> {
    const [sms, email] = await Promise.all([this.twilio.ask<Accepted[]>({ ask: 'accepted' }), this.smtp.ask<Accepted[]>({ ask: 'accepted' })]);
    return [...sms, ...email];
  }

  /** The first text and email, for ceilings with messages of the same size. */
  async samples(): Promise<ProviderSamples | undefined> {
    const [sms, email] = await Promise.all([this.twilio.ask<ProviderSamples['sms'] | null>({ ask: 'sample' }), this.smtp.ask<ProviderSamples['email'] | null>({ ask: 'sample' })]);
    return sms && email ? { sms, email } : undefined;
  }

  /** Forgets what was accepted (between ceiling runs). */
  async clear(): Promise<void> {
    await Promise.all([this.twilio.ask({ ask: 'clear' }), this.smtp.ask({ ask: 'clear' })]);
  }

  async stop(): Promise<void> {
    await Promise.all([this.twilio.ask({ ask: 'stop' }).catch(() => undefined), this.smtp.ask({ ask: 'stop' }).catch(() => undefined)]);
  }
}

/** The child: one simulator, answering the parent's questions. */
async function child(kind: Kind): Promise<void> {
  const reply = (message: unknown) => process.send!(message);
  if (kind === 'twilio') {
    const sandbox = await TwilioSandbox.start({ port: 0, accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: randomBytes(16).toString('hex') });
    reply({ ready: true, port: sandbox.port, accountSid: sandbox.options.accountSid, authToken: sandbox.options.authToken } satisfies Started);
    // The messenger reads texts back (by sid), so they stay in the sandbox until cleared.
    process.on('message', async (question: Ask) => {
      if (question.ask === 'count') return reply(sandbox.messages.length);
      if (question.ask === 'accepted') return reply(sandbox.messages.map((m): Accepted => ({ channel: 'sms', address: m.to, at: epochMs(m.accepted_at)! })));
      if (question.ask === 'sample') return reply(sandbox.messages[0] ? { from: sandbox.messages[0].from ?? '+15005550006', body: sandbox.messages[0].body } : null);
      if (question.ask === 'clear') {
        sandbox.messages.length = 0;
        sandbox.callbacks.length = 0;
        return reply(true);
      }
      await sandbox.stop();
      reply(true);
      process.exit(0);
    });
    return;
  }
  const inbox = await SmtpInbox.start({ smtpPort: 0, httpPort: 0 });
  reply({ ready: true, port: inbox.smtpPort } satisfies Started);
  // A parsed email is large: each is taken out of the inbox at once and only its address and time are kept.
  const drain = new InboxDrain(inbox);
  const timer = setInterval(() => drain.drain(), 200);
  process.on('message', async (question: Ask) => {
    const count = drain.drain();
    if (question.ask === 'count') return reply(count);
    if (question.ask === 'accepted') return reply(drain.accepted);
    if (question.ask === 'sample') return reply(drain.first ? { from: drain.first.from, subject: drain.first.subject, text: drain.first.text, html: drain.first.html } : null);
    if (question.ask === 'clear') {
      drain.accepted.length = 0;
      return reply(true);
    }
    clearInterval(timer);
    await inbox.stop();
    reply(true);
    process.exit(0);
  });
}

if (require.main === module) {
  child(process.argv[2] as Kind).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
