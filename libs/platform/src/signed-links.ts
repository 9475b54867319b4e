import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a signed link lets its holder do, without a login: `prefs` opens her preference page (see and change
 * everything), `unsub-marketing` withdraws her marketing consent, `unsub-all` opts her out of every channel too.
 * The byte each is written as is part of the token format: never renumber one.
 */
export const LINK_PURPOSES = { prefs: 1, 'unsub-marketing': 2, 'unsub-all': 3 } as const;
export type LinkPurpose = keyof typeof LINK_PURPOSES;

/** Whom a link is for, what for, and until when. */
export interface SignedLink {
  subscriberId: string;
  purpose: LinkPurpose;
  /** Second precision (the token keeps whole seconds). */
  expiresAt: Date;
}

/** `ok`: ours and in date; `expired`: ours (the MAC holds) but past its date; `tampered`: not made by us with this secret. */
export type LinkVerification = { status: 'ok'; link: SignedLink } | { status: 'expired'; link: SignedLink } | { status: 'tampered' };

/*
 * Token: base64url of 33 bytes, 44 characters, short enough for an SMS:
 *   16 bytes subscriber uuid | 4 bytes expiry (seconds since the epoch, big-endian) | 1 byte purpose | 12 bytes MAC
 * MAC = the first 12 bytes of HMAC-SHA256(secret, LABEL ‖ the first 21 bytes). 96 bits is far beyond what an online
 * guesser can try; the label keeps these MACs from ever being valid for another use of the same secret.
 */
const LABEL = Buffer.from('prespond-link-v1:');
const UUID_BYTES = 16;
const PAYLOAD_BYTES = UUID_BYTES + 4 + 1;
const MAC_BYTES = 12;
const TOKEN_BYTES = PAYLOAD_BYTES + MAC_BYTES;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{44}$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PURPOSE_BY_CODE = new Map(Object.entries(LINK_PURPOSES).map(([purpose, code]) => [code as number, purpose as LinkPurpose]));

function mac(secret: string, payload: Buffer): Buffer {
  return createHmac('sha256', secret).update(LABEL).update(payload).digest().subarray(0, MAC_BYTES);
}

/** A token for this link (deterministic: the same link and secret give the same token). */
export function signLink(secret: string, link: SignedLink): string {
  if (!UUID_PATTERN.test(link.subscriberId)) throw new Error(`not a uuid: ${link.subscriberId}`);
  const seconds = Math.floor(link.expiresAt.getTime() / 1000);
  if (!(seconds > 0 && seconds <= 0xffffffff)) throw new Error(`expiry out of range: ${link.expiresAt.toISOString()}`);
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  Buffer.from(link.subscriberId.replace(/-/g, ''), 'hex').copy(payload, 0);
  payload.writeUInt32BE(seconds, UUID_BYTES);
  payload.writeUInt8(LINK_PURPOSES[link.purpose], UUID_BYTES + 4);
  return Buffer.concat([payload, mac(secret, payload)]).toString('base64url');
}

/** Checks a token: the MAC (in constant time), then the purpose, then the date. */
export function verifyLink(secret: string, token: string, now: Date): LinkVerification {
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return { status: 'tampered' };
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== TOKEN_BYTES) return { status: 'tampered' };
  const payload = bytes.subarray(0, PAYLOAD_BYTES);
  if (!timingSafeEqual(bytes.subarray(PAYLOAD_BYTES), mac(secret, payload))) return { status: 'tampered' };
  const purpose = PURPOSE_BY_CODE.get(payload.readUInt8(UUID_BYTES + 4));
  if (!purpose) return { status: 'tampered' };
  const hex = payload.subarray(0, UUID_BYTES).toString('hex');
  const subscriberId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const link = { subscriberId, purpose, expiresAt: new Date(payload.readUInt32BE(UUID_BYTES) * 1000) };
  return link.expiresAt.getTime() > now.getTime() ? { status: 'ok', link } : { status: 'expired', link };
}

/** When a link issued at `issuedAt` stops working. */
export function linkExpiry(issuedAt: Date, ttlDays: number): Date {
  return new Date(issuedAt.getTime() + ttlDays * 86_400_000);
}
