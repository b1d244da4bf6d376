/** When the web app reopens what graphql-ws ended for good (src/web/shell/reopen-backoff.ts): capped, jittered, reset once healthy. */
import { describe, expect, it } from 'vitest';
import { REOPEN_FIRST_MS, REOPEN_HEALTHY_AFTER_MS, REOPEN_MAX_MS, reopenBackoff, reopenDelay } from '../../src/web/shell/reopen-backoff';

const lowest = () => 0;
const highest = () => 0.999999;

describe('reopenDelay', () => {
  it('doubles its ceiling from 3 s with each final close in a row, up to 60 s', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => reopenDelay(n, highest));
    expect(ceilings).toEqual([3_000, 6_000, 12_000, 24_000, 48_000, 60_000, 60_000, 60_000, 60_000]);
    expect(REOPEN_FIRST_MS).toBe(3_000);
    expect(REOPEN_MAX_MS).toBe(60_000);
  });

  it('draws each wait between half its ceiling and the ceiling', () => {
    expect(reopenDelay(1, lowest)).toBe(1_500);
    expect(reopenDelay(3, lowest)).toBe(6_000);
    expect(reopenDelay(10, lowest)).toBe(30_000);
    expect(reopenDelay(10, () => 0.5)).toBe(45_000);
  });

  it('spreads clients that the hub ended at the same moment', () => {
    let seed = 7;
    // A small deterministic generator (a linear congruential one), standing in for Math.random.
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const waits = Array.from({ length: 100 }, () => reopenDelay(6, random));
    expect(new Set(waits).size).toBeGreaterThan(90);
    for (const wait of waits) {
      expect(wait).toBeGreaterThanOrEqual(30_000);
      expect(wait).toBeLessThanOrEqual(60_000);
    }
  });
});

describe('reopenBackoff', () => {
  it('waits longer each time a reopened subscription is ended again at once, and holds at the cap', () => {
    const backoff = reopenBackoff(highest);
    const waits: number[] = [];
    let now = 0;
    for (let i = 0; i < 8; i++) {
      backoff.opened(now);
      now += 100; // the hub answers 4500 straight away
      const wait = backoff.next(now);
      waits.push(wait);
      now += wait;
    }
    expect(waits).toEqual([3_000, 6_000, 12_000, 24_000, 48_000, 60_000, 60_000, 60_000]);
    expect(backoff.failures).toBe(8);
    // Ten minutes of a hub that always answers 4500: 14 subscriptions from this client, not 200.
    let opens = 0;
    for (let t = 0, b = reopenBackoff(highest); t < 600_000; opens++) {
      b.opened(t);
      t += b.next(t + 100) + 100;
    }
    expect(opens).toBe(14);
  });

  it('starts again from the first wait once a reopened subscription has lasted a while', () => {
    const backoff = reopenBackoff(highest);
    backoff.opened(0);
    expect(backoff.next(10)).toBe(3_000);
    backoff.opened(3_010);
    expect(backoff.next(3_020)).toBe(6_000);
    backoff.opened(9_020);
    // This one lived REOPEN_HEALTHY_AFTER_MS before the hub ended it.
    expect(backoff.next(9_020 + REOPEN_HEALTHY_AFTER_MS)).toBe(3_000);
    expect(backoff.failures).toBe(1);
  });

  it('keeps counting when a final close comes without a recorded open (a socket that never connected)', () => {
    const backoff = reopenBackoff(highest);
    expect(backoff.next(0)).toBe(3_000);
    expect(backoff.next(REOPEN_HEALTHY_AFTER_MS * 10)).toBe(6_000);
  });
});
