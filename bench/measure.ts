import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The nearest-rank percentile `p` (0–100) of `sorted` (ascending); undefined when empty. */
export function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface LatencySummary {
  count: number;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  minMs?: number;
  maxMs?: number;
}

export function summarize(latenciesMs: number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    minMs: sorted[0],
    maxMs: sorted[sorted.length - 1],
  };
}

/** Units per second; undefined when nothing was timed. */
export function perSecond(count: number, ms: number | undefined): number | undefined {
  return ms && ms > 0 ? (count * 1000) / ms : undefined;
}

/**
 * Epoch milliseconds from a captured timestamp: a number, a Date, an ISO string (milliseconds) or an RFC 2822 string
 * (Twilio's `date_created`, whole seconds only).
 */
export function epochMs(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value instanceof Date) return value.getTime();
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Kernel clock ticks per second, the unit of utime/stime in /proc/<pid>/stat. */
export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / CLOCK_TICKS;
}

/** A `kB` line of /proc/<pid>/status (VmRSS, VmHWM) in megabytes. */
export function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

export interface ProcessUsage {
  /** The kernel's high-water mark of resident memory (VmHWM) at the end of the run. */
  peakRssMb: number;
  /** The largest VmRSS seen by sampling every SAMPLE_INTERVAL_MS (misses spikes between samples; VmHWM does not). */
  sampledMaxRssMb: number;
  /** CPU seconds used between start() and stop(). */
  cpuSeconds: number;
}

const SAMPLE_INTERVAL_MS = 500;

/** Samples the resident memory of some processes and their CPU time over a run. */
export class ProcessSampler {
  private readonly maxRss = new Map<string, number>();
  private readonly cpuAtStart = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly pids: Record<string, number>) {}

  start(): void {
    for (const [name, pid] of Object.entries(this.pids)) this.cpuAtStart.set(name, cpuSeconds(pid));
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.pids)) {
      try {
        this.maxRss.set(name, Math.max(this.maxRss.get(name) ?? 0, statusMb(pid, 'VmRSS')));
      } catch {
        // The process has gone; stop() reports what was seen.
      }
    }
  }

  stop(): Record<string, ProcessUsage> {
    clearInterval(this.timer);
    this.sample();
    return Object.fromEntries(
      Object.entries(this.pids).map(([name, pid]) => [
        name,
        { peakRssMb: statusMb(pid, 'VmHWM'), sampledMaxRssMb: this.maxRss.get(name) ?? 0, cpuSeconds: cpuSeconds(pid) - (this.cpuAtStart.get(name) ?? 0) },
      ]),
    );
  }
}

export interface MachineTicks {
  busy: number;
  total: number;
}

/** The machine's CPU time so far, all CPUs together, in clock ticks (the first line of /proc/stat; idle and iowait are not busy). */
export function machineTicks(): MachineTicks {
  const values = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const total = values.reduce((sum, v) => sum + v, 0);
  return { busy: total - values[3] - values[4], total };
}

/** The share (0–1) of the machine's CPU time that was busy between two readings. */
export function busyShare(before: MachineTicks, after: MachineTicks): number {
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}
