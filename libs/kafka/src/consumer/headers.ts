/** Headers the consumer mechanism adds to events it parks for retry or dead-letters. */
export const RetryHeaders = {
  /** How many retries from the retry topic this is (1 for the first). */
  attempt: 'x-retry-attempt',
  /** Epoch milliseconds before which the retry is not tried. */
  notBefore: 'x-retry-not-before',
  /** The last error, for people reading the topic. */
  error: 'x-retry-error',
} as const;

/** Kafka headers as @nestjs/microservices hands them over (already decoded to strings). */
export function headerString(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return value == null ? undefined : String(value);
}
