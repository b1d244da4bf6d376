/**
 * The digests' and reminders' schedules (src/modules/notifications/notification.schedules.ts):
 * each time computed in the schedule's time zone, across daylight saving, and sent once at it,
 * also when it is further away than one timer can wait.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { keepSchedules, nextTime } from '../../src/modules/notifications/notification.schedules';

const chicago = { cron: '0 7 * * *', timeZone: 'America/Chicago' };

describe('notification schedules', () => {
  afterEach(() => vi.useRealTimers());

  it("computes a schedule's next time in its time zone, daylight saving included", () => {
    expect(nextTime(chicago, new Date('2026-12-04T12:00:00Z')).toISOString()).toBe('2026-12-04T13:00:00.000Z');
    expect(nextTime(chicago, new Date('2026-12-04T13:00:00Z')).toISOString()).toBe('2026-12-05T13:00:00.000Z');
    // 2027-03-14: Chicago moves to CDT (UTC-5) at 2:00.
    expect(nextTime(chicago, new Date('2027-03-13T14:00:00Z')).toISOString()).toBe('2027-03-14T12:00:00.000Z');
    expect(nextTime({ cron: '0 7 * * 1', timeZone: 'America/Chicago' }, new Date('2026-12-04T12:00:00Z')).toISOString()).toBe('2026-12-07T13:00:00.000Z');
  });

  it('sends at each time, once, and waits for a time months away in steps without sending early', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-04T12:59:00Z') });
    const daily: Date[] = [];
    const yearly: Date[] = [];
    const stop = keepSchedules(
      [
        { name: 'daily', ...chicago, send: async (at) => void daily.push(at) },
        { name: 'yearly', cron: '0 0 1 6 *', timeZone: 'UTC', send: async (at) => void yearly.push(at) },
      ],
      pino({ level: 'silent' }),
    );
    await vi.advanceTimersByTimeAsync(59_000);
    expect(daily).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(daily.map((at) => at.toISOString())).toEqual(['2026-12-04T13:00:00.000Z']);
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(daily).toHaveLength(2);
    // June 1st is more than 2^31 ms (24.8 days) away: the wait is taken in steps.
    await vi.advanceTimersByTimeAsync(Date.parse('2027-05-31T23:59:59Z') - Date.now());
    expect(yearly).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(yearly.map((at) => at.toISOString())).toEqual(['2027-06-01T00:00:00.000Z']);
    stop();
    const sent = daily.length;
    await vi.advanceTimersByTimeAsync(7 * 24 * 3600_000);
    expect(daily).toHaveLength(sent);
  });
});
