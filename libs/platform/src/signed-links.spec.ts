import { linkExpiry, signLink, verifyLink } from './signed-links';

const SECRET = 'a-test-secret-of-some-length';
const ID = '3f2c1a9e-5b7d-4e21-9c3a-0d8e6f4b2a17';
const NOW = new Date('2030-04-01T08:00:00Z');
const link = { subscriberId: ID, purpose: 'prefs' as const, expiresAt: new Date('2030-05-01T08:00:00Z') };

/** Flips one base64url character of the token (to another valid one). */
function flip(token: string, at: number): string {
  const c = token[at] === 'A' ? 'B' : 'A';
  return token.slice(0, at) + c + token.slice(at + 1);
}

describe('signed links', () => {
  it('are 44 base64url characters, short enough for an SMS, and verify to what was signed', () => {
    const token = signLink(SECRET, link);
    expect(token).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(verifyLink(SECRET, token, NOW)).toEqual({ status: 'ok', link });
    for (const purpose of ['unsub-marketing', 'unsub-all'] as const) {
      expect(verifyLink(SECRET, signLink(SECRET, { ...link, purpose }), NOW)).toEqual({ status: 'ok', link: { ...link, purpose } });
    }
  });

  it('are deterministic, and differ per subscriber, purpose and expiry', () => {
    const token = signLink(SECRET, link);
    expect(signLink(SECRET, link)).toBe(token);
    expect(signLink(SECRET, { ...link, purpose: 'unsub-all' })).not.toBe(token);
    expect(signLink(SECRET, { ...link, subscriberId: ID.replace('3f', '4f') })).not.toBe(token);
    expect(signLink(SECRET, { ...link, expiresAt: new Date(link.expiresAt.getTime() + 1000) })).not.toBe(token);
  });

  it('refuse a token changed anywhere as tampered: id, expiry, purpose or MAC', () => {
    const token = signLink(SECRET, link);
    for (let at = 0; at < token.length; at++) expect(verifyLink(SECRET, flip(token, at), NOW)).toEqual({ status: 'tampered' });
  });

  it('refuse a token made with another secret, a truncated or padded one, and garbage', () => {
    const token = signLink(SECRET, link);
    expect(verifyLink('another-secret-entirely', token, NOW).status).toBe('tampered');
    expect(verifyLink(SECRET, token.slice(0, -1), NOW).status).toBe('tampered');
    expect(verifyLink(SECRET, `${token}A`, NOW).status).toBe('tampered');
    expect(verifyLink(SECRET, '', NOW).status).toBe('tampered');
    expect(verifyLink(SECRET, '../../etc/passwd', NOW).status).toBe('tampered');
    expect(verifyLink(SECRET, '!'.repeat(44), NOW).status).toBe('tampered');
  });

  it('refuse a genuine token past its expiry as expired (and say whose it was)', () => {
    const token = signLink(SECRET, link);
    expect(verifyLink(SECRET, token, new Date('2030-05-01T07:59:59Z')).status).toBe('ok');
    expect(verifyLink(SECRET, token, link.expiresAt)).toEqual({ status: 'expired', link });
    expect(verifyLink(SECRET, token, new Date('2031-01-01T00:00:00Z')).status).toBe('expired');
  });

  it('keep whole seconds of the expiry, and compute it from the issue time and the TTL', () => {
    const expiresAt = linkExpiry(new Date('2030-04-01T08:00:00.750Z'), 30);
    expect(expiresAt.toISOString()).toBe('2030-05-01T08:00:00.750Z');
    const verified = verifyLink(SECRET, signLink(SECRET, { ...link, expiresAt }), NOW);
    expect(verified.status === 'ok' && verified.link.expiresAt.toISOString()).toBe('2030-05-01T08:00:00.000Z');
  });

  it('refuse to sign what they cannot carry', () => {
    expect(() => signLink(SECRET, { ...link, subscriberId: 'not-a-uuid' })).toThrow(/uuid/);
    expect(() => signLink(SECRET, { ...link, expiresAt: new Date('2200-01-01T00:00:00Z') })).toThrow(/range/);
  });
});
