import { LoadFigures } from './load';
import { Machine } from './harness';
import { ProcessUsage } from './measure';
import { ratio, Target } from './report';

/** What the status page is measured on: the page, its main JSON document, and a file from disk as the baseline. */
export const LOAD_TARGETS = [
  { name: 'page', path: '/' },
  { name: 'summary.json', path: '/api/v2/summary.json' },
  { name: 'static file', path: '/static/about.txt' },
] as const;
export type LoadTargetName = (typeof LOAD_TARGETS)[number]['name'];
export const BASELINE: LoadTargetName = 'static file';

/** The goal: each of the page's answers at least half as many per second as the static file's. */
export const RATIO_GOAL = 0.5;

/** Where the fan-out stood at one moment: notification requests on Kafka, messages the providers accepted. */
export interface FanOutProgress {
  /** Milliseconds since the declaration. */
  atMs: number;
  planned: number;
  delivered: number;
}

/** One autocannon run against one target, with what else the machine did meanwhile. */
export interface LoadWindow extends LoadFigures {
  target: LoadTargetName;
  path: string;
  round: number;
  /** The status page process's CPU seconds during the window. */
  statusPageCpuSeconds: number;
  /** The bench process's (autocannon's worker, the Twilio sandbox, the SMTP inbox). */
  benchCpuSeconds: number;
  /** Share of all the machine's CPU time that was busy (/proc/stat), 0–1. */
  machineBusy: number;
  fanOutBefore: FanOutProgress;
  fanOutAfter: FanOutProgress;
}

/** One target's windows together. */
export interface TargetFigures extends LoadFigures {
  name: LoadTargetName;
  path: string;
  /** As answered to the bench's Accept-Encoding before the load: Content-Encoding (none: identity) and body bytes. */
  contentEncoding: string;
  bodyBytes: number;
  bytesPerResponse: number;
  /** The status page process's CPU over the target's windows, in cores (1 = one CPU busy all along). */
  statusPageCores: number;
  /** Answers per CPU second of the status page process: what one core serves when it has the CPU. */
  perStatusPageCpuSecond: number;
}

export interface StatusPageResult {
  startedAt: string;
  machine: Machine;
  load: { tool: string; connections: number; windowSeconds: number; rounds: number; acceptEncoding: string; warmupSeconds: number };
  subscribers: number;
  /** Messages the fan-out has to send: one per subscriber and channel. */
  expected: number;
  seedMs: number;
  incident: {
    /** From the declaration until summary.json (and the page) showed it. */
    visibleAfterMs: number;
    /** The status page's publication of it (its log line), when seen. */
    publishedResources?: number;
    renderMs?: number;
  };
  /** Publications (renders of everything) the status page logged during the load: the incident's was before it. */
  publicationsDuringLoad: number;
  /** The status page process's RSS once started, before the warm-up. */
  statusPageRssAtStartMb: number;
  targets: TargetFigures[];
  windows: LoadWindow[];
  ratios: { page?: number; summary?: number };
  goals: Target[];
  fanOut: {
    loadStart: FanOutProgress;
    loadEnd: FanOutProgress;
    /** When every notification request was on Kafka, if that happened during the load (ms since the declaration). */
    plannedAllAtMs?: number;
    /** Messages accepted per second during the load. */
    deliveredPerSecond: number;
  };
  /** Each process from the start of the load to its end; `cores` is CPU seconds over that time. */
  resources: Record<string, ProcessUsage & { cores: number }>;
  benchCpuSeconds: number;
}

/** The page's and summary.json's requests/s over the static file's, and the goals they are held to. */
export function statusPageRatios(targets: Pick<TargetFigures, 'name' | 'perSecond'>[]): { ratios: StatusPageResult['ratios']; goals: Target[] } {
  const rate = (name: LoadTargetName) => targets.find((t) => t.name === name)?.perSecond;
  const ratios = { page: ratio(rate('page'), rate(BASELINE)), summary: ratio(rate('summary.json'), rate(BASELINE)) };
  const goal = (name: string, value: number | undefined): Target => ({ name, goal: `≥ ${RATIO_GOAL}`, value, unit: '', met: value === undefined ? undefined : value >= RATIO_GOAL });
  return { ratios, goals: [goal('page ÷ static file (requests/s)', ratios.page), goal('summary.json ÷ static file (requests/s)', ratios.summary)] };
}

const num = (value: number | undefined, digits = 0) => (value === undefined ? '—' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const ms = (value: number | undefined) => (value === undefined ? '—' : `${num(value)} ms`);
const secs = (msValue: number | undefined) => (msValue === undefined ? '—' : `${num(msValue / 1000, 1)} s`);
const pct = (share: number) => `${num(share * 100)} %`;

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => `  ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ')}`).join('\n');
}

/** The result as readable text, like the fan-out's report. */
export function formatStatusPageReport(r: StatusPageResult): string {
  const out: string[] = [];
  const { load, fanOut } = r;
  out.push(
    `Prespond bench, status page under load: ${load.connections} connections (${load.tool}), Accept-Encoding "${load.acceptEncoding}", ` +
      `${load.rounds} × ${load.windowSeconds} s per target (order reversed in the second round), during a ${num(r.subscribers)}-subscriber fan-out`,
  );
  out.push(`  ${r.machine.cpus} CPUs (${r.machine.cpuModel}), Node ${r.machine.node}, commit ${r.machine.commit.slice(0, 12)}; seeding took ${secs(r.seedMs)}`);
  out.push('', 'Load (each target over its windows)');
  out.push(
    table([
      ['', 'requests/s', 'p50', 'p99', 'max', 'errors', 'non-2xx', 'encoding', 'body', 'bytes/answer', 'status page CPU', 'req/CPU s'],
      ...r.targets.map((t) => [
        `${t.name} (${t.path})`,
        num(t.perSecond),
        ms(t.p50Ms),
        ms(t.p99Ms),
        ms(t.maxMs),
        num(t.errors + t.timeouts),
        num(t.non2xx),
        t.contentEncoding,
        `${num(t.bodyBytes)} B`,
        `${num(t.bytesPerResponse)} B`,
        `${num(t.statusPageCores, 2)} cores`,
        num(t.perStatusPageCpuSecond),
      ]),
    ]),
  );
  out.push('', 'Ratios (requests/s ÷ the static file’s)');
  out.push(
    table([
      ['', 'goal', 'value', ''],
      ...r.goals.map((g) => [g.name, g.goal, num(g.value, 2), g.met === undefined ? 'not measured' : g.met ? 'met' : 'MISSED']),
    ]),
  );
  out.push('', 'Windows, in order (t: seconds since the declaration; fan-out: requests on Kafka, messages accepted)');
  out.push(
    table([
      ['', 't', 'requests/s', 'p99', 'status page CPU', 'bench CPU', 'machine busy', 'planned', 'delivered'],
      ...r.windows.map((w) => [
        `${w.round + 1}. ${w.target}`,
        `${num(w.fanOutBefore.atMs / 1000, 1)}–${num(w.fanOutAfter.atMs / 1000, 1)}`,
        num(w.perSecond),
        ms(w.p99Ms),
        `${num(w.statusPageCpuSeconds / w.seconds, 2)} cores`,
        `${num(w.benchCpuSeconds / w.seconds, 2)} cores`,
        pct(w.machineBusy),
        num(w.fanOutAfter.planned),
        `+${num(w.fanOutAfter.delivered - w.fanOutBefore.delivered)}`,
      ]),
    ]),
  );
  out.push('', 'The fan-out beside it');
  out.push(
    `  incident declared at t = 0, on the page (summary.json and /) after ${ms(r.incident.visibleAfterMs)}` +
      (r.incident.renderMs === undefined ? '' : `; its publication rendered ${num(r.incident.publishedResources)} resources in ${num(r.incident.renderMs, 1)} ms`) +
      `; ${num(r.publicationsDuringLoad)} publications during the load`,
  );
  out.push(
    `  during the load (t = ${num(fanOut.loadStart.atMs / 1000, 1)}–${num(fanOut.loadEnd.atMs / 1000, 1)} s): requests on Kafka ${num(fanOut.loadStart.planned)} → ${num(fanOut.loadEnd.planned)} of ${num(r.expected)}` +
      (fanOut.plannedAllAtMs === undefined ? '' : ` (all by t = ${num(fanOut.plannedAllAtMs / 1000, 1)} s)`) +
      `; messages accepted ${num(fanOut.loadStart.delivered)} → ${num(fanOut.loadEnd.delivered)} of ${num(r.expected)} (${num(fanOut.deliveredPerSecond)}/s)`,
  );
  out.push('', 'Resources during the load');
  out.push(
    table([
      ['', 'CPU s', 'CPU (cores)', 'peak RSS (VmHWM)', 'max sampled RSS'],
      ...Object.entries(r.resources).map(([name, u]) => [name, num(u.cpuSeconds, 1), num(u.cores, 2), `${num(u.peakRssMb)} MB`, `${num(u.sampledMaxRssMb)} MB`]),
    ]),
  );
  out.push(`  status page RSS once started, before any load: ${num(r.statusPageRssAtStartMb)} MB`);
  out.push(`  bench process (autocannon's worker, Twilio sandbox, SMTP inbox): ${num(r.benchCpuSeconds, 1)} CPU s`);
  return out.join('\n');
}
