/**
 * Where "now" comes from. Services inject the Clock instead of calling `new Date()` where time decides behaviour
 * (promise deadlines, digests, follow-ups), so tests can move time instead of waiting for it.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still until told to move (tests). */
export class ManualClock extends Clock {
  private current: number;

  constructor(start: Date = new Date()) {
    super();
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }

  set(time: Date): void {
    this.current = time.getTime();
  }
}
