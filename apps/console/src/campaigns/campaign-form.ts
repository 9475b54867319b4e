import { SubscriberServiceComponents } from '@prespond/contracts';
import { tagsOf } from '../incidents/incident-form';
import { instantFromLocal, localInputValue } from '../views/time';
import { FieldProblem } from '../views/views';
import { CAMPAIGNS_TEXT } from './campaigns.text';
import { fill } from '../views/fill';

type Schemas = SubscriberServiceComponents['schemas'];
export type CampaignDraft = Schemas['CreateCampaignDto'];
export type Campaign = Schemas['CampaignResponse'];
export type AudienceFilter = Schemas['AudienceFilterDto'];
export type AudienceQuery = Schemas['AudienceQueryDto'];
export type Channel = 'sms' | 'email';

/** The composer's fields as posted (strings, or lists for ticked boxes). */
export type FormBody = Record<string, unknown>;

const P = CAMPAIGNS_TEXT.problems;
/** A field's text, trimmed; line breaks as \n (browsers send a textarea's as \r\n). */
const text = (value: unknown) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : typeof value === 'number' ? String(value) : '');
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The numbers of the form, with the service's bounds. */
const NUMBERS = {
  inactiveDays: { min: 0, max: 3650 },
  perMinute: { min: 1, max: 1_000_000 },
  capCount: { min: 1, max: 1000 },
  capDays: { min: 1, max: 3650 },
  returnWindowDays: { min: 1, max: 365 },
} as const;

/** A whole number within bounds; empty: undefined (the service's default, or no condition). */
function wholeNumber(body: FormBody, field: keyof typeof NUMBERS, problems: FieldProblem[]): number | undefined {
  const raw = text(body[field]);
  if (raw === '') return undefined;
  const { min, max } = NUMBERS[field];
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    problems.push({ field, reason: fill(P.wholeNumber, { min, max: max.toLocaleString('en') }) });
    return undefined;
  }
  return value;
}

/** A date field as the instant its day starts in `zone`. */
function dayStart(body: FormBody, field: string, zone: string, problems: FieldProblem[]): string | undefined {
  const raw = text(body[field]);
  if (raw === '') return undefined;
  const instant = DATE.test(raw) ? instantFromLocal(`${raw}T00:00`, zone) : undefined;
  if (!instant) problems.push({ field, reason: P.date });
  return instant ?? undefined;
}

/** The audience filter of the form (each condition given), read in the person's zone. */
export function audienceFrom(body: FormBody, zone: string, problems: FieldProblem[]): AudienceFilter {
  const audience: AudienceFilter = {};
  const inactiveDays = wholeNumber(body, 'inactiveDays', problems);
  if (inactiveDays !== undefined) audience.inactiveDays = inactiveDays;
  const after = dayStart(body, 'seenSince', zone, problems);
  if (after) audience.lastSeenAfter = after;
  const before = dayStart(body, 'seenBefore', zone, problems);
  if (before) audience.lastSeenBefore = before;
  const regions = tagsOf(body.regions, body.regionsOther);
  if (regions.length) audience.regions = regions;
  const components = tagsOf(body.components, body.componentsOther);
  if (components.length) audience.components = components;
  const plans = tagsOf(body.plans, body.plansOther);
  if (plans.length) audience.plans = plans;
  const hasChannel = text(body.hasChannel);
  if (hasChannel === 'sms' || hasChannel === 'email') audience.hasChannel = hasChannel;
  return audience;
}

/** The content per channel: a channel left empty is not used. */
export function contentFrom(body: FormBody, problems: FieldProblem[]): NonNullable<CampaignDraft['content']> {
  const content: NonNullable<CampaignDraft['content']> = {};
  const sms = text(body.smsText);
  if (sms.length > 1600) problems.push({ field: 'smsText', reason: P.smsLength });
  else if (sms) content.sms = { text: sms };
  const subject = text(body.emailSubject);
  const emailText = text(body.emailText);
  const html = text(body.emailHtml);
  if (subject.length > 300) problems.push({ field: 'emailSubject', reason: P.subjectLength });
  else if (subject && emailText) content.email = { subject, text: emailText, ...(html ? { html } : {}) };
  else if (subject || emailText) problems.push({ field: subject ? 'emailText' : 'emailSubject', reason: P.emailBoth });
  else if (html) problems.push({ field: 'emailHtml', reason: P.htmlWithoutEmail });
  return content;
}

/** The channels to count the audience for: those with content, or both while none has any yet. */
export function countedChannels(body: FormBody): { channels: Channel[]; assumed: boolean } {
  const channels: Channel[] = [];
  if (text(body.smsText)) channels.push('sms');
  if (text(body.emailSubject) || text(body.emailText)) channels.push('email');
  return channels.length ? { channels, assumed: false } : { channels: ['sms', 'email'], assumed: true };
}

/** What the live count asks the service: the filter, the channels, the cap. */
export function audienceQueryFrom(body: FormBody, zone: string): { query: AudienceQuery; assumed: boolean; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const audience = audienceFrom(body, zone, problems);
  const capCount = wholeNumber(body, 'capCount', problems);
  const capDays = wholeNumber(body, 'capDays', problems);
  const { channels, assumed } = countedChannels(body);
  return { query: { audience, channels, ...(capCount ? { capCount } : {}), ...(capDays ? { capDays } : {}) }, assumed, problems };
}

/**
 * The campaign the composer describes (a draft: everything but the name may still be missing), or the problems with
 * it, each naming its field for the error summary. Times are read in the person's zone.
 */
export function draftFrom(body: FormBody, zone: string, now: Date): { draft?: CampaignDraft; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const name = text(body.name);
  if (name.length < 1 || name.length > 200) problems.push({ field: 'name', reason: P.name });
  const audience = audienceFrom(body, zone, problems);
  const content = contentFrom(body, problems);
  const when: Pick<CampaignDraft, 'startsAt' | 'endsAt'> = {};
  for (const field of ['startsAt', 'endsAt'] as const) {
    const instant = instantFromLocal(body[field], zone);
    if (instant === undefined) problems.push({ field, reason: P.dateTime });
    else if (instant) when[field] = instant;
  }
  if (when.startsAt && when.endsAt && Date.parse(when.endsAt) <= Date.parse(when.startsAt)) problems.push({ field: 'endsAt', reason: P.endsBeforeStart });
  else if (when.endsAt && Date.parse(when.endsAt) <= now.getTime()) problems.push({ field: 'endsAt', reason: P.endsPassed });
  const window: Pick<CampaignDraft, 'windowStart' | 'windowEnd'> = {};
  for (const field of ['windowStart', 'windowEnd'] as const) {
    const value = text(body[field]);
    if (value === '') continue;
    if (CLOCK_TIME.test(value) || (field === 'windowEnd' && value === '24:00')) window[field] = value;
    else problems.push({ field, reason: P.time });
  }
  const numbers: Pick<CampaignDraft, 'perMinute' | 'capCount' | 'capDays' | 'returnWindowDays'> = {};
  for (const field of ['perMinute', 'capCount', 'capDays', 'returnWindowDays'] as const) {
    const value = wholeNumber(body, field, problems);
    if (value !== undefined) numbers[field] = value;
  }
  if (problems.length) return { problems };
  return { problems, draft: { name, audience, content, ...when, ...window, ...numbers } };
}

/** The form's values for a saved campaign (what the composer shows for a draft), times in the person's zone. */
export function formValues(campaign: Campaign, zone: string): FormBody {
  const { audience, content } = campaign;
  const day = (iso?: string) => (iso ? localInputValue(iso, zone).slice(0, 10) : '');
  return {
    name: campaign.name,
    inactiveDays: audience.inactiveDays ?? '',
    seenSince: day(audience.lastSeenAfter),
    seenBefore: day(audience.lastSeenBefore),
    regions: audience.regions ?? [],
    components: audience.components ?? [],
    plans: audience.plans ?? [],
    hasChannel: audience.hasChannel ?? '',
    smsText: content.sms?.text ?? '',
    emailSubject: content.email?.subject ?? '',
    emailText: content.email?.text ?? '',
    emailHtml: content.email?.html ?? '',
    startsAt: localInputValue(campaign.startsAt, zone),
    endsAt: localInputValue(campaign.endsAt, zone),
    windowStart: campaign.windowStart,
    windowEnd: campaign.windowEnd,
    perMinute: campaign.perMinute,
    capCount: campaign.capCount,
    capDays: campaign.capDays,
    returnWindowDays: campaign.returnWindowDays,
  };
}

/** A new campaign's form: the service's defaults, starting now and running a week. */
export function newFormValues(now: Date, zone: string): FormBody {
  return {
    startsAt: localInputValue(now.toISOString(), zone),
    endsAt: localInputValue(new Date(now.getTime() + 7 * 86_400_000).toISOString(), zone),
    windowStart: '09:00',
    windowEnd: '20:00',
    perMinute: 600,
    capCount: 2,
    capDays: 30,
    returnWindowDays: 7,
  };
}

/** The form's field a service's field name stands for (`audience.regions` → the typed regions, `content.sms.text` → the text …). */
export function formFieldOf(field: string | undefined): string {
  const known: Record<string, string> = {
    'audience.inactiveDays': 'inactiveDays',
    'audience.lastSeenAfter': 'seenSince',
    'audience.lastSeenBefore': 'seenBefore',
    'audience.regions': 'regionsOther',
    'audience.components': 'componentsOther',
    'audience.plans': 'plansOther',
    'audience.hasChannel': 'hasChannel',
    'content.sms.text': 'smsText',
    'content.email.subject': 'emailSubject',
    'content.email.text': 'emailText',
    'content.email.html': 'emailHtml',
    content: 'content',
    name: 'name',
  };
  if (!field) return 'name';
  return known[field] ?? (['startsAt', 'endsAt', 'windowStart', 'windowEnd', 'perMinute', 'capCount', 'capDays', 'returnWindowDays'].includes(field) ? field : 'name');
}

/** The service's 400 reasons as problems of the form's fields, each named by the label people see. */
export function problemsFromService(reasons: { field?: string; reason: string }[]): FieldProblem[] {
  const C = CAMPAIGNS_TEXT.composer;
  const labels: Record<string, string> = {
    name: C.name, content: CAMPAIGNS_TEXT.page.content, smsText: C.sms, emailSubject: `${C.email}, ${C.emailSubject.toLowerCase()}`, emailText: `${C.email}, ${C.emailText.toLowerCase()}`,
    emailHtml: C.emailHtml, startsAt: C.startsAt, endsAt: C.endsAt, windowStart: C.windowStart, windowEnd: C.windowEnd, perMinute: C.perMinute, capCount: C.capCount,
    capDays: C.capDays, returnWindowDays: C.returnWindowDays, inactiveDays: C.inactiveDays, seenSince: C.seenSince, seenBefore: C.seenBefore,
    regionsOther: C.regions, componentsOther: C.components, plansOther: C.plans, hasChannel: C.hasChannel,
  };
  return reasons.map((r) => {
    const field = formFieldOf(r.field);
    const label = r.field ? (labels[field] ?? r.field) : undefined;
    return { field, reason: label ? `${label}: ${r.reason}` : r.reason };
  });
}
