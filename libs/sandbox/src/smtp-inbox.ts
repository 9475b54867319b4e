import { AddressInfo } from 'node:net';
import { Server as HttpServer } from 'node:http';
import express from 'express';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One email as the inbox captured it. */
export interface CapturedEmail {
  id: number;
  receivedAt: string;
  messageId?: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/**
 * A real SMTP server on loopback that accepts every message, parses it, and lists what it captured as JSON
 * over HTTP (`GET /messages`, `GET /messages/:id`, `DELETE /messages`). For development and tests only.
 */
export class SmtpInbox {
  readonly messages: CapturedEmail[] = [];
  private nextId = 1;
  /** Delays before the next accepted messages are acknowledged (see slowDownNext). */
  readonly delays: number[] = [];
  /** Recipients refused at RCPT TO, with the SMTP reply code (e.g. 550 no such mailbox, 451 try later). */
  readonly refuse = new Map<string, number>();

  private constructor(
    private readonly smtp: SMTPServer,
    private readonly http: HttpServer,
  ) {}

  get smtpPort(): number {
    return (this.smtp.server.address() as AddressInfo).port;
  }

  get httpPort(): number {
    return (this.http.address() as AddressInfo).port;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  static async start(options: { smtpPort?: number; httpPort?: number; host?: string } = {}): Promise<SmtpInbox> {
    const inbox: { current?: SmtpInbox } = {};
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const code = inbox.current?.refuse.get(address.address.toLowerCase());
        if (!code) return callback();
        callback(Object.assign(new Error(code >= 500 ? 'No such mailbox here' : 'Try again later'), { responseCode: code }));
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then(async (mail) => {
            const delay = inbox.current?.delays.shift();
            if (delay) await new Promise((r) => setTimeout(r, delay));
            inbox.current?.capture(mail, session.envelope.rcptTo.map((r) => r.address));
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve, reject) => {
      smtp.once('error', reject);
      smtp.listen(options.smtpPort ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    // A client gone mid-dialogue (a sender killed with -9 resets its pooled connections) ends that session only, as
    // on any mail server: not an error of the inbox.
    smtp.on('error', () => undefined);
    const app = express();
    const http = await new Promise<HttpServer>((resolve) => {
      const server = app.listen(options.httpPort ?? 0, options.host ?? '127.0.0.1', () => resolve(server));
    });
    inbox.current = new SmtpInbox(smtp, http);
    app.get('/messages', (req, res) => {
      const to = typeof req.query.to === 'string' ? req.query.to.toLowerCase() : undefined;
      res.json(inbox.current!.messages.filter((m) => !to || m.to.includes(to)));
    });
    app.get('/messages/:id', (req, res) => {
      const found = inbox.current!.messages.find((m) => m.id === Number(req.params.id));
      if (found) res.json(found);
      else res.status(404).json({ error: 'not found' });
    });
    app.delete('/messages', (_req, res) => {
      inbox.current!.messages.length = 0;
      res.status(204).end();
    });
    return inbox.current;
  }

  /** Acknowledges the next message only after `ms` (a slow mail server), to test slow handlers. */
  slowDownNext(ms: number): void {
    this.delays.push(ms);
  }

  private capture(mail: Awaited<ReturnType<typeof simpleParser>>, recipients: string[]): void {
    const headers: Record<string, string> = {};
    for (const line of mail.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
    this.messages.push({
      id: this.nextId++,
      receivedAt: new Date().toISOString(),
      messageId: mail.messageId,
      from: mail.from?.text ?? '',
      to: recipients.map((r) => r.toLowerCase()),
      subject: mail.subject ?? '',
      text: mail.text ?? '',
      html: typeof mail.html === 'string' ? mail.html : '',
      headers,
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.smtp.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
