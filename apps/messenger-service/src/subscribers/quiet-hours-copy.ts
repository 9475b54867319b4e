import { LOCAL_TIME_PATTERN, SubscriberSnapshot } from '@prespond/contracts';
import { DEFAULT_QUIET_HOURS_SETTINGS, QuietHoursSettings } from '../quiet-hours/quiet-hours-policy';

/**
 * Her quiet-hours settings from a `subscriber.changed` snapshot. Snapshots from before quiet hours lack them: the
 * defaults (what subscriber-service gave everyone). An explicit null start and end means none. A pair that does not
 * make sense (one bound only, or not `HH:MM`: the contract leaves the strings open) is not guessed at either: the
 * defaults, the cautious side for a message that can wait.
 */
export function quietHoursFromSnapshot(s: SubscriberSnapshot): { settings: QuietHoursSettings; valid: boolean } {
  const d = DEFAULT_QUIET_HOURS_SETTINGS;
  const start = s.quietHoursStart === undefined ? d.start : s.quietHoursStart;
  const end = s.quietHoursEnd === undefined ? d.end : s.quietHoursEnd;
  const bothOrNeither = (start === null) === (end === null);
  const wellFormed = [start, end].every((t) => t === null || LOCAL_TIME_PATTERN.test(t));
  const valid = bothOrNeither && wellFormed;
  return {
    valid,
    settings: {
      start: valid ? start : d.start,
      end: valid ? end : d.end,
      incidents: s.quietHoursIncidents ?? d.incidents,
      critical: s.quietHoursCritical ?? d.critical,
    },
  };
}
