import type { MessengerServiceComponents, SubscriberServiceComponents } from '@prespond/contracts';
import { formatInstant } from '../views/time';
import { CUSTOMERS_TEXT as T } from './customers.text';
import { fill } from '../views/fill';

type Subscriber = SubscriberServiceComponents['schemas']['SubscriberResponse'];
type Communication = MessengerServiceComponents['schemas']['CommunicationResponse'];

const list = (values: readonly string[], none: string) => (values.length ? values.join(', ') : none);

/** What the search is: at least 2 and at most 200 characters (as subscriber-service takes it), or why not. */
export function searchProblem(term: string): string | undefined {
  if (term.length < 2) return T.search.tooShort;
  if (term.length > 200) return T.search.tooLong;
  return undefined;
}

/** A customer as the search results list her. */
export function resultRow(s: Subscriber) {
  return {
    id: s.id,
    name: s.name,
    email: s.email ?? '',
    phone: s.phone ?? '',
    regions: s.regions.join(', '),
    channels: s.channels.map((c) => T.channels[c]).join(', '),
    erased: Boolean(s.erasedAt),
  };
}

/** Her details, in words, times in the person's zone. */
export function customerDetails(s: Subscriber, zone: string) {
  const C = T.customer;
  const cadence = s.cadence === 'digest' ? fill(C.cadences.digest, { hours: s.digestHours ?? '' }) : C.cadences[s.cadence ?? 'default'];
  const quiet = s.quietHoursStart && s.quietHoursEnd ? `${s.quietHoursStart}–${s.quietHoursEnd}, ${C.quietHoursIncidents[s.quietHoursIncidents]}` : C.quietHoursNone;
  return [
    { label: C.email, value: s.email ?? C.none },
    { label: C.phone, value: s.phone ?? C.none },
    { label: C.channels, value: s.channels.map((c) => T.channels[c]).join(', ') },
    { label: C.optedOut, value: s.optedOutChannels.length ? s.optedOutChannels.map((c) => T.channels[c]).join(', ') : C.optedOutNone },
    { label: C.components, value: list(s.components, C.none) },
    { label: C.regions, value: list(s.regions, C.everywhere) },
    { label: C.cadence, value: cadence },
    { label: C.critical, value: s.criticalOverride ? C.criticalAlways : C.criticalAsChosen },
    { label: C.quietHours, value: quiet },
    { label: C.marketing, value: s.marketingConsent ? C.marketingYes : C.marketingNo },
    { label: C.timeZone, value: s.timeZone },
    { label: C.locale, value: s.locale },
    ...(s.lastSeenAt ? [{ label: C.lastSeen, value: formatInstant(s.lastSeenAt, zone) }] : []),
    { label: C.since, value: formatInstant(s.createdAt, zone) },
    ...(s.externalId ? [{ label: C.externalId, value: s.externalId }] : []),
  ];
}

/** What a message was about, from its template ("incident.updated" → incident news), or its family's. */
export function kindOf(template: string): string {
  const kinds: Record<string, string> = T.kinds;
  return kinds[template] ?? kinds[template.split('.')[0]] ?? template;
}

/** One message of her log as the table shows it. */
export function logRow(c: Communication, zone: string) {
  const suppressed = c.status === 'failed' && c.errorCode === 'suppressed';
  const status = suppressed ? 'suppressed' : c.status;
  return {
    id: c.id,
    when: formatInstant(c.createdAt, zone),
    channel: T.channels[c.channel],
    address: c.address,
    kind: kindOf(c.template),
    incidentId: c.incidentId,
    update: c.updateSequence ? fill(T.customer.update, { n: c.updateSequence }) : '',
    subject: c.subject ?? '',
    body: c.body,
    status,
    statusLabel: T.statuses[status],
    statusClass: ['delivered', 'read', 'sent'].includes(status) ? 'ok' : ['failed', 'undelivered'].includes(status) ? 'overdue' : status === 'deferred' ? 'at-risk' : '',
    detail: status === 'deferred' && c.dueAt ? fill(T.customer.waitsUntil, { at: formatInstant(c.dueAt, zone) }) : !suppressed && c.errorMessage ? c.errorMessage : '',
  };
}
