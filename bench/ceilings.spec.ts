import { medianRun, Rate } from './ceilings';

describe('medianRun', () => {
  const run = (perSecond: number): Rate => ({ count: 1000, ms: Math.round(1_000_000 / perSecond), perSecond });

  it('takes the middle run by rate, keeping the slowest and fastest as the spread', () => {
    expect(medianRun([run(900), run(1200), run(1000)])).toEqual({ ...run(1000), spread: { runs: 3, min: 900, max: 1200 } });
  });

  it('takes the slower middle run of an even number (the ceiling is not flattered)', () => {
    expect(medianRun([run(1000), run(800), run(1100), run(900)]).perSecond).toBe(900);
  });

  it('a single run is its own median, with no spread to speak of', () => {
    expect(medianRun([run(500)]).spread).toEqual({ runs: 1, min: 500, max: 500 });
  });
});
