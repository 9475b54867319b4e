import { affectedTerms, Channel } from '@prespond/contracts';

const DAY_MS = 86_400_000;

/** Days away that make an activity a return, unless WELCOME_BACK_AFTER_DAYS says otherwise. */
export const DEFAULT_WELCOME_BACK_AFTER_DAYS = 60;

/** An absence that ended with a return: from her last-seen time before it to the activity that ended it. */
export interface Absence {
  awaySince: Date;
  returnedAt: Date;
  /** Whole days away. */
  days: number;
}

/**
 * The absence this activity ends, if it is a return: she had been seen before (a first-ever activity is not a return),
 * the activity is later than that, and at least `minDays` full days lie between. A late activity older than her
 * last-seen time ends nothing.
 */
export function returnAfterAbsence(previousLastSeen: Date | null, occurredAt: Date, minDays: number): Absence | null {
  if (!previousLastSeen || occurredAt <= previousLastSeen) return null;
  const days = Math.floor((occurredAt.getTime() - previousLastSeen.getTime()) / DAY_MS);
  return days >= minDays ? { awaySince: previousLastSeen, returnedAt: occurredAt, days } : null;
}

/** How long she was away in plain words: "12 days", "about 3 weeks", "about 2 months", "about a year". */
export function awayInWords(days: number): string {
  if (days < 14) return days === 1 ? '1 day' : `${days} days`;
  if (days < 45) return `about ${Math.round(days / 7)} weeks`;
  const months = Math.round(days / 30.44);
  if (months < 12) return months === 1 ? 'about a month' : `about ${months} months`;
  const years = Math.round(days / 365.25);
  return years === 1 ? 'about a year' : `about ${years} years`;
}

/** "a", "a and b", "a, b and c". */
export function humanList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * What the fixed incidents touched of hers, in her terms ("internet in berlin and tv in berlin"); null when nothing
 * was fixed, so the message leaves the sentence out.
 */
export function fixedInWords(subscriber: { components: string[]; regions: string[] }, incidents: { components: string[]; regions: string[] }[]): string | null {
  const phrases = incidents.map((incident) => {
    const affected = affectedTerms(subscriber, incident);
    const components = humanList(affected.components.length > 0 ? affected.components : incident.components);
    return affected.regions.length > 0 ? `${components} in ${humanList(affected.regions)}` : components;
  });
  const distinct = [...new Set(phrases)];
  return distinct.length > 0 ? humanList(distinct) : null;
}

/** What a welcome-back needs to know of her to decide whether, and where, it may go. */
export interface Reachability {
  marketingConsent: boolean;
  channels: Channel[];
  optedOutChannels: Channel[];
  email: string | null;
  phone: string | null;
}

/** Where a welcome-back goes, or why it goes nowhere (it is marketing: consent first, never an opted-out channel). */
export type WelcomeBackRoute = { channels: Channel[] } | { skipped: string };

export function welcomeBackRoute(subscriber: Reachability): WelcomeBackRoute {
  if (!subscriber.marketingConsent) return { skipped: 'no marketing consent' };
  const reachable = subscriber.channels.filter((channel) => !subscriber.optedOutChannels.includes(channel) && (channel === 'sms' ? subscriber.phone : subscriber.email));
  if (reachable.length > 0) return { channels: reachable };
  return subscriber.optedOutChannels.length > 0 ? { skipped: `opted out of ${humanList(subscriber.optedOutChannels)}` } : { skipped: 'no channel to reach her on' };
}
