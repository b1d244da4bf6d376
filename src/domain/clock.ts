/**
 * The hub's clock: deadlines (application windows) are judged by `now()`.
 * Production runs on the real clock; tests start a hub with a `ManualClock`
 * (`startTestHub(env, { clock })`) and move it past a deadline.
 */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved: for tests only. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date): void {
    this.current = at.getTime();
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}
