import { SubscriberServiceComponents } from '@prespond/contracts';
import { formatInstant, localInputValue } from '../views/time';
import { AudienceFilter, Campaign, Channel } from './campaign-form';
import { CAMPAIGNS_TEXT as T } from './campaigns.text';
import { fill } from '../views/fill';

type Schemas = SubscriberServiceComponents['schemas'];
export type AudiencePreview = Schemas['AudiencePreviewResponse'];
export type CampaignResults = Schemas['CampaignResultsResponse'];
type State = Campaign['state'];


export const EXCLUSIONS = ['noConsent', 'openIncident', 'frequencyCap', 'optedOut'] as const;
export const RESULT_COLUMNS = ['targeted', 'sent', 'delivered', 'failed', 'deferred', 'optedOut', 'returned'] as const;

export const stateLabel = (state: State) => T.states[state];
/** The tag's colour: done (green), stopped (red), on hold (amber), the rest plain. */
export const stateClass = (state: State) => ({ completed: 'ok', cancelled: 'overdue', paused: 'at-risk' })[state as string] ?? '';

/** The filter in words: "in berlin · using internet · not seen for 60 days or more". */
export function audienceWords(audience: AudienceFilter, zone: string): string {
  const W = T.audienceWords;
  const day = (iso: string) => localInputValue(iso, zone).slice(0, 10);
  const parts = [
    audience.regions?.length ? fill(W.regions, { list: audience.regions.join(', ') }) : '',
    audience.components?.length ? fill(W.components, { list: audience.components.join(', ') }) : '',
    audience.plans?.length ? fill(W.plans, { list: audience.plans.join(', ') }) : '',
    audience.inactiveDays !== undefined ? fill(W.inactiveDays, { days: audience.inactiveDays }) : '',
    audience.lastSeenAfter ? fill(W.seenSince, { date: day(audience.lastSeenAfter) }) : '',
    audience.lastSeenBefore ? fill(W.seenBefore, { date: day(audience.lastSeenBefore) }) : '',
    audience.hasChannel ? fill(W.hasChannel, { channel: T.channels[audience.hasChannel].toLowerCase() }) : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : T.page.everyone;
}

/** One customer of the audience sample, as the preview's choice names her. */
export interface SampleChoice {
  id: string;
  name: string;
  /** Her name and the channels she has an address on. */
  label: string;
  /** She has both a phone number and an email address (the first such one is previewed by default: both previews show). */
  both: boolean;
  selected?: boolean;
}

/** The audience figures as the composer shows them (and console.js receives them): size, per channel, each exclusion. */
export interface AudienceFigures {
  size: string;
  /** Null: the channel is not counted (no content for it). */
  sms: string | null;
  email: string | null;
  matchingText: string;
  exclusions: { key: (typeof EXCLUSIONS)[number]; label: string; count: string }[];
  note?: string;
  sample: SampleChoice[];
}

/** A count as people read it: 10,000. */
const count = (n: number) => n.toLocaleString('en');

export function audienceFigures(preview: AudiencePreview, assumed: boolean): AudienceFigures {
  const channel = (c: Channel) => (typeof preview.byChannel[c] === 'number' ? count(preview.byChannel[c]!) : null);
  return {
    size: count(preview.size),
    sms: channel('sms'),
    email: channel('email'),
    matchingText: fill(T.composer.matching, { count: count(preview.matching) }),
    exclusions: EXCLUSIONS.map((key) => ({ key, label: T.composer.exclusions[key], count: count(preview.excluded[key]) })),
    note: assumed ? T.composer.channelsNote : undefined,
    sample: preview.sample.map((s) => ({ id: s.id, name: s.name, both: !!s.phone && !!s.email, label: `${s.name} (${[s.phone ? T.channels.sms.toLowerCase() : '', s.email ? T.channels.email.toLowerCase() : ''].filter(Boolean).join(', ')})` })),
  };
}

/** A campaign as the list shows it. */
export function listRow(c: Campaign, zone: string) {
  return {
    id: c.id,
    name: c.name,
    stateLabel: stateLabel(c.state),
    stateClass: stateClass(c.state),
    runs: [c.startsAt ? fill(T.open, { start: formatInstant(c.startsAt, zone) }) : '', c.endsAt ? fill(T.until, { end: formatInstant(c.endsAt, zone) }) : ''].filter(Boolean).join(' '),
    sendWindow: `${c.windowStart}–${c.windowEnd}`,
    throttle: fill(T.perMinute, { n: c.perMinute.toLocaleString('en') }),
    cap: fill(T.cap, { count: c.capCount, days: c.capDays }),
  };
}

/** The campaign's settings as the campaign page lists them. */
export function settingsRows(c: Campaign, zone: string): { label: string; value: string }[] {
  const P = T.page;
  const channels = (['sms', 'email'] as const).filter((ch) => c.content[ch]).map((ch) => T.channels[ch]);
  return [
    { label: P.audience, value: audienceWords(c.audience, zone) },
    { label: P.channels, value: channels.join(', ') || P.notSet },
    { label: P.starts, value: formatInstant(c.startsAt, zone) || P.notSet },
    { label: P.ends, value: formatInstant(c.endsAt, zone) || P.notSet },
    { label: P.sendWindow, value: fill(P.sendWindowValue, { start: c.windowStart, end: c.windowEnd }) },
    { label: P.throttle, value: fill(T.perMinute, { n: c.perMinute.toLocaleString('en') }) },
    { label: P.cap, value: fill(T.cap, { count: c.capCount, days: c.capDays }) },
    { label: P.returns, value: fill(P.returnsValue, { days: c.returnWindowDays }) },
  ];
}

/** The results per channel: the table's rows, and the chart's data (the same figures). */
export function resultsView(results: CampaignResults) {
  const rows = results.channels.map((r) => ({ channel: r.channel, label: T.channels[r.channel as Channel], cells: RESULT_COLUMNS.map((col) => ({ col, value: r[col] })) }));
  const chart = {
    labels: RESULT_COLUMNS.map((col) => T.page.columns[col]),
    series: results.channels.map((r) => ({ channel: r.channel, label: T.channels[r.channel as Channel], values: RESULT_COLUMNS.map((col) => r[col]) })),
  };
  return { state: results.state, stateLabel: stateLabel(results.state), rows, chart, empty: results.channels.every((r) => r.targeted === 0) };
}
