import { formatStatusPageReport, LoadWindow, StatusPageResult, statusPageRatios, TargetFigures } from './status-page-report';

const figures = { requests: 10_000, seconds: 10, p50Ms: 30, p99Ms: 90, maxMs: 120, errors: 0, timeouts: 0, non2xx: 0, bytes: 5_000_000 };
const target = (name: TargetFigures['name'], path: string, perSecond: number): TargetFigures => ({
  ...figures,
  perSecond,
  name,
  path,
  contentEncoding: name === 'static file' ? 'identity' : 'br',
  bodyBytes: 2_000,
  bytesPerResponse: 500,
  statusPageCores: 0.9,
  perStatusPageCpuSecond: perSecond / 0.9,
});

describe('statusPageRatios', () => {
  it("divides the page's and summary.json's requests/s by the static file's and holds them to ≥ 0.5", () => {
    const { ratios, goals } = statusPageRatios([target('page', '/', 1_000), target('summary.json', '/api/v2/summary.json', 400), target('static file', '/static/about.txt', 800)]);
    expect(ratios).toEqual({ page: 1.25, summary: 0.5 });
    expect(goals.map((g) => g.met)).toEqual([true, true]);
    expect(statusPageRatios([target('page', '/', 399), target('static file', '/static/about.txt', 800)]).goals.map((g) => g.met)).toEqual([false, undefined]);
  });

  it('measures nothing without the static file', () => {
    expect(statusPageRatios([target('page', '/', 1_000)]).goals.map((g) => g.met)).toEqual([undefined, undefined]);
  });
});

describe('formatStatusPageReport', () => {
  it('prints each target, the ratios, the windows and the fan-out beside them', () => {
    const targets = [target('page', '/', 1_000), target('summary.json', '/api/v2/summary.json', 1_100), target('static file', '/static/about.txt', 900)];
    const window: LoadWindow = {
      ...figures,
      perSecond: 1_000,
      target: 'page',
      path: '/',
      round: 0,
      statusPageCpuSeconds: 4.5,
      benchCpuSeconds: 5,
      machineBusy: 0.97,
      fanOutBefore: { atMs: 600, planned: 100, delivered: 0 },
      fanOutAfter: { atMs: 5_700, planned: 30_000, delivered: 900 },
    };
    const result: StatusPageResult = {
      startedAt: '2026-12-01T00:00:00.000Z',
      machine: { cpus: 2, cpuModel: 'test CPU', node: 'v20.19.0', platform: 'linux x64', commit: '0123456789abcdef' },
      load: { tool: 'autocannon', connections: 200, windowSeconds: 5, rounds: 2, acceptEncoding: 'gzip, deflate, br, zstd', warmupSeconds: 2 },
      subscribers: 20_000,
      expected: 40_000,
      seedMs: 1_500,
      incident: { visibleAfterMs: 600, publishedResources: 40, renderMs: 12.5 },
      publicationsDuringLoad: 0,
      statusPageRssAtStartMb: 80,
      targets,
      windows: [window],
      ...statusPageRatios(targets),
      fanOut: { loadStart: window.fanOutBefore, loadEnd: window.fanOutAfter, plannedAllAtMs: undefined, deliveredPerSecond: 176 },
      resources: { 'status-page': { peakRssMb: 90, sampledMaxRssMb: 88, cpuSeconds: 27, cores: 0.9 } },
      benchCpuSeconds: 30,
    };
    const text = formatStatusPageReport(result);
    expect(text).toContain('200 connections');
    expect(text).toMatch(/page \(\/\)\s+1,000\s+30 ms\s+90 ms/);
    expect(text).toMatch(/page ÷ static file \(requests\/s\)\s+≥ 0.5\s+1.11\s+met/);
    expect(text).toMatch(/1\. page\s+0.6–5.7\s+1,000/);
    expect(text).toContain('messages accepted 0 → 900 of 40,000 (176/s)');
    expect(text).toContain('rendered 40 resources in 12.5 ms; 0 publications during the load');
    expect(text).toMatch(/status-page\s+27.0\s+0.90\s+90 MB\s+88 MB/);
  });
});
