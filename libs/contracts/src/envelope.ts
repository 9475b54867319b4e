import { z } from 'zod';
import { instantSchema } from './date-time';

/**
 * A date-time with an offset, e.g. `2026-11-22T14:30:00.000Z`, by the one rule of every API and event (see
 * date-time.ts): a malformed one (30 February, 24:00, no offset) breaks the contract and is dead-lettered.
 */
export const instant = instantSchema;

/**
 * Every event on every topic travels in this envelope. `type` says what happened (past tense), `version` which
 * shape `data` has; a consumer that meets a type or version it does not know dead-letters the event rather than guess.
 */
export function envelope<T extends string, D extends z.ZodTypeAny>(type: T, version: number, data: D) {
  return z.object({
    /** Unique per event; consumers may use it to drop redeliveries. */
    id: z.string().uuid(),
    type: z.literal(type),
    version: z.literal(version),
    occurredAt: instant,
    data,
  });
}
