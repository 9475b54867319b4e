import { DEFAULT_SUBSCRIBERS, parseArgs } from './args';

describe('parseArgs', () => {
  it('defaults to 100,000 subscribers and takes --subscribers N or =N', () => {
    expect(parseArgs([])).toEqual({ subscribers: DEFAULT_SUBSCRIBERS });
    expect(parseArgs(['--subscribers', '1000000'])).toEqual({ subscribers: 1_000_000 });
    expect(parseArgs(['--subscribers=20_000'])).toEqual({ subscribers: 20_000 });
  });

  it('refuses what is not a whole number of subscribers, and unknown options', () => {
    expect(() => parseArgs(['--subscribers'])).toThrow(/whole number/);
    expect(() => parseArgs(['--subscribers', '1.5'])).toThrow(/whole number/);
    expect(() => parseArgs(['--subscribers', '0'])).toThrow(/whole number/);
    expect(() => parseArgs(['--users', '5'])).toThrow(/unknown option/);
  });
});
