/**
 * How long to wait before opening again what graphql-ws ended for good (a
 * subscription or the editor's socket after a final close such as 4500):
 * from REOPEN_FIRST_MS, doubling with each final close in a row, at most
 * REOPEN_MAX_MS, with jitter so that the clients a hub ended together do not
 * all come back together. A hub that answers 4500 every time then sees each
 * client about once a minute, not every 3 s.
 */

/** The wait (before jitter) after the first final close. */
export const REOPEN_FIRST_MS = 3_000;
/** The longest wait (before jitter). */
export const REOPEN_MAX_MS = 60_000;
/**
 * A reopened subscription that lasts this long before ending for good again
 * counts as recovered: its next final close waits from REOPEN_FIRST_MS
 * again. Lifetime rather than a delivered result: a live list may rightly
 * hear nothing for an hour, and a hub that fails on each delivery must not
 * be called every 3 s either.
 */
export const REOPEN_HEALTHY_AFTER_MS = 30_000;

/**
 * The wait before the `failures`th reopen in a row (1: the first): its
 * ceiling doubles from REOPEN_FIRST_MS up to REOPEN_MAX_MS, and the wait is
 * drawn between half the ceiling and the ceiling ("equal jitter": never
 * shorter than half, so the cap still holds back a hub in trouble).
 * `random` returns a number in [0, 1), as Math.random does.
 */
export function reopenDelay(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(REOPEN_FIRST_MS * 2 ** Math.max(0, failures - 1), REOPEN_MAX_MS);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** One subscription's (or socket's) run of final closes: when it was opened, and how many ended it in a row. */
export interface ReopenBackoff {
  /** The subscription was opened (or the socket connected) at `now`. */
  opened(now?: number): void;
  /** It ended for good at `now`: the wait before opening it again. */
  next(now?: number): number;
  /** Final closes in a row so far. */
  readonly failures: number;
}

export function reopenBackoff(random: () => number = Math.random): ReopenBackoff {
  let failures = 0;
  let openedAt: number | undefined;
  return {
    opened(now = Date.now()) {
      openedAt = now;
    },
    next(now = Date.now()) {
      if (openedAt !== undefined && now - openedAt >= REOPEN_HEALTHY_AFTER_MS) failures = 0;
      openedAt = undefined;
      failures += 1;
      return reopenDelay(failures, random);
    },
    get failures() {
      return failures;
    },
  };
}
