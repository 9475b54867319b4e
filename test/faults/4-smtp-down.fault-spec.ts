import { waitFor } from '@prespond/sandbox';
import { FaultHarness } from './harness';

describe('fault 4: the SMTP server is down for 90 s', () => {
  let harness: FaultHarness;
  // Each parked email uses up a retry (12, backoff from 0.5 s): capped at 16 s, they span at least ~100 s even with
  // jitter, so none is given up on during the 90 s outage (with the harness's usual 8 s cap they could be).
  beforeAll(async () => (harness = await FaultHarness.start({ CONSUMER_RETRY_MAX_DELAY_MS: '16000' })));
  afterAll(async () => harness?.stop());

  it('delivers the emails once it is back, and texts keep flowing meanwhile', async () => {
    await harness.stopSmtp();
    const downAt = Date.now();
    const seeded = await harness.seed(1000);
    const declaredAt = Date.now();
    await harness.declare();
    // While the mail server is away, every text still goes out (about 15 s here; the outage leaves room for a slow
    // machine, where it once took more than 55 s).
    await waitFor(() => harness.sandbox.messages.length === seeded.phones.length, { timeoutMs: 85_000, description: 'all texts during the outage' });
    console.log(`fault 4: all ${seeded.phones.length} texts ${((Date.now() - declaredAt) / 1000).toFixed(1)} s after the declaration, ${((declaredAt - downAt) / 1000).toFixed(1)} s of seeding`);
    expect(harness.emails).toHaveLength(0);
    await new Promise((r) => setTimeout(r, Math.max(0, downAt + 90_000 - Date.now()))); // the rest of the 90 s outage
    await harness.startSmtp();
    const backAt = Date.now();
    await harness.waitForAll(seeded);
    const report = harness.report('SMTP down 90 s', seeded, backAt);
    expect(report).toMatchObject({ expected: 1000, delivered: 1000, duplicated: 0, lost: 0 });
  });
});
