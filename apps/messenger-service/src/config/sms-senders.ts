import { createHash } from 'node:crypto';

/** Kinds of sending number, as carriers rate them. */
export const SENDER_TYPES = ['long-code', 'toll-free', 'short-code'] as const;
export type SenderType = (typeof SENDER_TYPES)[number];

/** Texts per second a number of each type may send (Twilio's defaults for US numbers); SMS_SENDERS may override. */
export const DEFAULT_SENDER_RATES: Record<SenderType, number> = { 'long-code': 1, 'toll-free': 3, 'short-code': 100 };

/** One number texts are sent from, and the rate it is held to. */
export interface SmsSender {
  from: string;
  /** null: TWILIO_FROM alone, no type declared (SMS_SENDERS unset). */
  type: SenderType | null;
  /** Texts per second; null: no limit. */
  perSecond: number | null;
}

const E164 = /^\+[1-9]\d{6,14}$/;
/** Short codes are 5–6 digits in the US, 3–8 elsewhere, and have no country prefix. */
const SHORT_CODE = /^\d{3,8}$/;

/**
 * Reads SMS_SENDERS: comma-separated `number:type[:perSecond]`. Throws one error naming every bad entry, so a
 * service with a mistyped sender does not start and send at a rate the carrier refuses.
 */
export function parseSmsSenders(value: string): SmsSender[] {
  const problems: string[] = [];
  const senders: SmsSender[] = [];
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) throw new Error('SMS_SENDERS lists no sender: leave it unset to send from TWILIO_FROM');
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1} ("${entry}")`;
    const [from, type, rate, ...rest] = entry.split(':');
    if (type === undefined || rest.length > 0) return void problems.push(`${where}: must be number:type or number:type:perSecond`);
    if (!(SENDER_TYPES as readonly string[]).includes(type)) return void problems.push(`${where}: the type must be one of ${SENDER_TYPES.join(', ')}`);
    const senderType = type as SenderType;
    const validNumber = senderType === 'short-code' ? SHORT_CODE.test(from) || E164.test(from) : E164.test(from);
    if (!validNumber) {
      return void problems.push(`${where}: ${senderType === 'short-code' ? 'a short code must be 3 to 8 digits (or E.164)' : 'the number must be E.164, e.g. +15005550006'}`);
    }
    const perSecond = rate === undefined ? DEFAULT_SENDER_RATES[senderType] : Number(rate);
    if (rate !== undefined && (rate.trim() === '' || !Number.isFinite(perSecond) || perSecond <= 0)) {
      return void problems.push(`${where}: the rate must be a positive number of texts per second`);
    }
    if (senders.some((s) => s.from === from)) return void problems.push(`${where}: ${from} is listed twice`);
    senders.push({ from, type: senderType, perSecond });
  });
  if (problems.length > 0) throw new Error(`SMS_SENDERS is invalid: ${problems.join('; ')}`);
  return senders;
}

/**
 * The sender that texts `to`: always the same one for a number (a customer hears from one number, and her STOP
 * reaches the number she knows), chosen by a hash of her number weighted by the senders' rates, so each sender gets
 * its share of a burst and all of them finish it at about the same time.
 */
export function senderFor(to: string, senders: readonly SmsSender[]): SmsSender {
  if (senders.length === 1) return senders[0];
  const point = createHash('sha256').update(to).digest().readUInt32BE(0) / 2 ** 32;
  const weights = senders.map((s) => s.perSecond ?? 1); // only a lone TWILIO_FROM is unlimited
  const total = weights.reduce((a, b) => a + b, 0);
  let reached = 0;
  for (let i = 0; i < senders.length; i++) {
    reached += weights[i] / total;
    if (point < reached) return senders[i];
  }
  return senders[senders.length - 1];
}
