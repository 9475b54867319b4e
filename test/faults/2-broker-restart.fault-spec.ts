import { FaultHarness } from './harness';

describe('fault 2: restart the Kafka broker in the middle of a fan-out', () => {
  let harness: FaultHarness;
  beforeAll(async () => (harness = await FaultHarness.start()));
  afterAll(async () => harness?.stop());

  it('loses nothing, duplicates nothing, and resumes delivery', async () => {
    const seeded = await harness.midFanout(1000, 200);
    await harness.kafka.restart();
    const backAt = Date.now();
    await harness.waitForAll(seeded);
    const report = harness.report('Kafka broker restart', seeded, backAt);
    expect(report).toMatchObject({ expected: 1000, delivered: 1000, duplicated: 0, lost: 0 });
  });
});
