import { DateTime } from 'luxon';
import { IncidentStatus } from '@prespond/contracts';

/** The ways a time is shown to her, as Intl.DateTimeFormat options. */
const STYLES = {
  /** "Sun, Nov 22, 10:30 AM EST" (en), "Sun 22 Nov, 16:30 CET" (en-GB) */
  moment: { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  /** "2:10 PM" (en), "14:10" (en-GB) */
  clock: { hour: 'numeric', minute: 'numeric' },
  /** "Monday, March 2, 2026" (en), "Monday, 2 March 2026" (en-GB) */
  day: { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Intl's formatter of a style in her zone and language, made once per combination and kept (a fan-out renders the
 * same few combinations hundreds of thousands of times). A zone or language Intl does not know shows UTC in English
 * rather than failing the message.
 */
function formatter(style: keyof typeof STYLES, timeZone: string, locale: string): Intl.DateTimeFormat {
  const key = `${style} ${locale} ${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { ...STYLES[style], timeZone });
    } catch {
      format = new Intl.DateTimeFormat('en', { ...STYLES[style], timeZone: 'UTC' });
    }
    formatters.set(key, format);
  }
  return format;
}

/** A moment in the customer's own zone and language, e.g. "Sun, Nov 22, 10:30 AM EST" (en) or "Sun 22 Nov, 16:30 CET" (en-GB). */
export function localTime(iso: string, timeZone: string, locale: string): string {
  return formatter('moment', timeZone, locale).format(new Date(iso));
}

/**
 * A span of time in her zone and language, said once where both ends share it: "Sun, Dec 6, 9:00 – 11:00 PM GMT+1",
 * or "Sun, Dec 6, 11:00 PM GMT+1 – Mon, Dec 7, 1:00 AM GMT+1" across midnight (Intl's formatRange).
 */
export function localSpan(fromIso: string, toIso: string, timeZone: string, locale: string): string {
  return formatter('moment', timeZone, locale).formatRange(new Date(fromIso), new Date(toIso));
}

/** The time of day in her zone and language, e.g. "2:10 PM" (en) or "14:10" (en-GB): for updates of the same day. */
export function localClockTime(iso: string, timeZone: string, locale: string): string {
  return formatter('clock', timeZone, locale).format(new Date(iso));
}

/** A day in her zone and language, e.g. "Monday, March 2, 2026" (en) or "Monday, 2 March 2026" (en-GB). */
export function localDate(iso: string, timeZone: string, locale: string): string {
  return formatter('day', timeZone, locale).format(new Date(iso));
}

/** What the status means, in plain words. */
export const STATUS_WORDS: Record<IncidentStatus, string> = {
  investigating: 'We are looking into it.',
  identified: 'We have found the cause and are fixing it.',
  monitoring: 'A fix is in place and we are watching it closely.',
  resolved: 'It is fixed.',
};

/** "internet and tv", "internet, tv and phone". */
export function humanList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
