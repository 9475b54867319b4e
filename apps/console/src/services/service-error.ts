/** A service did not answer in time, or could not be reached: the page says so; nothing was changed by the console. */
export class ServiceUnavailable extends Error {
  constructor(
    readonly service: string,
    why: string,
  ) {
    super(`${service} is not answering (${why})`);
  }
}

/** A service refused what the console asked for its person (400, 403, 404, 409 …): the page shows its reason. */
export class ServiceRefused extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${service} answered ${status}: ${typeof body === 'object' && body && 'message' in body ? JSON.stringify((body as { message: unknown }).message) : String(body)}`);
  }

  /** The service's reasons, field by field when it named fields (`{ field, reason }` or "field: reason" lines). */
  get reasons(): { field?: string; reason: string }[] {
    const body = this.body as { message?: unknown; errors?: unknown } | undefined;
    const list = Array.isArray(body?.errors) ? body.errors : Array.isArray(body?.message) ? body.message : body?.message !== undefined ? [body.message] : [];
    return list.map((entry) => {
      if (entry && typeof entry === 'object' && 'reason' in entry) return { field: String((entry as { field?: unknown }).field ?? ''), reason: String((entry as { reason: unknown }).reason) };
      const text = String(entry);
      const match = text.match(/^([A-Za-z0-9_.[\]]+): (.*)$/);
      return match ? { field: match[1], reason: match[2] } : { reason: text };
    });
  }
}
