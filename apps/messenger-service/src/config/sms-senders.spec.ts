import { parseSmsSenders, senderFor, SmsSender } from './sms-senders';

describe('parseSmsSenders', () => {
  it('reads number:type with the type default rate, and number:type:perSecond overriding it', () => {
    expect(parseSmsSenders(' +15005550006:long-code , +18005550100:toll-free,89898:short-code,+15005550007:long-code:2.5')).toEqual([
      { from: '+15005550006', type: 'long-code', perSecond: 1 },
      { from: '+18005550100', type: 'toll-free', perSecond: 3 },
      { from: '89898', type: 'short-code', perSecond: 100 },
      { from: '+15005550007', type: 'long-code', perSecond: 2.5 },
    ]);
  });

  it('names every bad entry: type, rate, number, shape, repeats', () => {
    let message = '';
    try {
      parseSmsSenders('+15005550006:landline,+15005550007:long-code:0,+15005550008:toll-free:-3,+15005550009:toll-free:fast,015112345678:long-code,12:short-code,+15005550006,+15005550011:long-code:1:2,+15005550012:short-code,+15005550012:long-code');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^SMS_SENDERS is invalid: /);
    expect(message).toContain('entry 1 ("+15005550006:landline"): the type must be one of long-code, toll-free, short-code');
    expect(message).toContain('entry 2 ("+15005550007:long-code:0"): the rate must be a positive number');
    expect(message).toContain('entry 3 ("+15005550008:toll-free:-3"): the rate must be a positive number');
    expect(message).toContain('entry 4 ("+15005550009:toll-free:fast"): the rate must be a positive number');
    expect(message).toContain('entry 5 ("015112345678:long-code"): the number must be E.164');
    expect(message).toContain('entry 6 ("12:short-code"): a short code must be 3 to 8 digits');
    expect(message).toContain('entry 7 ("+15005550006"): must be number:type or number:type:perSecond');
    expect(message).toContain('entry 8 ("+15005550011:long-code:1:2"): must be number:type');
    expect(message).toContain('entry 10 ("+15005550012:long-code"): +15005550012 is listed twice');
    expect(message).not.toContain('entry 9');
  });

  it('refuses a list without senders', () => {
    expect(() => parseSmsSenders(' , ')).toThrow(/lists no sender/);
  });
});

describe('senderFor', () => {
  const numbers = Array.from({ length: 20_000 }, (_, i) => `+4915${String(100_000_000 + i * 7919).padStart(9, '0')}`);

  it('always picks the same sender for one recipient', () => {
    const senders = parseSmsSenders('+15005550006:long-code,+15005550007:long-code,+15005550008:long-code');
    for (const to of numbers.slice(0, 200)) {
      const first = senderFor(to, senders).from;
      expect(senderFor(to, senders).from).toBe(first);
      expect(senderFor(to, [...senders]).from).toBe(first); // a fresh list of the same senders: the same one
    }
  });

  it('spreads recipients over equal senders evenly', () => {
    const senders = parseSmsSenders('+15005550006:long-code,+15005550007:long-code,+15005550008:long-code,+15005550009:long-code');
    const counts = shares(numbers, senders);
    for (const sender of senders) expect(counts[sender.from] / numbers.length).toBeCloseTo(0.25, 1);
  });

  it('gives each sender a share in proportion to its rate, so all of them finish a burst together', () => {
    const senders = parseSmsSenders('89898:short-code,+18005550100:toll-free:10,+15005550006:long-code:10');
    const counts = shares(numbers, senders);
    expect(counts['89898'] / numbers.length).toBeGreaterThan(0.8);
    expect(counts['89898'] / numbers.length).toBeLessThan(0.86); // 100 of 120 per second: 83 %
    expect(counts['+18005550100'] / numbers.length).toBeCloseTo(10 / 120, 1);
    expect(counts['+15005550006'] / numbers.length).toBeCloseTo(10 / 120, 1);
  });

  it('uses the one sender there is', () => {
    const only: SmsSender = { from: '+15005550006', type: null, perSecond: null };
    expect(senderFor('+4915112345678', [only])).toBe(only);
  });
});

function shares(numbers: string[], senders: SmsSender[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(senders.map((s) => [s.from, 0]));
  for (const to of numbers) counts[senderFor(to, senders).from]++;
  return counts;
}
