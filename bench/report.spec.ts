import { evaluateTargets, ratio, resourcesPerService, TargetInput } from './report';

const run = (overrides: Partial<TargetInput> = {}): TargetInput => ({
  subscribers: 100_000,
  complete: true,
  planningMs: 3_000,
  planningPerSecond: 50_000,
  deliveryMs: 100_000,
  deliveryPerSecond: 2_000,
  firstMessageMs: 400,
  ratios: { cost: 1.25, delivery: 0.85, planning: 0.5, planningAlone: 0.6 },
  peakRssMb: { 'messenger-service': 255, 'subscriber-service': 300 },
  ...overrides,
});

const byName = (targets: ReturnType<typeof evaluateTargets>) => Object.fromEntries(targets.map((t) => [t.name, t]));

describe('evaluateTargets', () => {
  it('marks each goal met or missed, limits included as the goals say (≥ for ratios, < for times and memory)', () => {
    const t = byName(evaluateTargets(run()));
    expect(t['messenger CPU/msg ÷ bare clients'].met).toBe(true);
    expect(t['delivery ratio'].met).toBe(true);
    expect(t['planning ratio (during delivery, ÷ kafkajs)'].met).toBe(true);
    expect(t['planning ratio (alone, ÷ kafkajs)'].met).toBe(true);
    expect(t['first message'].met).toBe(true);
    expect(t['peak RSS messenger-service'].met).toBe(true);
    expect(t['peak RSS subscriber-service'].met).toBe(false);
    const missed = byName(evaluateTargets(run({ ratios: { cost: 1.26, delivery: 0.79, planning: 0.49, planningAlone: 0.49 }, firstMessageMs: 500, peakRssMb: { 'messenger-service': 256 } })));
    expect([missed['messenger CPU/msg ÷ bare clients'].met, missed['delivery ratio'].met, missed['planning ratio (during delivery, ÷ kafkajs)'].met, missed['planning ratio (alone, ÷ kafkajs)'].met, missed['first message'].met]).toEqual([
      false, false, false, false, false,
    ]);
    expect(missed['peak RSS messenger-service']).toMatchObject({ goal: '< 256 MB', met: false });
  });

  it('uses the measured time when the run had the goal size, and projects from the rate otherwise', () => {
    const measured = byName(evaluateTargets(run()))['100k×2 messages delivered'];
    expect(measured).toMatchObject({ value: 100_000, projected: false, met: true });
    const planned = byName(evaluateTargets(run()))['1M subscribers planned (2M requests)'];
    expect(planned).toMatchObject({ value: 40_000, projected: true, met: false });
    const small = byName(evaluateTargets(run({ subscribers: 2_000, deliveryPerSecond: 1_000 })))['100k×2 messages delivered'];
    expect(small).toMatchObject({ value: 200_000, projected: true, met: false });
  });

  it('leaves what a run could not measure as not measured', () => {
    const t = byName(evaluateTargets(run({ ratios: {}, firstMessageMs: undefined, deliveryPerSecond: undefined, complete: false })));
    expect(t['delivery ratio'].met).toBeUndefined();
    expect(t['first message'].met).toBeUndefined();
    expect(t['100k×2 messages delivered']).toMatchObject({ value: undefined, met: undefined, projected: true });
  });
});

describe('ratio', () => {
  it('divides by the ceiling, and has none without one', () => {
    expect(ratio(50, 200)).toBe(0.25);
    expect(ratio(50, undefined)).toBeUndefined();
    expect(ratio(50, 0)).toBeUndefined();
    expect(ratio(undefined, 200)).toBeUndefined();
  });
});

describe('resourcesPerService', () => {
  it('adds CPU per 1,000 delivered messages and a total row', () => {
    const rows = resourcesPerService({ a: { peakRssMb: 100, sampledMaxRssMb: 90, cpuSeconds: 2 }, b: { peakRssMb: 50, sampledMaxRssMb: 40, cpuSeconds: 6 } }, 4_000);
    expect(rows.a.cpuSecondsPer1000Messages).toBe(0.5);
    expect(rows.total).toEqual({ peakRssMb: 150, sampledMaxRssMb: 130, cpuSeconds: 8, cpuSecondsPer1000Messages: 2 });
    expect(resourcesPerService({ a: { peakRssMb: 1, sampledMaxRssMb: 1, cpuSeconds: 1 } }, 0).a.cpuSecondsPer1000Messages).toBeUndefined();
  });
});
