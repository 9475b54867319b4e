/** Something a service needs to do its work, checked by `GET /health/ready`. */
export interface ReadinessCheck {
  /** Shown as the key in the health report, e.g. `smtp`. */
  readonly name: string;
  /** Resolves when reachable; rejects (or times out) when not. */
  check(): Promise<void>;
}

/** Injection token: the service's own ReadinessChecks (an array), besides the database and Kafka. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** Rejects if `work` takes longer than `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    work,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
