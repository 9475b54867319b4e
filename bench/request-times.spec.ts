import { addressKey, perMessageLatency } from './request-times';

describe('perMessageLatency', () => {
  it('reads each acceptance against its own request, by channel and address, and counts those without one', () => {
    const requested = new Map([
      [addressKey('sms', '+15550001'), 1_000],
      [addressKey('email', 'Ada@Example.com'), 1_100],
    ]);
    const latency = perMessageLatency(requested, [
      { channel: 'sms', address: '+15550001', at: 1_250 },
      { channel: 'email', address: 'ada@example.com', at: 1_150 },
      { channel: 'email', address: 'nobody@example.com', at: 2_000 },
    ]);
    expect(latency).toMatchObject({ count: 2, minMs: 50, maxMs: 250, p50Ms: 50, unmatched: 1 });
  });
});
