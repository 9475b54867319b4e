import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { connect } from 'node:net';
import { createTransport, Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { MESSENGER_CONFIG, MessengerServiceConfig } from '../../../config/env';
import { ChannelProvider, OutboundMessage, PROVIDER_CALL_TIMEOUT_MS, SendCancelled, SendOptions, SendResult } from '../../channel-provider';
import { RateLimiter, TurnSource } from '../../rate-limiter';
import { SHARED_RATES } from '../../shared-rates';

/** SMTP connections kept open to the server: emails in flight at once (nodemailer queues the rest). */
export const SMTP_POOL_CONNECTIONS = 16;

/**
 * The transport's options: pooled keep-alive connections, and on a plain (or STARTTLS) connection Nagle's algorithm
 * off. SMTP is a dialogue of short lines, and with it on each message waits about 40 ms for the server's delayed ACK
 * (measured on loopback: 96 emails/s through five connections with it, over 400 without). Implicit TLS (`secure`)
 * keeps nodemailer's own socket.
 */
export function smtpTransportOptions(smtp: Pick<MessengerServiceConfig['smtp'], 'host' | 'port' | 'secure' | 'user' | 'password'>): SMTPPool.Options {
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    pool: true,
    maxConnections: SMTP_POOL_CONNECTIONS,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
    // A stalled server fails the call in time (see PROVIDER_CALL_TIMEOUT_MS) instead of after nodemailer's 10 minutes.
    connectionTimeout: PROVIDER_CALL_TIMEOUT_MS,
    greetingTimeout: PROVIDER_CALL_TIMEOUT_MS,
    socketTimeout: PROVIDER_CALL_TIMEOUT_MS,
    // Handed over while still connecting, as an open `connection`: nodemailer attaches its own handlers at once, so a
    // refused or timed-out connection fails through its usual path (an error passed to the callback here would leave
    // the pool's slot taken for good, and every later email waiting). It waits for the greeting before writing.
    getSocket: smtp.secure
      ? undefined
      : (_options, callback) => {
          const socket = connect({ host: smtp.host, port: smtp.port });
          socket.setNoDelay(true);
          callback(null, { connection: socket } as never);
        },
  };
}

/** Email over SMTP with a pooled nodemailer transport, held to EMAIL_RATE_PER_SECOND when set. */
@Injectable()
export class SmtpEmailProvider implements ChannelProvider, OnApplicationShutdown {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;
  private readonly limiter: RateLimiter;

  /** `shared`: the messengers' shared rates (SharedRates); without it, the rate holds in this process only. */
  constructor(
    @Inject(MESSENGER_CONFIG) private readonly config: MessengerServiceConfig,
    @Optional() @Inject(SHARED_RATES) shared?: TurnSource,
  ) {
    this.transport = createTransport(smtpTransportOptions(config.smtp));
    this.limiter = new RateLimiter(config.smtp.perSecond, shared && { source: shared, key: `email:${config.smtp.host}:${config.smtp.port}` });
  }

  /** Emails per second; null: no limit. */
  get perSecond(): number | null {
    return this.limiter.perSecond;
  }

  async ping(): Promise<void> {
    await this.transport.verify();
  }

  async send(message: OutboundMessage, { guard, signal }: SendOptions = {}): Promise<SendResult> {
    // A stable Message-ID: a retried send of the same notification is recognisably the same email.
    const messageId = `<${message.id}@${this.config.smtp.from.split('@')[1] ?? 'prespond.local'}>`;
    try {
      const info = await this.limiter.run(() => {
        guard?.();
        return this.transport.sendMail({
          from: `${this.config.brand} <${this.config.smtp.from}>`,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId,
          // Prepared: sent as given, one line each. Folded or encoded, a mail client may not find the one-click URL.
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([key, value]) => [key, { prepared: true, value }])),
        });
      }, signal);
      return { outcome: 'accepted', providerId: info.messageId ?? messageId, status: 'sent' };
    } catch (error) {
      if (signal?.aborted && error === signal.reason) throw new SendCancelled('called off while waiting for the email rate');
      // 5xx: the server refused this message for good (unknown mailbox, rejected content).
      if (Number(error?.responseCode) >= 500) {
        return { outcome: 'failed', errorCode: String(error.responseCode), errorMessage: String(error.response ?? error.message) };
      }
      throw error;
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
