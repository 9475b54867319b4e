import { IncidentStatus, MaintenanceState, Severity } from '@prespond/contracts';
import { ComponentStatus, PublicMaintenance } from './status-model';

/** The public words for each state, the same on the page and in the feeds (the JSON keeps Statuspage's codes). */
export const INCIDENT_STATUS_WORDS: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Cause identified, being fixed',
  monitoring: 'Fixed, being monitored',
  resolved: 'Resolved',
};

export const SEVERITY_WORDS: Record<Severity, string> = { minor: 'Minor', major: 'Major', critical: 'Critical' };

export const MAINTENANCE_STATE_WORDS: Record<MaintenanceState, string> = { scheduled: 'Planned', in_progress: 'Under way', completed: 'Completed', cancelled: 'Cancelled' };

export const MAINTENANCE_ENTRY_WORDS: Record<PublicMaintenance['timeline'][number]['kind'], string> = {
  scheduled: 'Planned',
  rescheduled: 'Moved',
  started: 'Under way',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** A component's state in words for people, beside its colour (never the colour alone). */
export const STATUS_WORDS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

/** "internet, tv, and phone": a list as the page writes it. */
export function inWords(items: string[]): string {
  return new Intl.ListFormat('en', { type: 'conjunction' }).format(items);
}
