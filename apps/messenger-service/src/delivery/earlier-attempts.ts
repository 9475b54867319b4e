import { Logger } from '@nestjs/common';
import { ChannelProvider, OutboundMessage, SendResult } from '../providers/channel-provider';
import { CircuitBreaker } from '../providers/circuit-breaker';
import { MessageEntity } from './message.entity';

/** How far before a recorded attempt to look for its message at the provider (clock skew, second-precision dates). */
const RECOVERY_WINDOW_MS = 60_000;

/**
 * Recovery of attempts that may have reached the provider without being recorded, so a message is not sent twice:
 *
 * - a send the provider took whose record failed (the database went away just then) is remembered here, and the
 *   retry records it instead of sending again, which matters most for email: an SMTP server cannot be asked
 *   afterwards what it received;
 * - a message whose attempt was recorded (committed before the call) but whose outcome was not — a crash, a call
 *   that failed midway, a claim taken over from a messenger that died — is looked for at the provider (Twilio: the
 *   texts to that number since the attempt). SMTP cannot be asked: such an email is sent again, with the same
 *   Message-ID, so mail systems can tell it is the same one.
 */
export class EarlierAttempts {
  private readonly logger = new Logger(EarlierAttempts.name);
  private readonly unrecorded = new Map<string, SendResult>();

  /** What the provider said of a message, until its record is written. */
  remember(id: string, result: SendResult): void {
    this.unrecorded.set(id, result);
  }

  forget(id: string): void {
    this.unrecorded.delete(id);
  }

  /** What an earlier attempt of this message got from the provider, if it is known to have reached it. */
  async find(
    row: Pick<MessageEntity, 'id' | 'channel' | 'attemptedAt'>,
    outbound: OutboundMessage,
    provider: ChannelProvider | undefined,
    breaker: CircuitBreaker | undefined,
  ): Promise<SendResult | undefined> {
    const known = this.unrecorded.get(row.id);
    if (known) return known;
    if (!row.attemptedAt || !provider?.findSent || !breaker) return undefined;
    const since = new Date(row.attemptedAt.getTime() - RECOVERY_WINDOW_MS);
    const found = await breaker.run(() => provider.findSent!(outbound, since));
    if (found) this.logger.log(`${row.channel} ${row.id} was already with the provider (${found.outcome === 'accepted' ? found.providerId : 'refused'}); not sent again`);
    return found;
  }
}
