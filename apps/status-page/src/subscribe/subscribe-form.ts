import { ListedComponent } from '../config/env';
import { inWords } from '../model/words';

/** What she typed into the form, read leniently (a checkbox list may come as one string). */
export interface FormValues {
  name?: string;
  channel: string;
  email?: string;
  phone?: string;
  components: string[];
  regions: string[];
  cadence: string;
  timeZone: string;
  consent?: boolean;
}

export interface SubscriberServiceAnswer {
  status: number;
  body: unknown;
  fieldErrors: Record<string, string>;
  message?: string;
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value.trim() : undefined);

export function readForm(body: Record<string, unknown>): FormValues {
  return {
    name: text(body.name),
    channel: text(body.channel) ?? '',
    email: text(body.email),
    phone: text(body.phone),
    components: list(body.components),
    regions: list(body.regions),
    cadence: text(body.cadence) ?? '',
    timeZone: text(body.timeZone) ?? '',
    consent: body.consent === 'yes',
  };
}

/** "+49 (0)151 1234-5678" and "0049 151…" → "+4915112345678": the service wants E.164 and says so if it still is not. */
export function phoneAsE164(input: string | undefined): string | undefined {
  if (!input) return input;
  const digits = input.replace(/\(0\)/g, '').replace(/[\s().-]/g, '');
  return digits.startsWith('00') ? `+${digits.slice(2)}` : digits;
}

/** The words the form shows beside the consent box, recorded with her consent when she confirms. */
export function consentWording(brand: string): string {
  return `I want ${brand} to send me status updates about the services and places I chose, the way I chose. I can stop at any time: reply STOP to a text, or use the link in any email.`;
}

/** The body of POST /self-subscriptions for what she typed. */
export function toRequest(values: FormValues, wording: string): Record<string, unknown> {
  return {
    name: values.name ?? '',
    channel: values.channel,
    ...(values.channel === 'email' ? { email: values.email ?? '' } : {}),
    ...(values.channel === 'sms' ? { phone: phoneAsE164(values.phone) ?? '' } : {}),
    components: values.components,
    regions: values.regions,
    ...(values.cadence ? { cadence: values.cadence } : {}),
    timeZone: values.timeZone,
    consentWording: wording,
    consent: values.consent === true,
  };
}

/** Her cadence choices in plain words (the service's cadences; none chosen: by how serious it is). */
export function cadenceChoices(chosen: string): { value: string; words: string; checked: boolean }[] {
  return [
    { value: '', words: 'It depends on how serious it is (recommended)' },
    { value: 'every-update', words: 'Every update' },
    { value: 'milestones', words: 'When it starts, when the cause is found, and when it is fixed' },
    { value: 'resolution-only', words: 'Only when it is fixed' },
  ].map((c) => ({ ...c, checked: c.value === chosen }));
}

/** "Internet and TV", by the page's names for these tags. */
export function wordsFor(tags: string[], listed: ListedComponent[]): string {
  const names = tags.map((t) => listed.find((l) => l.tag === t)?.name ?? t);
  return inWords(names);
}

let zoneList: string[] | undefined;
/** Every IANA zone this runtime knows, for the form's zone choice (status.js picks the reader's own). */
export function zones(): string[] {
  zoneList ??= Intl.supportedValuesOf('timeZone');
  return zoneList;
}
