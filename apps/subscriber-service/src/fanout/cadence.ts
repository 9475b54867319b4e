import { Cadence, DEFAULT_CADENCE_BY_SEVERITY, IncidentChangeType, IncidentStatus, Severity } from '@prespond/contracts';

/** Her cadence preferences, as subscriber-service stores them. */
export interface CadencePreference {
  /** Null: the default for the incident's severity. */
  cadence: Cadence | null;
  /** Critical incidents reach her on every update, whatever her cadence. */
  criticalOverride: boolean;
}

/** The cadence that applies to her for an incident of this severity. */
export function effectiveCadence(pref: CadencePreference, severity: Severity): Cadence {
  if (severity === 'critical' && pref.criticalOverride) return 'every-update';
  return pref.cadence ?? DEFAULT_CADENCE_BY_SEVERITY[severity];
}

/** A change that milestone subscribers hear about: declared, the cause identified (first time), resolved. */
export function isMilestone(type: IncidentChangeType, status: IncidentStatus, previousStatus: IncidentStatus | null | undefined): boolean {
  if (type === 'incident.declared' || type === 'incident.resolved') return true;
  return status === 'identified' && previousStatus !== 'identified';
}

/** What the fan-out does with one incident change for one subscriber: send it now, hold it for her digest, or skip it. */
export type CadenceDecision = 'now' | 'digest' | 'skip';

export function cadenceDecision(
  pref: CadencePreference,
  change: { type: IncidentChangeType; severity: Severity; status: IncidentStatus; previousStatus?: IncidentStatus | null },
): CadenceDecision {
  switch (effectiveCadence(pref, change.severity)) {
    case 'every-update':
      return 'now';
    case 'milestones':
      return isMilestone(change.type, change.status, change.previousStatus) ? 'now' : 'skip';
    case 'digest':
      return 'digest';
    case 'resolution-only':
      return change.type === 'incident.resolved' ? 'now' : 'skip';
  }
}
