import { FaultHarness } from './harness';

describe('fault 8: a handler slower than the consumer session timeout', () => {
  let harness: FaultHarness;
  // A 10 s session; the mail server takes 12 s to accept the first email (inside PROVIDER_CALL_TIMEOUT_MS, 15 s: a slower one is an outage).
  beforeAll(async () => (harness = await FaultHarness.start({ CONSUMER_SESSION_TIMEOUT_MS: '10000' })));
  afterAll(async () => harness?.stop());

  it('keeps the consumer in its group: no redelivery loop, each message once', async () => {
    harness.inbox!.slowDownNext(12_000);
    const seeded = await harness.seed(40);
    const startedAt = Date.now();
    await harness.declare();
    await harness.waitForAll(seeded, 90_000);
    const report = harness.report('handler slower than the session timeout', seeded, startedAt);
    expect(report).toMatchObject({ expected: 40, delivered: 40, duplicated: 0, lost: 0 });
    const evictions = harness.logs.filter((l) => /not aware of this member|REBALANCE_IN_PROGRESS|UNKNOWN_MEMBER_ID/.test(l));
    expect(evictions).toEqual([]);
  });
});
