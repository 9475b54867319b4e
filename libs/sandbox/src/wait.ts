export interface WaitOptions {
  /** Give up after this many milliseconds. */
  timeoutMs?: number;
  /** Pause between attempts. */
  intervalMs?: number;
  /** Said in the error when the deadline passes. */
  description?: string;
}

/**
 * Polls `probe` until it returns a value other than `undefined`/`false`, or throws after the deadline.
 * Errors thrown by the probe count as "not yet" and the last one is reported on timeout.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 30_000, intervalMs = 200, description = 'condition' }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${reason}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
