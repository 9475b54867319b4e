import { z } from 'zod';

/** ISO-8601 instant with an offset, e.g. `2026-11-22T14:30:00.000Z`. */
export const instant = z.string().datetime({ offset: true });

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
