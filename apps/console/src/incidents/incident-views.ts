import { IncidentServiceComponents, MessengerServiceComponents } from '@prespond/contracts';
import { formatInstant } from '../views/time';
import { INCIDENTS_TEXT as T } from './incidents.text';

type Incident = IncidentServiceComponents['schemas']['IncidentResponse'];
type Deliveries = MessengerServiceComponents['schemas']['IncidentDeliveriesResponse'];

export const CHANNEL_LABELS = { sms: T.review.smsLabel, email: T.review.emailLabel } as const;

const sum = (outcomes: Record<string, number>, keys: string[]) => keys.reduce((n, k) => n + (outcomes[k] ?? 0), 0);

/** One row of the live delivery table: an update on a channel, its messages by where they are. */
export interface ProgressRow {
  key: string;
  update: string;
  channel: 'sms' | 'email';
  channelLabel: string;
  planned: number;
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  deferred: number;
}

/**
 * The messenger's figures as the table shows them: queued (waiting, queued, sending), sent (the provider took it),
 * delivered (the carrier confirmed; email has no such receipt), failed (failed, undelivered), deferred (quiet hours).
 */
export function progressRows(deliveries: Deliveries): ProgressRow[] {
  return deliveries.deliveries.map((d) => ({
    key: `${d.updateId ?? 'unknown'}:${d.channel}`,
    update: d.sequence ? `#${d.sequence}` : '—',
    channel: d.channel,
    channelLabel: CHANNEL_LABELS[d.channel],
    planned: d.messages,
    queued: sum(d.outcomes, ['pending', 'queued', 'sending']),
    sent: sum(d.outcomes, ['sent']),
    delivered: sum(d.outcomes, ['delivered', 'read']),
    failed: sum(d.outcomes, ['failed', 'undelivered']),
    deferred: sum(d.outcomes, ['deferred']),
  }));
}

export const severityLabel = (s: Incident['severity']) => ({ minor: 'Minor', major: 'Major', critical: 'Critical' })[s];
export const statusLabel = (s: Incident['status']) => T.form.statuses[s];

/** Components and regions in words ("internet, tv · berlin"). */
export const affects = (incident: Pick<Incident, 'components' | 'regions'>) =>
  `${incident.components.join(', ')} · ${incident.regions.length ? incident.regions.join(', ') : T.board.everywhere}`;

/** An incident as the board lists it, times in the person's zone. */
export function boardRow(incident: Incident, zone: string) {
  const latest = incident.timeline[incident.timeline.length - 1];
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    severityLabel: severityLabel(incident.severity),
    statusLabel: statusLabel(incident.status),
    affects: affects(incident),
    declared: formatInstant(incident.declaredAt, zone),
    nextUpdateBy: latest?.nextUpdateBy ?? null,
    nextUpdate: formatInstant(latest?.nextUpdateBy, zone),
    latest: latest?.message ?? '',
  };
}
