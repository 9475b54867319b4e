interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** How long a write may wait to gather more items, and how many it takes at most. */
export interface GroupCommitOptions {
  maxDelayMs: number;
  maxItems: number;
}

/**
 * Group commit: items are written together, one write in flight at a time. A write starts `maxDelayMs` after the
 * first item waiting for it (or at once when `maxItems` wait), so under load each write takes many items instead of
 * one statement each. `add` resolves once its item's write is done (or rejects with that write's error).
 */
export class GroupCommit<T> {
  private waiting: Waiting<T>[] = [];
  private writing = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly options: GroupCommitOptions = { maxDelayMs: 10, maxItems: 500 },
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.options.maxItems) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.options.maxDelayMs);
    });
  }

  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writing || this.waiting.length === 0) return;
    this.writing = true;
    const batch = this.waiting.splice(0, this.options.maxItems);
    try {
      await this.write(batch.map((w) => w.item));
      for (const w of batch) w.resolve();
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      this.writing = false;
      if (this.waiting.length >= this.options.maxItems) void this.flush();
      else if (this.waiting.length > 0) this.timer ??= setTimeout(() => void this.flush(), this.options.maxDelayMs);
    }
  }
}
