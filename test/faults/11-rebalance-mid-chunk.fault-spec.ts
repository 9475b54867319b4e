import { waitFor } from '@prespond/sandbox';
import { FaultHarness } from './harness';

/**
 * Texts through one number at 2 per second, shared by all messengers: a partition's chunk of texts takes far longer
 * than the group gives its members to rejoin in a rebalance (8 s here), which is how a messenger used to keep sending a chunk its
 * partition had already been handed on from, while the new owner sent the same texts again.
 */
describe('fault 11: messengers join and leave while chunks of texts wait for a slow sender', () => {
  let harness: FaultHarness;
  beforeAll(async () => (harness = await FaultHarness.start({ SMS_SENDERS: '+15005550006:long-code:2', CONSUMER_REBALANCE_TIMEOUT_MS: '8000' })));
  afterAll(async () => harness?.stop());

  it('sends every text once, none twice, none lost, as a third messenger joins mid-chunk and then one leaves', async () => {
    const second = await harness.startExtraMessenger();
    await harness.messengersInGroup(2);
    const seeded = await harness.seed(120); // 60 texts, 60 emails
    await harness.declare();
    await waitFor(() => harness.sandbox.messages.length >= 8, { timeoutMs: 60_000, description: 'the first texts out' });

    // A third messenger joins while every partition is in the middle of a chunk of texts.
    await harness.startExtraMessenger();
    await harness.messengersInGroup(3);
    const textsAtJoin = harness.sandbox.messages.length;
    await waitFor(() => harness.sandbox.messages.length >= textsAtJoin + 8, { timeoutMs: 60_000, description: 'texts out after the join' });
    expect(harness.sandbox.messages.length).toBeLessThan(seeded.phones.length); // still mid-way

    // One of the first two leaves (SIGTERM) mid-chunk too.
    await second.stop();
    const leftAt = Date.now();
    await harness.waitForAll(seeded);
    const report = harness.report('rebalances mid-chunk, a slow sender', seeded, leftAt);
    expect(report).toMatchObject({ expected: 120, delivered: 120, duplicated: 0, lost: 0 });

    // The message log agrees: each text accepted by Twilio once, and the work was shared by more than one messenger.
    const rows = await harness.query<{ status: string; provider_id: string | null; lease_owner: string | null }>(
      `SELECT status, provider_id, lease_owner FROM messenger.message WHERE channel = 'sms'`,
    );
    expect(rows).toHaveLength(seeded.phones.length);
    expect(rows.every((r) => r.provider_id !== null)).toBe(true);
    expect(new Set(rows.map((r) => r.provider_id)).size).toBe(seeded.phones.length);
    expect(new Set(rows.map((r) => r.lease_owner)).size).toBeGreaterThan(1);
    // A chunk stopped at once when its partition was taken away: the logs say so, and nothing was sent twice.
    expect(harness.logs.some((line) => line.includes('a chunk stops'))).toBe(true);
  });
});
