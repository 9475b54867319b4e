import { createKafka } from '@prespond/kafka';
import { waitFor } from '@prespond/sandbox';
import { FaultHarness } from './harness';

describe('fault 7: a second messenger joins the group half-way through a 1,000-notification burst', () => {
  let harness: FaultHarness;
  beforeAll(async () => (harness = await FaultHarness.start()));
  afterAll(async () => harness?.stop());

  it('shares the work through the rebalance with no duplicates and no losses', async () => {
    const seeded = await harness.midFanout(1000, 300);
    await harness.startExtraMessenger();
    const joinedAt = Date.now();

    const admin = createKafka({ brokers: [harness.kafka.bootstrap], clientId: 'fault-7' }).admin();
    await admin.connect();
    try {
      const group = await waitFor(async () => {
        const { groups } = await admin.describeGroups(['messenger-service.batches']);
        return groups[0].members.length === 2 && groups[0].state === 'Stable' && groups[0];
      }, { timeoutMs: 60_000, description: 'two members in the messenger group' });
      expect(group.members.every((m) => m.memberAssignment.length > 0)).toBe(true);
    } finally {
      await admin.disconnect();
    }
    await harness.waitForAll(seeded);
    const report = harness.report('second messenger joins (rebalance)', seeded, joinedAt);
    expect(report).toMatchObject({ expected: 1000, delivered: 1000, duplicated: 0, lost: 0 });
  });
});
