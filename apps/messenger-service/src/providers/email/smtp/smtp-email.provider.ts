import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { MESSENGER_CONFIG, MessengerServiceConfig } from '../../../config/env';
import { ChannelProvider, OutboundMessage, SendResult } from '../../channel-provider';
import { RateLimiter } from '../../rate-limiter';

/** SMTP connections kept open to the server: emails in flight at once (nodemailer queues the rest). */
export const SMTP_POOL_CONNECTIONS = 5;

/** Email over SMTP with a pooled nodemailer transport, held to EMAIL_RATE_PER_SECOND when set. */
@Injectable()
export class SmtpEmailProvider implements ChannelProvider, OnApplicationShutdown {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;
  private readonly limiter: RateLimiter;

  constructor(@Inject(MESSENGER_CONFIG) private readonly config: MessengerServiceConfig) {
    const { host, port, secure, user, password } = config.smtp;
    this.transport = createTransport({
      host,
      port,
      secure,
      pool: true,
      maxConnections: SMTP_POOL_CONNECTIONS,
      auth: user ? { user, pass: password } : undefined,
    });
    this.limiter = new RateLimiter(config.smtp.perSecond);
  }

  /** Emails per second; null: no limit. */
  get perSecond(): number | null {
    return this.limiter.perSecond;
  }

  async ping(): Promise<void> {
    await this.transport.verify();
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    // A stable Message-ID: a retried send of the same notification is recognisably the same email.
    const messageId = `<${message.id}@${this.config.smtp.from.split('@')[1] ?? 'prespond.local'}>`;
    try {
      const info = await this.limiter.run(() =>
        this.transport.sendMail({
          from: `${this.config.brand} <${this.config.smtp.from}>`,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId,
          // Prepared: sent as given, one line each. Folded or encoded, a mail client may not find the one-click URL.
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([key, value]) => [key, { prepared: true, value }])),
        }),
      );
      return { outcome: 'accepted', providerId: info.messageId ?? messageId, status: 'sent' };
    } catch (error) {
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
