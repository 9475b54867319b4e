/**
 * Thrown by a handler when retrying cannot help (the event can never be handled as it is). The event goes to the
 * dead-letter topic at once. Anything else a handler throws counts as passing and is retried, within bounds.
 */
export class PermanentFailure extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'PermanentFailure';
  }
}

/**
 * Thrown when a handler knows, without trying, that it cannot succeed right now (a provider's circuit is open): the
 * event is parked on the retry topic at once, skipping the quick in-place tries, so the partition keeps moving.
 */
export class RetryLater extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLater';
  }
}

/** How often and how patiently a failed event is tried again. */
export interface RetryPolicy {
  /** Tries in place, before the event is parked on the retry topic. */
  inlineAttempts: number;
  /** Pause before the second in-place try; doubles each time. */
  inlineDelayMs: number;
  /** Tries from the retry topic, after which the event is dead-lettered. */
  retryAttempts: number;
  /** Pause before the first retry from the topic; doubles each time, up to `maxDelayMs`. */
  retryDelayMs: number;
  maxDelayMs: number;
}

/**
 * 3 quick tries in place (0.1 s, 0.2 s apart), then up to 12 from the retry topic, 1 s, 2 s, 4 s … capped at 5 min
 * (about 27 minutes in all) — enough to ride out a provider or database outage, bounded so a poison event ends up in
 * the dead-letter topic instead of looping.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  inlineAttempts: 3,
  inlineDelayMs: 100,
  retryAttempts: 12,
  retryDelayMs: 1_000,
  maxDelayMs: 300_000,
};

/** Exponential backoff with ±20 % jitter, so many parked events do not come back at the same instant. */
export function backoff(baseMs: number, attempt: number, maxMs: number, random = Math.random): number {
  const exponential = Math.min(baseMs * 2 ** (attempt - 1), maxMs);
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
