import { freshLinkMessageId, parseContact } from './fresh-links.service';

describe('fresh preference links', () => {
  const id = '3f2c1a9e-5b7d-4e21-9c3a-0d8e6f4b2a17';
  it('have one message id per subscriber per 10-minute window', () => {
    const at = (iso: string) => freshLinkMessageId(id, new Date(iso));
    expect(at('2030-04-01T08:00:00Z')).toBe(at('2030-04-01T08:09:59Z'));
    expect(at('2030-04-01T08:10:00Z')).not.toBe(at('2030-04-01T08:09:59Z'));
    expect(freshLinkMessageId(id.replace('3f', '4f'), new Date('2030-04-01T08:00:00Z'))).not.toBe(at('2030-04-01T08:00:00Z'));
  });

  it('are asked for with an email address or a phone number as people type them', () => {
    expect(parseContact(' Ada@Example.com ')).toEqual({ email: 'ada@example.com' });
    expect(parseContact('+49 151 1234-5678')).toEqual({ phone: '+4915112345678' });
    expect(parseContact('ada@')).toBeNull();
    expect(parseContact('0151 12345678')).toBeNull();
    expect(parseContact('')).toBeNull();
  });
});
