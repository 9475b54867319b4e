import { DEFAULT_SUBSCRIBERS, parseArgs, SECTIONS } from './args';

describe('parseArgs', () => {
  it('defaults to every section and 100,000 subscribers, and takes --subscribers N or =N', () => {
    expect(parseArgs([])).toEqual({ sections: [...SECTIONS], subscribers: DEFAULT_SUBSCRIBERS, profile: false });
    expect(parseArgs(['--subscribers', '1000000'])).toMatchObject({ subscribers: 1_000_000 });
    expect(parseArgs(['--subscribers=20_000'])).toMatchObject({ subscribers: 20_000 });
    expect(parseArgs(['--profile'])).toMatchObject({ profile: true });
  });

  it('runs only the sections named, in their own order, each once', () => {
    expect(parseArgs(['status-page']).sections).toEqual(['status-page']);
    expect(parseArgs(['fan-out', '--subscribers', '2000']).sections).toEqual(['fan-out']);
    expect(parseArgs(['status-page', 'fan-out', 'status-page']).sections).toEqual(['fan-out', 'status-page']);
  });

  it('refuses what is not a whole number of subscribers, and unknown options', () => {
    expect(() => parseArgs(['--subscribers'])).toThrow(/whole number/);
    expect(() => parseArgs(['--subscribers', '1.5'])).toThrow(/whole number/);
    expect(() => parseArgs(['--subscribers', '0'])).toThrow(/whole number/);
    expect(() => parseArgs(['--users', '5'])).toThrow(/unknown option/);
    expect(() => parseArgs(['status'])).toThrow(/unknown option/);
  });
});
