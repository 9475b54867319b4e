import { DateTime } from 'luxon';
import type { IncidentServiceComponents, MessengerServiceComponents } from '@prespond/contracts';
import { formatInstant } from '../views/time';
import { INCIDENT_REPORT_TEXT as T } from './incident-report.text';
import { fill } from '../views/fill';

export type IncidentReport = IncidentServiceComponents['schemas']['IncidentReport'];
export type DeliveryTimeline = MessengerServiceComponents['schemas']['IncidentDeliveryTimeline'];
type Outcomes = Record<string, number>;
type Channel = 'sms' | 'email';

const sum = (outcomes: Outcomes, keys: string[]) => keys.reduce((n, k) => n + (outcomes[k] ?? 0), 0);

/** "0.4 s", "12 s", "3 min 20 s", "2 h 5 min": a latency as people read it. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return T.deliveries.noneYet;
  if (seconds < 10) return `${(Math.round(seconds * 10) / 10).toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)} min${whole % 60 ? ` ${whole % 60} s` : ''}`;
  const minutes = Math.round(whole / 60);
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.floor(minutes / 1440)} days ${Math.floor((minutes % 1440) / 60)} h`;
}

/** The figures of one row of the update × channel table (and of the totals). */
function figures(d: { messages: number; notified: number; firstLatencySeconds: number | null; lastLatencySeconds: number | null; outcomes: Outcomes }) {
  return {
    planned: d.messages,
    accepted: d.notified,
    first: duration(d.firstLatencySeconds),
    last: duration(d.lastLatencySeconds),
    delivered: sum(d.outcomes, ['delivered', 'read']),
    failed: sum(d.outcomes, ['failed', 'undelivered']),
    optedOut: sum(d.outcomes, ['suppressed']),
    waiting: sum(d.outcomes, ['pending', 'queued', 'sending', 'deferred']),
    superseded: sum(d.outcomes, ['superseded']),
  };
}

/** One row per update × channel, labelled with the update's number and status as the timeline names them. */
export function deliveryRows(report: IncidentReport, statusLabel: (status: string) => string) {
  const entries = new Map(report.timeline.map((u) => [u.id, u]));
  return report.deliveries.map((d) => {
    const entry = d.updateId ? entries.get(d.updateId) : undefined;
    return {
      key: `${d.sequence ?? 'unknown'}:${d.channel}`,
      update: d.sequence ? `#${d.sequence}${entry ? ` ${statusLabel(entry.status)}` : ''}` : T.deliveries.unknownUpdate,
      channel: d.channel,
      channelLabel: T.channels[d.channel],
      ...figures(d),
    };
  });
}

export function totalRows(report: IncidentReport) {
  return report.totals.channels.map((c) => ({ channel: c.channel, channelLabel: T.channels[c.channel], ...figures(c) }));
}

/** The bucket size in words ("10 seconds", "one minute", "3 hours"). */
export function bucketWords(seconds: number): string {
  if (seconds < 60) return fill(T.chart.bucket.seconds, { n: seconds });
  if (seconds === 60) return T.chart.bucket.minute;
  if (seconds < 3600) return fill(T.chart.bucket.minutes, { n: seconds / 60 });
  if (seconds === 3600) return T.chart.bucket.hour;
  if (seconds < 86_400) return fill(T.chart.bucket.hours, { n: seconds / 3600 });
  return T.chart.bucket.day;
}

const SERIES = [
  { key: 'smsAccepted', channel: 'sms', field: 'accepted' },
  { key: 'smsDelivered', channel: 'sms', field: 'delivered' },
  { key: 'emailAccepted', channel: 'email', field: 'accepted' },
] as const;

/** What the report's chart draws: cumulative series over time (console.js reads it as JSON). */
export interface DeliveryChart {
  /** The end of each point's bucket, in the person's zone ("14:31:20"); the first point is the origin (all zero). */
  labels: string[];
  series: { key: string; label: string; channel: Channel; values: number[] }[];
}

/**
 * The timeline as the chart and its table show it: for each series (texts accepted and delivered, emails accepted;
 * only channels the incident used), how many so far at the end of each bucket, from the origin (0) to the last bucket
 * with something in it. The table lists only the buckets in which something happened; the chart every bucket.
 */
export function deliveryChart(timeline: DeliveryTimeline, channelsUsed: Channel[], zone: string) {
  const series = SERIES.filter((s) => channelsUsed.includes(s.channel));
  if (!timeline.origin || timeline.buckets.length === 0 || series.length === 0) return undefined;
  const size = timeline.bucketSeconds;
  const origin = Date.parse(timeline.origin);
  const indexOf = (at: string) => Math.round((Date.parse(at) - origin) / (size * 1000));
  const lastIndex = Math.max(...timeline.buckets.map((b) => indexOf(b.at)));
  const span = (lastIndex + 1) * size;
  const format = size < 60 ? 'HH:mm:ss' : span <= 86_400 ? 'HH:mm' : 'd LLL HH:mm';
  const label = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat(format);
  const perBucket = series.map(() => new Array<number>(lastIndex + 1).fill(0));
  for (const bucket of timeline.buckets) {
    series.forEach((s, i) => {
      if (s.channel === bucket.channel) perBucket[i][indexOf(bucket.at)] += bucket[s.field];
    });
  }
  const cumulative = perBucket.map((counts) => counts.reduce<number[]>((so, n) => [...so, (so[so.length - 1] ?? 0) + n], [0]));
  const chart: DeliveryChart = {
    labels: Array.from({ length: lastIndex + 2 }, (_, i) => label(origin + i * size * 1000)),
    series: series.map((s, i) => ({ key: s.key, label: T.chart.series[s.key], channel: s.channel, values: cumulative[i] })),
  };
  const active = new Set(timeline.buckets.map((b) => indexOf(b.at)));
  const rows = [...active]
    .sort((a, b) => a - b)
    .map((i) => ({ at: chart.labels[i + 1], values: cumulative.map((values) => values[i + 1]) }));
  return {
    chart,
    headers: chart.series.map((s) => s.label),
    rows,
    caption: fill(T.chart.caption, { zone: DateTime.fromMillis(origin, { zone }).toFormat('ZZZZ'), bucket: bucketWords(size) }),
  };
}

/** The timeline, oldest first, each entry with who posted it. */
export function timelineEntries(report: IncidentReport, zone: string, statusLabel: (status: string) => string) {
  return report.timeline.map((u) => ({
    sequence: u.sequence,
    statusLabel: statusLabel(u.status),
    at: formatInstant(u.createdAt, zone),
    message: u.message,
    by: u.postedBy === 'watchdog' ? T.timeline.watchdog : u.author ? fill(T.timeline.by, { name: u.author }) : T.timeline.unknown,
    watchdog: u.postedBy === 'watchdog',
    nextUpdate: u.nextUpdateBy ? fill(T.timeline.nextUpdate, { at: formatInstant(u.nextUpdateBy, zone) }) : undefined,
  }));
}

export function promiseRows(report: IncidentReport, zone: string) {
  return report.promises.map((p) => ({
    madeBy: p.madeBySequence ? `#${p.madeBySequence}` : '—',
    due: formatInstant(p.dueAt, zone),
    state: p.state,
    stateLabel: T.promises.states[p.state],
    stateClass: p.state === 'broken' ? 'overdue' : p.state === 'kept' ? 'ok' : p.state === 'open' ? '' : 'at-risk',
    settled: formatInstant(p.settledAt, zone) || '—',
    settledBy: p.settledBySequence ? `#${p.settledBySequence}` : '—',
    alerted: formatInstant(p.alertedAt, zone) || '—',
  }));
}

export function followUpRows(report: IncidentReport) {
  return report.followUps.map((f) => ({ channelLabel: T.channels[f.channel], planned: f.planned, asked: f.asked, worksAgain: f.worksAgain, trouble: f.stillHavingTrouble, noAnswer: f.noAnswer }));
}

/** The "in short" panel: when, how long, how many told, promises kept, reopenings. */
export function reportSummary(report: IncidentReport, zone: string) {
  const { incident, totals } = report;
  const end = incident.resolvedAt ? Date.parse(incident.resolvedAt) : undefined;
  const settled = totals.promises.kept + totals.promises.keptByWatchdog + totals.promises.broken;
  return {
    declared: formatInstant(incident.declaredAt, zone),
    resolved: incident.resolvedAt ? formatInstant(incident.resolvedAt, zone) : undefined,
    lasted: end ? duration((end - Date.parse(incident.declaredAt)) / 1000) : undefined,
    told: fill(T.summary.toldValue, { notified: totals.notified, messages: totals.messages }),
    keptRate:
      totals.promises.keptRate === null
        ? T.summary.noPromises
        : fill(T.summary.keptRateValue, { rate: `${Math.round(totals.promises.keptRate * 100)}%`, kept: totals.promises.kept + totals.promises.keptByWatchdog, settled }),
    reopenedBy: report.reopenedBy,
    generated: fill(T.generated, { at: formatInstant(report.generatedAt, zone) }),
  };
}
