import { DEFAULT_QUIET_HOURS, DEFAULT_QUIET_HOURS_INCIDENTS, QuietHours, QuietHoursIncidentChoice } from '@prespond/contracts';
import { quietHoursAt } from './quiet-hours';

/**
 * How a message stands towards her quiet hours (kept on each message as `urgency`):
 * - `non-urgent`: campaigns, welcome-backs, renewal reminders, the follow-up question: always wait;
 * - `incident`: an incident update: follows her choice (`send` at once, or `wait`);
 * - `critical-incident`: an update of a critical incident: like `incident`, but breaks them if she allowed it;
 * - `reply`: an answer to a text she just sent (a keyword confirmation, the follow-up acknowledgement): never waits.
 */
export const URGENCIES = ['non-urgent', 'incident', 'critical-incident', 'reply'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Her quiet-hours settings, as the messenger's copy of her holds them. */
export interface QuietHoursSettings extends QuietHours {
  incidents: QuietHoursIncidentChoice;
  critical: boolean;
}

/** What a subscriber the messenger has no copy of yet gets: 21:00–08:00, incident updates at once, no critical override. */
export const DEFAULT_QUIET_HOURS_SETTINGS: QuietHoursSettings = {
  ...DEFAULT_QUIET_HOURS,
  incidents: DEFAULT_QUIET_HOURS_INCIDENTS,
  critical: false,
};

/** Whether her quiet hours hold a message of this urgency at all. */
export function heldByQuietHours(urgency: Urgency, settings: QuietHoursSettings): boolean {
  switch (urgency) {
    case 'reply':
      return false;
    case 'non-urgent':
      return true;
    case 'incident':
      return settings.incidents === 'wait';
    case 'critical-incident':
      return settings.incidents === 'wait' && !settings.critical;
  }
}

/** When a message of this urgency may go to her, if not now: the end of her quiet hours; null means now. */
export function deferUntil(now: Date, timeZone: string, urgency: Urgency, settings: QuietHoursSettings): Date | null {
  if (!heldByQuietHours(urgency, settings)) return null;
  const verdict = quietHoursAt(now, timeZone, settings);
  return verdict.quiet ? verdict.until : null;
}
