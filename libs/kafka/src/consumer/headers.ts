/** Headers the consumer mechanism adds to events it parks for retry or dead-letters. */
export const RetryHeaders = {
  /** How many retries this is (1 for the first). */
  attempt: 'x-retry-attempt',
  /** Epoch milliseconds before which the retry is not tried. */
  notBefore: 'x-retry-not-before',
  /** The service whose handler failed: only that service handles the retried event. */
  for: 'x-retry-for',
  /** The last error, for people reading the topic. */
  error: 'x-retry-error',
} as const;

/** Kafka headers as @nestjs/microservices hands them over (already decoded to strings). */
export function headerString(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return value == null ? undefined : Buffer.isBuffer(value) ? value.toString() : String(value);
}

/** A consumed message's headers as plain strings, to send on with a message of ours. */
export function stringHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) {
    const value = headerString(headers, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Topics that have a `@HandleEvent` handler in this process: the retry mover watches their retry topics. */
export const HANDLED_TOPICS = new Set<string>();
