import { FaultHarness } from './harness';

describe('fault 9: SIGTERM to the messenger during a fan-out', () => {
  let harness: FaultHarness;
  beforeAll(async () => (harness = await FaultHarness.start()));
  afterAll(async () => harness?.stop());

  it('finishes in-flight work, exits cleanly, and sends nothing twice after the restart', async () => {
    const seeded = await harness.midFanout(1000, 300);
    const stoppingAt = Date.now();
    expect(await harness.services['messenger-service'].kill('SIGTERM')).toBe(0);
    const stopSeconds = (Date.now() - stoppingAt) / 1000;
    expect(stopSeconds).toBeLessThan(25);
    expect(harness.logs.some((l) => /shut down cleanly/.test(l))).toBe(true);

    await harness.restart('messenger-service');
    const restartedAt = Date.now();
    await harness.waitForAll(seeded);
    const report = harness.report('SIGTERM during fan-out', seeded, restartedAt);
    expect(report).toMatchObject({ expected: 1000, delivered: 1000, duplicated: 0, lost: 0 });
  });
});
