import { z } from 'zod';

/**
 * HTTP contract, not an event: subscriber-service answers `GET /audience/count?components=…&regions=…` with how many
 * subscribers an incident on those components and regions reaches (matched as the fan-out matches them), and how
 * many of them by SMS and by email (chose the channel, have an address there, not opted out). Version 1.
 */
export const IncidentAudienceSchema = z.object({
  subscribers: z.number().int().nonnegative(),
  sms: z.number().int().nonnegative(),
  email: z.number().int().nonnegative(),
});
export type IncidentAudience = z.infer<typeof IncidentAudienceSchema>;
