import { DELIVERY_OUTCOMES } from '@prespond/contracts';
import { CsvCell, toCsv } from '@prespond/platform';
import { IncidentReport } from './dto/incident-report.dto';

/**
 * The incident report as one sheet. Column `record` says what a row is:
 * - `update`: one update on one channel (its status, message, who posted it, and the delivery figures);
 * - `promise`: one "next update by" promise (`sequence` is the update that made it) and how it ended;
 * - `total`: one channel over the whole incident (fastest first latency, slowest last latency);
 * - `follow-up`: one channel's follow-ups after the resolution and how customers answered.
 * Cells that do not apply to a row's kind are empty. Latencies are in seconds; times are ISO-8601 UTC.
 */
export const INCIDENT_REPORT_CSV_HEADER = [
  'record',
  'sequence',
  'posted_at',
  'posted_by',
  'author',
  'update_status',
  'update_message',
  'channel',
  'messages',
  'notified',
  'first_latency_s',
  'last_latency_s',
  ...DELIVERY_OUTCOMES,
  'promise_due_at',
  'promise_state',
  'promise_settled_at',
  'settled_by_sequence',
  'follow_ups_planned',
  'follow_ups_asked',
  'works_again',
  'still_having_trouble',
  'no_answer',
] as const;

type Column = (typeof INCIDENT_REPORT_CSV_HEADER)[number];

const line = (cells: Partial<Record<Column, CsvCell>>): CsvCell[] => INCIDENT_REPORT_CSV_HEADER.map((c) => cells[c]);

export function incidentReportCsv(report: IncidentReport): string {
  const entries = new Map(report.timeline.map((u) => [u.id, u]));
  const updates = report.deliveries.map((d) => {
    const entry = d.updateId ? entries.get(d.updateId) : undefined;
    return line({
      record: 'update',
      sequence: d.sequence,
      posted_at: d.updateCreatedAt,
      posted_by: entry?.postedBy,
      author: entry?.author,
      update_status: entry?.status,
      update_message: entry?.message,
      channel: d.channel,
      messages: d.messages,
      notified: d.notified,
      first_latency_s: d.firstLatencySeconds,
      last_latency_s: d.lastLatencySeconds,
      ...d.outcomes,
    });
  });
  const promises = report.promises.map((p) =>
    line({
      record: 'promise',
      sequence: p.madeBySequence,
      promise_due_at: p.dueAt,
      promise_state: p.state,
      promise_settled_at: p.settledAt,
      settled_by_sequence: p.settledBySequence,
    }),
  );
  const totals = report.totals.channels.map((c) =>
    line({
      record: 'total',
      channel: c.channel,
      messages: c.messages,
      notified: c.notified,
      first_latency_s: c.firstLatencySeconds,
      last_latency_s: c.lastLatencySeconds,
      ...c.outcomes,
    }),
  );
  const followUps = report.followUps.map((f) =>
    line({
      record: 'follow-up',
      channel: f.channel,
      follow_ups_planned: f.planned,
      follow_ups_asked: f.asked,
      works_again: f.worksAgain,
      still_having_trouble: f.stillHavingTrouble,
      no_answer: f.noAnswer,
    }),
  );
  return toCsv(INCIDENT_REPORT_CSV_HEADER, [...updates, ...promises, ...totals, ...followUps]);
}
