import { FaultHarness } from './harness';

const SLOW = '+15005550006';
const FAST = '+15005550009';
const RATES: Record<string, number> = { [SLOW]: 5, [FAST]: 10 };

/**
 * Three messengers share two sending numbers of 5 and 10 texts per second. Each messenger holds a third of the
 * partitions and would, on its own, send at each number's full rate; together they must keep each number's rate,
 * as the carrier counts it. The sandbox enforces the same rates (429 beyond a one-second burst), and counts.
 */
describe('fault 13: three messengers sending through two rate-limited numbers', () => {
  let harness: FaultHarness;
  beforeAll(
    async () =>
      (harness = await FaultHarness.start(
        { SMS_SENDERS: `${SLOW}:long-code:${RATES[SLOW]},${FAST}:long-code:${RATES[FAST]}` },
        { rateLimits: RATES },
      )),
  );
  afterAll(async () => harness?.stop());

  it('keeps each number within 5 % of its rate, measured where the texts arrive, and sends every text once', async () => {
    await harness.startExtraMessenger();
    await harness.startExtraMessenger();
    await harness.messengersInGroup(3);
    const seeded = await harness.seed(400); // 200 texts, 200 emails
    const startedAt = Date.now();
    await harness.declare();
    await harness.waitForAll(seeded, 120_000);
    const report = harness.report('three messengers, shared sender rates', seeded, startedAt);
    expect(report).toMatchObject({ expected: 400, delivered: 400, duplicated: 0, lost: 0 });
    expect(harness.sandbox.refusals.filter((r) => r.status === 429)).toEqual([]);

    for (const [from, perSecond] of Object.entries(RATES)) {
      const times = harness.sandbox.messages
        .filter((m) => m.from === from)
        .map((m) => Date.parse(m.accepted_at))
        .sort((a, b) => a - b);
      expect(times.length).toBeGreaterThan(40);
      const measured = ((times.length - 1) * 1000) / (times[times.length - 1] - times[0]);
      console.log(`fault 13: ${from} sent ${times.length} texts at ${measured.toFixed(2)}/s (configured ${perSecond}/s)`);
      expect(Math.abs(measured - perSecond) / perSecond).toBeLessThanOrEqual(0.05);
    }
    // All three messengers sent texts: the rate was shared, not held by one of them.
    const owners = await harness.query<{ owners: number }>(`SELECT count(DISTINCT lease_owner)::int AS owners FROM messenger.message WHERE channel = 'sms'`);
    expect(owners[0].owners).toBe(3);
  });
});
