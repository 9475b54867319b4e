/**
 * The bare provider clients, in a process of their own (bench/ceilings.ts forks it): the Twilio SDK and a nodemailer
 * pool as the messenger creates them, and a receiver of status callbacks that only reads each and answers 204,
 * with no Prespond code between them. The simulators run in processes of their own (simulators.ts), as they do for
 * the messenger in the run, so this process's CPU is the clients' alone: the floor the messenger's CPU per message
 * is read against.
 *
 * Protocol (IPC): the parent sends a ClientsJob; for each kind and repetition this process sends a ClientsRun and
 * waits for `{ cleared: true }` (the parent empties the simulators' captures between runs); then `{ done: true }`.
 */
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createTransport } from 'nodemailer';
import { smtpTransportOptions } from '../apps/messenger-service/src/providers/email/smtp/smtp-email.provider';
import { createTwilioClient } from '../apps/messenger-service/src/providers/sms/twilio/twilio-client';
import { Slots } from '../apps/messenger-service/src/delivery/slots';
import { waitFor } from '@prespond/sandbox';
import { benchEmail, benchPhone } from './seed';

export type ClientsKind = 'sms' | 'email' | 'combined';

export interface ClientsJob {
  twilio: { accountSid: string; authToken: string; url: string };
  smtpPort: number;
  samples: { sms: { from: string; body: string }; email: { from: string; subject: string; text: string; html: string } };
  count: number;
  concurrency: number;
  repetitions: number;
}

export interface ClientsRun {
  kind: ClientsKind;
  /** Messages sent in the run. */
  count: number;
  ms: number;
  /** This process's CPU (user + system) over the run, in ms. */
  cpuMs: number;
}

/** Runs task(0…count-1) with at most `concurrency` in flight, through the messenger's own Slots. */
export async function inPool(count: number, concurrency: number, task: (index: number) => Promise<unknown>): Promise<void> {
  const slots = new Slots(concurrency);
  await Promise.all(Array.from({ length: count }, (_, index) => slots.run(() => task(index))));
}

async function main(job: ClientsJob): Promise<void> {
  let callbacks = 0;
  const receiver = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      callbacks++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const statusCallback = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/twilio/status`;
  const client = createTwilioClient(job.twilio.accountSid, job.twilio.authToken, job.twilio.url);
  const transport = createTransport(smtpTransportOptions({ host: '127.0.0.1', port: job.smtpPort, secure: false }));
  const { count, concurrency, samples } = job;
  const sendSms = (i: number) => client.messages.create({ to: benchPhone(i), from: samples.sms.from, body: samples.sms.body, statusCallback });
  const sendEmail = (i: number) => transport.sendMail({ ...samples.email, to: benchEmail(i) });
  const kinds: { kind: ClientsKind; messages: number; texts: number; work: () => Promise<unknown> }[] = [
    { kind: 'sms', messages: count, texts: count, work: () => inPool(count, concurrency, sendSms) },
    { kind: 'email', messages: count, texts: 0, work: () => inPool(count, concurrency, sendEmail) },
    { kind: 'combined', messages: 2 * count, texts: count, work: () => Promise.all([inPool(count, concurrency, sendSms), inPool(count, concurrency, sendEmail)]) },
  ];
  for (const { kind, messages, texts, work } of kinds) {
    for (let i = 0; i < job.repetitions; i++) {
      // A run ends when every text's three callbacks (queued, sent, delivered) have come in, as the messenger takes them.
      const expected = callbacks + 3 * texts;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await work();
      await waitFor(() => callbacks >= expected, { timeoutMs: 120_000, intervalMs: 20, description: `${3 * texts} status callbacks` });
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      const cleared = new Promise((resolve) => process.once('message', resolve));
      process.send!({ kind, count: messages, ms, cpuMs: (cpu.user + cpu.system) / 1000 } satisfies ClientsRun);
      await cleared;
    }
  }
  transport.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  process.send!({ done: true });
}

if (require.main === module) {
  process.once('message', (job: ClientsJob) =>
    main(job).then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    ),
  );
}
