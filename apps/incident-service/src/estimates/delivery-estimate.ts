import { DeliveryRates, IncidentAudience } from '@prespond/contracts';

/** How many messages go out on one channel, and how long that takes at the channel's rate. */
export interface ChannelEstimate {
  count: number;
  /** null: no rate limit set, so no time can be given. */
  perSecond: number | null;
  /** Whole seconds, rounded up; null without a rate. */
  seconds: number | null;
}

/** What ops are told when they declare: the figures and one line in plain words. */
export interface DeliveryEstimate {
  sms: ChannelEstimate;
  email: ChannelEstimate;
  /** e.g. "12,345 SMS at 100/s: about 2 minutes; 12,000 emails, no rate limit set". */
  text: string;
}

const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** The audience at the messenger's rates: how long the first message of an incident takes to reach everyone. */
export function estimateDelivery(audience: IncidentAudience, rates: DeliveryRates): DeliveryEstimate {
  const sms = channelEstimate(audience.sms, rates.sms.perSecond);
  const email = channelEstimate(audience.email, rates.email.perSecond);
  return { sms, email, text: `${describe(sms, 'SMS', 'SMS')}; ${describe(email, 'email', 'emails')}` };
}

function channelEstimate(count: number, perSecond: number | null): ChannelEstimate {
  return { count, perSecond, seconds: perSecond === null ? null : Math.ceil(count / perSecond) };
}

function describe(estimate: ChannelEstimate, one: string, many: string): string {
  if (estimate.count === 0) return `no ${many}`;
  const what = `${numbers.format(estimate.count)} ${estimate.count === 1 ? one : many}`;
  if (estimate.perSecond === null) return `${what}, no rate limit set`;
  return `${what} at ${numbers.format(estimate.perSecond)}/s: ${duration(estimate.count / estimate.perSecond)}`;
}

/** "under a second", "about 40 seconds", "about 2 minutes", "about 5 hours": as precise as an estimate is. */
export function duration(seconds: number): string {
  const plural = (n: number, unit: string) => `about ${numbers.format(n)} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 1) return 'under a second';
  if (Math.round(seconds) < 60) return plural(Math.round(seconds), 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return plural(minutes, 'minute');
  return plural(Math.round(seconds / 3600), 'hour');
}
