import { z } from 'zod';
import { envelope, instant } from '../envelope';

/**
 * A promised update time is close and no update has been posted: ops should post one. Version 1.
 * Topic `incident.alerts`, key: incident id. If nobody does, the watchdog sends a holding update at the deadline.
 */
export const PromiseAtRiskV1 = envelope(
  'incident.promise-at-risk',
  1,
  z.object({
    incidentId: z.string().uuid(),
    title: z.string(),
    promiseId: z.string().uuid(),
    /** The "next update by" time that was promised to customers. */
    dueAt: instant,
  }),
);

export const IncidentAlertSchema = z.discriminatedUnion('type', [PromiseAtRiskV1]);
export type IncidentAlertEvent = z.infer<typeof IncidentAlertSchema>;
