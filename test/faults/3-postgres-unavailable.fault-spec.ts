import { FaultHarness } from './harness';

describe('fault 3: PostgreSQL unreachable for 30 s in the middle of a fan-out', () => {
  let harness: FaultHarness;
  beforeAll(async () => (harness = await FaultHarness.start()));
  afterAll(async () => harness?.stop());

  it('loses nothing, duplicates nothing, and resumes delivery', async () => {
    const seeded = await harness.midFanout(1000, 200);
    harness.pg.cut();
    await new Promise((r) => setTimeout(r, 30_000)); // the outage itself: 30 s, as the scenario says
    harness.pg.restore();
    const backAt = Date.now();
    await harness.waitForAll(seeded);
    const report = harness.report('PostgreSQL unreachable 30 s', seeded, backAt);
    expect(report).toMatchObject({ expected: 1000, delivered: 1000, duplicated: 0, lost: 0 });
  });
});
