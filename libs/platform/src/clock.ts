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

/**
 * A clock that runs like the system clock from a point it can be moved to: end-to-end tests move every service's
 * time over HTTP (see TestClockController) and time keeps flowing from there, so timers and deadlines behave as in
 * production without anyone waiting for them.
 */
export class ShiftableClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** From now on, "now" is `time` (and moves on with the system clock). */
  set(time: Date): void {
    this.offsetMs = time.getTime() - Date.now();
  }

  advance(ms: number): Date {
    this.offsetMs += ms;
    return this.now();
  }
}
