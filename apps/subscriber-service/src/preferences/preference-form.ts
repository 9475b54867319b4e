import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { CHANNELS, Channel } from '@prespond/contracts';
import { FieldError } from '@prespond/platform';
import { UpdateSubscriberDto } from '../subscribers/dto/subscriber.dto';
import { SubscriberEntity } from '../subscribers/subscriber.entity';

/** The preference form as the browser posts it (application/x-www-form-urlencoded): strings, or lists for repeated names. */
export type PreferenceForm = Record<string, string | string[] | undefined>;

/** The form's field names, shared with the template (each input's `name` and `id`). */
export const FORM_FIELDS = [
  'channels', 'email', 'phone', 'components', 'regions', 'cadence', 'digestHours', 'criticalOverride', 'quietHours',
  'quietHoursStart', 'quietHoursEnd', 'timeZone', 'quietHoursIncidents', 'quietHoursCritical', 'marketingConsent',
] as const;

/**
 * What the page's own words are, kept with each consent change it makes (consent_record.wording): the labels she saw
 * next to the boxes she ticked or cleared.
 */
export const PAGE_WORDING = {
  channels: 'How should we reach you? Text messages (SMS) / Email. A channel you clear gets nothing at all from us.',
  marketing: 'Yes, send me offers and news on the channels I chose above.',
  unsubscribeAll: 'Unsubscribe from everything: no more messages of any kind from us, on any channel.',
};

/** A clearer word than the validator's for the fields a customer types into. */
const FRIENDLY: Partial<Record<string, string>> = {
  email: 'Enter an email address like name@example.com, or leave it empty.',
  phone: 'Enter a mobile number with its country code, like +49 151 12345678, or leave it empty.',
  components: 'Use names made of letters, digits and dashes, separated by commas (for example: internet, tv).',
  regions: 'Use names made of letters, digits and dashes, separated by commas (for example: berlin, north).',
  digestHours: 'Enter a whole number of hours from 1 to 168.',
  quietHoursStart: 'Enter a time like 21:00.',
  quietHoursEnd: 'Enter a time like 08:00.',
  timeZone: 'Choose your time zone from the list.',
  channels: 'Choose at least one way to reach you, or use "Unsubscribe from everything" below.',
};

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v)?.trim() ?? '';
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const ticked = (v: string | string[] | undefined) => one(v) !== '';
const list = (v: string | string[] | undefined) => one(v).split(/[,\s]+/).filter(Boolean);

/**
 * The change the form asks for, as the API's UpdateSubscriberDto (validated by the same decorators as the API), or
 * the errors per field. A box she cleared is absent from the post: every checkbox here is the whole truth about its
 * choice. The channels she ticks are hers, the ones she clears are opted out (nothing at all is sent there).
 */
export async function preferenceChange(form: PreferenceForm): Promise<{ dto: UpdateSubscriberDto; errors: FieldError[] }> {
  const channels = many(form.channels).filter((c): c is Channel => (CHANNELS as readonly string[]).includes(c));
  const quietHours = one(form.quietHours) !== 'none';
  const plain = {
    channels,
    optedOutChannels: CHANNELS.filter((c) => !channels.includes(c)),
    email: one(form.email) || null,
    // People type spaces, dashes and brackets; the API's validator wants E.164.
    phone: one(form.phone).replace(/[\s\-().]/g, '') || null,
    components: list(form.components),
    regions: list(form.regions),
    cadence: one(form.cadence) || null,
    digestHours: one(form.digestHours) === '' ? null : Number(one(form.digestHours)),
    criticalOverride: ticked(form.criticalOverride),
    quietHoursStart: quietHours ? one(form.quietHoursStart) || null : null,
    quietHoursEnd: quietHours ? one(form.quietHoursEnd) || null : null,
    timeZone: one(form.timeZone),
    quietHoursIncidents: one(form.quietHoursIncidents) || 'send',
    quietHoursCritical: ticked(form.quietHoursCritical),
    marketingConsent: ticked(form.marketingConsent),
  };
  const dto = plainToInstance(UpdateSubscriberDto, plain);
  const errors = flatten(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
  // "Quiet hours" chosen with no times: both null would silently mean none.
  const noTimes = quietHours && plain.quietHoursStart === null && plain.quietHoursEnd === null;
  const found = friendly(errors);
  if (noTimes) found.push({ field: 'quietHoursStart', reason: 'Enter when your quiet hours start and end, or choose "No quiet hours".' });
  return { dto, errors: found.sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field)) };
}

/** What the API's own checks (SubscribersService) say, in words for her. */
const MISSING: Partial<Record<string, string>> = {
  phone: 'Enter your mobile number to get text messages, or clear "Text messages (SMS)".',
  email: 'Enter your email address to get email, or clear "Email".',
};

/**
 * One message per field, in the form's order, in words for her: the validator's errors (`reasons: 'ours'`) get a clear
 * sentence per field; the service's checks (`'theirs'`, a missing address) their own.
 */
export function friendly(errors: FieldError[], reasons: 'ours' | 'theirs' = 'ours'): FieldError[] {
  const byField = new Map<string, string>();
  for (const e of errors) {
    const field = e.field === 'optedOutChannels' ? 'channels' : e.field;
    const words = reasons === 'ours' ? FRIENDLY[field] : /required/.test(e.reason) ? MISSING[field] : undefined;
    if (!byField.has(field)) byField.set(field, words ?? capitalise(e.reason));
  }
  return [...byField].map(([field, reason]) => ({ field, reason })).sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field));
}

/** The form's values for a subscriber as she is (what the page shows before she changes anything). */
export function formOf(s: SubscriberEntity): PreferenceForm {
  return {
    channels: s.channels.filter((c) => !s.optedOutChannels.includes(c)),
    email: s.email ?? '',
    phone: s.phone ?? '',
    components: s.components.join(', '),
    regions: s.regions.join(', '),
    cadence: s.cadence ?? '',
    digestHours: s.digestHours === null ? '' : String(s.digestHours),
    criticalOverride: s.criticalOverride ? 'on' : undefined,
    quietHours: s.quietHoursStart === null ? 'none' : 'on',
    quietHoursStart: s.quietHoursStart ?? '',
    quietHoursEnd: s.quietHoursEnd ?? '',
    timeZone: s.timeZone,
    quietHoursIncidents: s.quietHoursIncidents,
    quietHoursCritical: s.quietHoursCritical ? 'on' : undefined,
    marketingConsent: s.marketingConsent ? 'on' : undefined,
  };
}

/** Where a field is on the form (errors are listed in that order). */
function fieldOrder(field: string): number {
  return (FORM_FIELDS as readonly string[]).indexOf(field) + 1 || 99;
}

function flatten(errors: ValidationError[]): FieldError[] {
  return errors.flatMap((e) => Object.values(e.constraints ?? {}).map((reason) => ({ field: e.property, reason })));
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
