import { DateTime } from 'luxon';
import { Severity } from '@prespond/contracts';
import { humanList } from '../rendering/format';
import { HoldIncidentEntity } from './hold-incident.entity';
import { HoldMaintenanceEntity } from './hold-maintenance.entity';

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, major: 1, minor: 2 };

/** How every announcement ends. */
export const PLEASE_HOLD = 'Please hold, and the next available agent will be with you shortly.';

export const CALM_ANNOUNCEMENT = `Thank you for calling. All our services are running normally. ${PLEASE_HOLD}`;

/** Most severe first; among equals, the most recently declared first. */
export function bySeverity(incidents: HoldIncidentEntity[]): HoldIncidentEntity[] {
  return [...incidents].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.declaredAt.getTime() - a.declaredAt.getTime(),
  );
}

/** "about 2 hours", spoken relative to now, because a caller's time zone is not known. */
function spokenEta(eta: Date, now: Date): string | null {
  if (eta.getTime() <= now.getTime()) return null;
  return DateTime.fromJSDate(eta).toRelative({ base: DateTime.fromJSDate(now), locale: 'en' });
}

function sentenceFor(incident: HoldIncidentEntity, now: Date): string {
  const where = incident.regions.length > 0 ? ` in ${humanList(incident.regions)}` : '';
  const eta = incident.eta ? spokenEta(incident.eta, now) : null;
  const fix = eta ? ` We expect it to be fixed ${eta}.` : '';
  return `We know about a problem with ${humanList(incident.components)}${where}, and we are working on it.${fix}`;
}

/**
 * "Planned maintenance on internet in berlin is under way; it should be over in 2 hours." (`yours`: "on your
 * internet", for a known caller.)
 */
export function maintenanceSentence(window: Pick<HoldMaintenanceEntity, 'components' | 'regions'>, over: string | null, yours = false): string {
  const where = window.regions.length > 0 ? ` in ${humanList(window.regions)}` : '';
  return `Planned maintenance on ${yours ? 'your ' : ''}${humanList(window.components)}${where} is under way${over ? `; it should be over ${over}` : ''}.`;
}

/**
 * The announcement callers hear on hold: each open incident, most severe first, then the maintenance under way, or
 * a calm default.
 */
export function holdAnnouncement(incidents: HoldIncidentEntity[], now = new Date(), maintenance: HoldMaintenanceEntity[] = []): string {
  if (incidents.length === 0 && maintenance.length === 0) return CALM_ANNOUNCEMENT;
  const sentences = bySeverity(incidents).map((i) => sentenceFor(i, now));
  const works = maintenance.map((m) => maintenanceSentence(m, spokenEta(m.endsAt, now)));
  return [
    'Thank you for calling.',
    ...sentences,
    ...works,
    incidents.length > 0 ? `You do not need to report it. ${PLEASE_HOLD}` : PLEASE_HOLD,
  ].join(' ');
}
