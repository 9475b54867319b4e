import { waitFor } from '@prespond/sandbox';
import { FaultHarness } from './harness';

describe('fault 4: the SMTP server is down for 60 s', () => {
  let harness: FaultHarness;
  beforeAll(async () => (harness = await FaultHarness.start()));
  afterAll(async () => harness?.stop());

  it('delivers the emails once it is back, and texts keep flowing meanwhile', async () => {
    await harness.stopSmtp();
    const downAt = Date.now();
    const seeded = await harness.seed(1000);
    await harness.declare();
    // While the mail server is away, every text still goes out.
    await waitFor(() => harness.sandbox.messages.length === seeded.phones.length, { timeoutMs: 55_000, description: 'all texts during the outage' });
    expect(harness.emails).toHaveLength(0);
    await new Promise((r) => setTimeout(r, Math.max(0, downAt + 60_000 - Date.now()))); // the rest of the 60 s outage
    await harness.startSmtp();
    const backAt = Date.now();
    await harness.waitForAll(seeded);
    const report = harness.report('SMTP down 60 s', seeded, backAt);
    expect(report).toMatchObject({ expected: 1000, delivered: 1000, duplicated: 0, lost: 0 });
  });
});
