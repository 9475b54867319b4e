import { DateTime } from 'luxon';
import { affectedTerms } from '@prespond/contracts';
import { humanList } from '../rendering/format';
import { bySeverity, maintenanceSentence, PLEASE_HOLD } from './announcement';
import { HoldMaintenanceEntity } from './hold-maintenance.entity';
import { HoldIncidentEntity } from './hold-incident.entity';

/** What the personalised announcement needs to know about a caller: never her name (a phone line is not private). */
export interface CallerProfile {
  timeZone: string;
  locale: string;
  components: string[];
  regions: string[];
}

/** An open incident that touches the caller, in her own terms. */
export interface IncidentAffectingCaller {
  incident: HoldIncidentEntity;
  components: string[];
  regions: string[];
}

/**
 * Open incidents that touch her, most severe first: one of her components, in one of her regions (an incident that
 * names no region touches every region), the same rule as the fan-out.
 */
export function incidentsAffecting(caller: CallerProfile, incidents: HoldIncidentEntity[]): IncidentAffectingCaller[] {
  return bySeverity(incidents.filter((i) => i.status !== 'resolved')).flatMap((incident) => {
    const terms = affectedTerms(caller, incident);
    const touchesRegion = incident.regions.length === 0 || terms.regions.length > 0;
    return terms.components.length > 0 && touchesRegion ? [{ incident, ...terms }] : [];
  });
}

/** Maintenance under way that touches her (the same rule as for incidents), in her terms. */
export function maintenanceAffecting(caller: CallerProfile, windows: HoldMaintenanceEntity[]): HoldMaintenanceEntity[] {
  return windows.flatMap((window) => {
    const terms = affectedTerms(caller, window);
    const touchesRegion = window.regions.length === 0 || terms.regions.length > 0;
    return terms.components.length > 0 && touchesRegion ? [{ ...window, ...terms }] : [];
  });
}

/** "Planned maintenance on your internet in berlin is under way; it should be over by 3 PM today." */
export function callerMaintenanceSentences(windows: HoldMaintenanceEntity[], caller: CallerProfile, now: Date): string[] {
  return windows.map((w) => {
    const by = spokenEtaIn(w.endsAt, now, caller.timeZone, caller.locale);
    return maintenanceSentence(w, by ? `by ${by}` : null, true);
  });
}

/** What a known caller hears when maintenance under way touches her and no incident does. Needs at least one. */
export function callerMaintenanceAnnouncement(windows: HoldMaintenanceEntity[], caller: CallerProfile, now: Date): string {
  return ['Thank you for calling.', ...callerMaintenanceSentences(windows, caller, now), PLEASE_HOLD].join(' ');
}

/** The voice reads English; an English locale of hers (en-GB: "16:30") shapes the time, any other is read as en. */
function spokenLocale(locale: string): string {
  return /^en(-|$)/i.test(locale) ? locale : 'en';
}

/**
 * The ETA as it is said on the phone, in her zone: "4:30 PM today", "9 AM tomorrow", "4:30 PM on Thursday", or with
 * the date when it is more than a week away. Null when there is no ETA or it has passed (nothing useful to promise).
 */
export function spokenEtaIn(eta: Date, now: Date, timeZone: string, locale: string): string | null {
  if (eta.getTime() <= now.getTime()) return null;
  const loc = spokenLocale(locale);
  const at = DateTime.fromJSDate(eta).setZone(timeZone).setLocale(loc);
  const today = DateTime.fromJSDate(now).setZone(timeZone).startOf('day');
  const days = Math.round(at.startOf('day').diff(today, 'days').days);
  const time = at.toLocaleString(at.minute === 0 ? { hour: 'numeric' } : { hour: 'numeric', minute: '2-digit' });
  const day =
    days === 0 ? 'today' : days === 1 ? 'tomorrow' : days < 7 ? `on ${at.toFormat('cccc')}` : `on ${at.toLocaleString({ weekday: 'long', month: 'long', day: 'numeric' })}`;
  // Intl puts a narrow no-break space before AM/PM; speech engines read a plain space more reliably.
  return `${time} ${day}`.replace(/[\u202f\u00a0]/g, ' ');
}

function sentenceFor(affecting: IncidentAffectingCaller, caller: CallerProfile, now: Date): string {
  const { incident, components, regions } = affecting;
  const where = regions.length > 0 ? ` in ${humanList(regions)}` : '';
  const eta = incident.eta ? spokenEtaIn(incident.eta, now, caller.timeZone, caller.locale) : null;
  const fix = eta ? ` We expect it fixed by ${eta}.` : '';
  return `We know about a problem with your ${humanList(components)}${where}, and we are working on it.${fix}`;
}

/**
 * What a known caller hears on hold: only the incidents that touch her, in her terms, with the ETA in her zone, and
 * the offer of text updates about the first (most severe) one, which the TwiML wraps in a `<Gather>` (once she has
 * pressed 1 in this call, the offer becomes a reminder). Needs at least one.
 */
export function callerAnnouncement(
  affecting: IncidentAffectingCaller[],
  caller: CallerProfile,
  now: Date,
  options: { alreadyFollowing?: boolean; maintenance?: HoldMaintenanceEntity[] } = {},
): string {
  // The offer is for the most severe one: that is the incident the <Gather> action names.
  const about = `your ${humanList(affecting[0].components)}`;
  return [
    'Thank you for calling.',
    ...affecting.map((a) => sentenceFor(a, caller, now)),
    ...callerMaintenanceSentences(options.maintenance ?? [], caller, now),
    'You do not need to report it.',
    options.alreadyFollowing
      ? `We will text you updates about ${about}. ${PLEASE_HOLD}`
      : `To get text updates about ${about} at the number you are calling from, press 1. Otherwise, please hold, and the next available agent will be with you shortly.`,
  ].join(' ');
}
