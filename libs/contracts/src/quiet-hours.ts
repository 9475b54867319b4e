/**
 * Quiet hours: a span of her local day (in her own time zone) when non-urgent messages wait. `start` and `end` are
 * local wall-clock times `HH:MM`; a span may cross midnight (21:00–08:00). Both null: no quiet hours.
 */
export interface QuietHours {
  start: string | null;
  end: string | null;
}

/** What everyone gets until she chooses: nothing between 21:00 and 08:00 her time. */
export const DEFAULT_QUIET_HOURS = { start: '21:00', end: '08:00' } as const;

/**
 * What incident updates do in her quiet hours: `send` at once (the default: a traffic report is news she is waiting
 * for), or `wait` for the end of them (then only a critical one breaks them, and only if she allowed it). Non-urgent messages
 * (campaigns, welcome-backs, renewal reminders) always wait; answers to a text she just sent never do.
 */
export const QUIET_HOURS_INCIDENT_CHOICES = ['wait', 'send'] as const;
export type QuietHoursIncidentChoice = (typeof QUIET_HOURS_INCIDENT_CHOICES)[number];

/** `HH:MM`, 00:00 to 23:59. */
export const LOCAL_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Her quiet-hours settings until she chooses. */
export const DEFAULT_QUIET_HOURS_INCIDENTS: QuietHoursIncidentChoice = 'send';
