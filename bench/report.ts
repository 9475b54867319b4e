import { KafkaCeiling, PostgresCeiling, ProviderCeiling, Rate } from './ceilings';
import { LatencySummary, ProcessUsage } from './measure';

/** What one `npm run bench` found; written as JSON to bench/results/. */
export interface BenchResult {
  startedAt: string;
  subscribers: number;
  /** Notification requests and messages expected: one per subscriber and channel. */
  expected: number;
  machine: { cpus: number; cpuModel: string; node: string; platform: string; commit: string };
  seedMs: number;
  /** False when the run stalled: the figures below are then for what was reached. */
  complete: boolean;
  /** From the declaration (ms, perSecond), and from the first request on Kafka to the last (producing…). */
  planning: { requests: number; ms?: number; perSecond?: number; producingMs?: number; producingPerSecond?: number; alone?: PlanningAlone };
  delivery: {
    sms: number;
    email: number;
    ms?: number;
    perSecond?: number;
    firstMessageMs?: number;
    /** From the declaration to provider acceptance, SMS and email together. */
    latency: LatencySummary;
    /** Each message from its request on Kafka to its acceptance (`unmatched`: acceptances with no request found). */
    perMessage?: LatencySummary & { unmatched: number };
    smsTimestampPrecision: 'ms' | 's';
  };
  resources: Record<string, ProcessUsage & { cpuSecondsPer1000Messages?: number }>;
  /** The bench process itself (polling Kafka and the simulators). */
  benchCpuSeconds: number;
  /** The Twilio sandbox and the SMTP inbox, each in its own process (not in the services' total). */
  simulators: Record<string, ProcessUsage>;
  ceilings: { measured: string; kafka?: KafkaCeiling; postgres?: PostgresCeiling; providers?: ProviderCeiling };
  ratios: Ratios;
  targets: Target[];
}

/** A second incident's planning with the messenger stopped, first request on Kafka to the last. */
export interface PlanningAlone {
  requests: number;
  ms?: number;
  perSecond?: number;
}

export interface Ratios {
  /**
   * The messenger's CPU per delivered message (status callbacks included) ÷ the bare clients' CPU per message in the
   * combined provider ceiling: what Prespond's send path costs over the provider calls themselves. A ratio of two CPU
   * costs, it moves little with the machine's load.
   */
  cost?: number;
  /** Delivery msgs/s ÷ the combined SMS+email provider ceiling. */
  delivery?: number;
  /** Planning requests/s, first request to last, ÷ the kafkajs produce ceiling. */
  planning?: number;
  /** The same with delivery paused (PlanningAlone) ÷ kafkajs; and both ÷ kcat's produce rate (librdkafka). */
  planningAlone?: number;
  planningKcat?: number;
  planningAloneKcat?: number;
}

export interface Target {
  name: string;
  goal: string;
  value?: number;
  unit: string;
  /** Undefined: not measured in this run. */
  met?: boolean;
  /** Extrapolated linearly from this run's rate (the run was of another size). */
  projected?: boolean;
}

/** Each service's usage with its CPU per 1,000 delivered messages, and a `total` row (RSS summed over the processes). */
export function resourcesPerService(usage: Record<string, ProcessUsage>, delivered: number): BenchResult['resources'] {
  const per1000 = (cpuSeconds: number) => (delivered ? (cpuSeconds * 1000) / delivered : undefined);
  const rows: BenchResult['resources'] = {};
  const total = { peakRssMb: 0, sampledMaxRssMb: 0, cpuSeconds: 0 };
  for (const [name, u] of Object.entries(usage)) {
    rows[name] = { ...u, cpuSecondsPer1000Messages: per1000(u.cpuSeconds) };
    total.peakRssMb += u.peakRssMb;
    total.sampledMaxRssMb += u.sampledMaxRssMb;
    total.cpuSeconds += u.cpuSeconds;
  }
  rows.total = { ...total, cpuSecondsPer1000Messages: per1000(total.cpuSeconds) };
  return rows;
}

export const ratio = (measured: number | undefined, ceiling: number | undefined): number | undefined =>
  measured !== undefined && ceiling ? measured / ceiling : undefined;

export interface TargetInput {
  subscribers: number;
  complete: boolean;
  planningMs?: number;
  planningPerSecond?: number;
  deliveryMs?: number;
  deliveryPerSecond?: number;
  firstMessageMs?: number;
  ratios: Ratios;
  peakRssMb: Record<string, number>;
}

const PLANNING_GOAL_SUBSCRIBERS = 1_000_000;
const DELIVERY_GOAL_SUBSCRIBERS = 100_000;

/** The time for `subscribers` at this run's rate: measured when the run was that size, otherwise projected. */
function timeFor(subscribers: number, run: TargetInput, ms: number | undefined, perSecond: number | undefined): { value?: number; projected: boolean } {
  if (run.subscribers === subscribers && run.complete) return { value: ms, projected: false };
  return { value: perSecond ? (2 * subscribers * 1000) / perSecond : undefined, projected: true };
}

/** The issue 7 targets, each met or missed (undefined when this run could not measure it). */
export function evaluateTargets(run: TargetInput): Target[] {
  const atMost = (value: number | undefined, limit: number) => (value === undefined ? undefined : value < limit);
  const atLeast = (value: number | undefined, limit: number) => (value === undefined ? undefined : value >= limit);
  const planned = timeFor(PLANNING_GOAL_SUBSCRIBERS, run, run.planningMs, run.planningPerSecond);
  const delivered = timeFor(DELIVERY_GOAL_SUBSCRIBERS, run, run.deliveryMs, run.deliveryPerSecond);
  return [
    { name: 'messenger CPU/msg ÷ bare clients', goal: '≤ 1.25', value: run.ratios.cost, unit: '', met: run.ratios.cost === undefined ? undefined : run.ratios.cost <= 1.25 },
    { name: 'delivery ratio', goal: '≥ 0.8', value: run.ratios.delivery, unit: '', met: atLeast(run.ratios.delivery, 0.8) },
    { name: 'planning ratio (during delivery, ÷ kafkajs)', goal: '≥ 0.5', value: run.ratios.planning, unit: '', met: atLeast(run.ratios.planning, 0.5) },
    { name: 'planning ratio (alone, ÷ kafkajs)', goal: '≥ 0.5', value: run.ratios.planningAlone, unit: '', met: atLeast(run.ratios.planningAlone, 0.5) },
    { name: '1M subscribers planned (2M requests)', goal: '< 30 s', value: planned.value, unit: 'ms', met: atMost(planned.value, 30_000), projected: planned.projected },
    { name: '100k×2 messages delivered', goal: '< 120 s', value: delivered.value, unit: 'ms', met: atMost(delivered.value, 120_000), projected: delivered.projected },
    { name: 'first message', goal: '< 0.5 s', value: run.firstMessageMs, unit: 'ms', met: atMost(run.firstMessageMs, 500) },
    ...Object.entries(run.peakRssMb).map(([service, mb]) => {
      const limit = service === 'messenger-service' ? 256 : 300;
      return { name: `peak RSS ${service}`, goal: `< ${limit} MB`, value: mb, unit: 'MB', met: mb < limit };
    }),
  ];
}

const num = (value: number | undefined, digits = 0) => (value === undefined ? '—' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const secs = (ms: number | undefined) => (ms === undefined ? '—' : `${num(ms / 1000, 2)} s`);
const rateOf = (perSecond: number | undefined) => `${num(perSecond)}/s`;

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => `  ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ')}`).join('\n');
}

/** The result as a readable text table. */
export function formatReport(r: BenchResult): string {
  const { planning: p, delivery: d, ceilings: c } = r;
  const latency = d.latency;
  const out: string[] = [];
  out.push(`Prespond bench: ${num(r.subscribers)} subscribers × 2 channels = ${num(r.expected)} messages${r.complete ? '' : '   *** PARTIAL: stalled (no progress for 60 s) ***'}`);
  out.push(`  ${r.machine.cpus} CPUs (${r.machine.cpuModel}), Node ${r.machine.node}, commit ${r.machine.commit.slice(0, 12)}; seeding took ${secs(r.seedMs)}`);
  out.push('', 'Run');
  out.push(
    table([
      ['', 'count', 'time', 'rate'],
      ['planning (requests on Kafka, from the declaration)', `${num(p.requests)}/${num(r.expected)}`, secs(p.ms), rateOf(p.perSecond)],
      ['planning (first request to last)', `${num(p.requests)}/${num(r.expected)}`, secs(p.producingMs), rateOf(p.producingPerSecond)],
      ['planning alone (second incident, messenger stopped)', `${num(p.alone?.requests)}/${num(r.expected)}`, secs(p.alone?.ms), rateOf(p.alone?.perSecond)],
      ['delivery (SMS + email accepted)', `${num(d.sms + d.email)}/${num(r.expected)}`, secs(d.ms), rateOf(d.perSecond)],
    ]),
  );
  out.push(
    `  first message ${secs(d.firstMessageMs)}; latency from declaration p50 ${secs(latency.p50Ms)}, p95 ${secs(latency.p95Ms)}, p99 ${secs(latency.p99Ms)}` +
      (d.smsTimestampPrecision === 's' ? ' (SMS times to the second, rounded up)' : ''),
  );
  const each = d.perMessage;
  if (each) {
    out.push(
      `  per message, from its request on Kafka to the provider's acceptance: p50 ${secs(each.p50Ms)}, p95 ${secs(each.p95Ms)}, p99 ${secs(each.p99Ms)}, min ${secs(each.minMs)}, max ${secs(each.maxMs)}` +
        (each.unmatched ? ` (${num(each.unmatched)} acceptances without a request found)` : ''),
    );
  }
  out.push('', 'Resources (from the declaration to the end of delivery)');
  out.push(
    table([
      ['', 'peak RSS (VmHWM)', 'max sampled RSS', 'CPU s', 'CPU s / 1,000 msgs'],
      ...Object.entries(r.resources).map(([name, u]) => [name === 'total' ? 'all services (RSS summed)' : name, `${num(u.peakRssMb)} MB`, `${num(u.sampledMaxRssMb)} MB`, num(u.cpuSeconds, 1), num(u.cpuSecondsPer1000Messages, 2)]),
    ]),
  );
  out.push(`  simulators: ${Object.entries(r.simulators).map(([name, u]) => `${name} ${num(u.cpuSeconds, 1)} CPU s, ${num(u.peakRssMb)} MB`).join('; ')}; the bench process ${num(r.benchCpuSeconds, 1)} CPU s`);
  out.push('', `Ceilings (${c.measured})`);
  const ceilingRows: string[][] = [['', 'count', 'time', 'rate', 'spread']];
  const row = (name: string, rt?: Rate) =>
    rt && ceilingRows.push([name, num(rt.count), secs(rt.ms), rateOf(rt.perSecond), rt.spread ? `median of ${rt.spread.runs}: ${num(rt.spread.min)}–${num(rt.spread.max)}/s` : '']);
  if (c.kafka) {
    row(`kafkajs produce (${c.kafka.valueBytes} B, ${c.kafka.partitions} partitions, acks -1)`, c.kafka.produce);
    if (c.kafka.kcat) row('kcat produce (librdkafka, same messages, acks -1)', c.kafka.kcat);
    row('kafkajs consume (eachBatch)', c.kafka.consume);
  }
  row('Postgres INSERT (unnest, 1,000 rows)', c.postgres?.insert);
  row('Postgres COPY', c.postgres?.copy);
  if (c.providers) {
    row(`Twilio SDK → sandbox (${c.providers.concurrency} in flight, 3 status callbacks per text)`, c.providers.sms);
    row(`nodemailer pool → inbox (${c.providers.concurrency} in flight)`, c.providers.email);
    row('SMS + email at once (delivery ceiling)', c.providers.combined);
    ceilingRows.push(['  bare clients\' CPU per message (SMS / email / both)', '', '', c.providers.sms.cpuMsPerMessage !== undefined ? `${num(c.providers.sms.cpuMsPerMessage, 3)} / ${num(c.providers.email.cpuMsPerMessage, 3)} / ${num(c.providers.combined.cpuMsPerMessage, 3)} ms` : '—', '']);
  }
  out.push(ceilingRows.length > 1 ? table(ceilingRows) : '  none measured');
  out.push('', 'Ratios and targets');
  out.push(
    table([
      ['', 'goal', 'value', ''],
      ...r.targets.map((t) => [
        t.name,
        t.goal,
        t.value === undefined ? '—' : t.unit === 'ms' ? secs(t.value) + (t.projected ? ' (projected)' : '') : t.unit === 'MB' ? `${num(t.value)} MB` : num(t.value, 2),
        t.met === undefined ? 'not measured' : t.met ? 'met' : 'MISSED',
      ]),
    ]),
  );
  out.push(`  planning ÷ kcat's produce rate: ${num(r.ratios.planningKcat, 2)} during delivery, ${num(r.ratios.planningAloneKcat, 2)} alone${c.kafka && !c.kafka.kcat ? ' (kcat not installed: apt-get install kcat)' : ''}`);
  return out.join('\n');
}
