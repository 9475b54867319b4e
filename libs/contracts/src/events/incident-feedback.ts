import { z } from 'zod';
import { envelope, instant } from '../envelope';
import { CHANNELS } from './notification-requested';

/**
 * A customer answered the follow-up after a resolution with "still having trouble": the incident is reopened for
 * her (it stays resolved for everyone else). Version 1. Topic `incident.feedback`, key: incident id.
 * At most one per (incident, subscriber): the messenger asks once and records the first answer only.
 */
export const IncidentTroubleReportedV1 = envelope(
  'incident.trouble-reported',
  1,
  z.object({
    incidentId: z.string().uuid(),
    subscriberId: z.string().uuid(),
    /** The follow-up she answered (one per incident × subscriber). */
    followUpId: z.string().uuid(),
    /** Where she answered: by SMS reply or through the email link. */
    channel: z.enum(CHANNELS),
    reportedAt: instant,
  }),
);

export const IncidentFeedbackSchema = z.discriminatedUnion('type', [IncidentTroubleReportedV1]);
export type IncidentFeedbackEvent = z.infer<typeof IncidentFeedbackSchema>;
