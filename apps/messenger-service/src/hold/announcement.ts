import { DateTime } from 'luxon';
import { Severity } from '@prespond/contracts';
import { humanList } from '../rendering/format';
import { HoldIncidentEntity } from './hold-incident.entity';

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, major: 1, minor: 2 };

export const CALM_ANNOUNCEMENT =
  'Thank you for calling. All our services are running normally. Please hold, and the next available agent will be with you shortly.';

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

/** The announcement callers hear on hold: each open incident, most severe first, or a calm default. */
export function holdAnnouncement(incidents: HoldIncidentEntity[], now = new Date()): string {
  if (incidents.length === 0) return CALM_ANNOUNCEMENT;
  const sentences = bySeverity(incidents).map((i) => sentenceFor(i, now));
  return [
    'Thank you for calling.',
    ...sentences,
    'You do not need to report it. Please hold, and the next available agent will be with you shortly.',
  ].join(' ');
}
