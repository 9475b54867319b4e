import { Severity } from './events/incident-changed';

/**
 * How often a subscriber wants to hear about an incident:
 * - `every-update`: each update as it is posted;
 * - `milestones`: the declaration, the moment the cause is identified, and the resolution;
 * - `digest`: at most one message every N hours, the updates in between combined (the first and the resolution go
 *   out at once);
 * - `resolution-only`: only that it is fixed.
 */
export const CADENCES = ['every-update', 'milestones', 'digest', 'resolution-only'] as const;
export type Cadence = (typeof CADENCES)[number];

/** What a subscriber gets when she has not chosen: the more severe, the more often. */
export const DEFAULT_CADENCE_BY_SEVERITY: Record<Severity, Cadence> = {
  critical: 'every-update',
  major: 'every-update',
  minor: 'milestones',
};

/** A digest's window when she asked for one without saying how long. */
export const DEFAULT_DIGEST_HOURS = 4;
