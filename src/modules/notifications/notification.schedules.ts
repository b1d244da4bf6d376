/**
 * The digests' and reminders' cron schedules, kept by each instance that
 * works the queue: one timer per schedule, set for its next time (computed
 * once per firing with `cron-parser`, in the schedule's time zone). At that
 * time every such instance sends the schedule's job with the same singleton
 * key, so pg-boss keeps one; the jobs' work is idempotent per time anyway.
 *
 * Why not pg-boss's own schedules: its timekeeper evaluates every stored cron
 * every 30 seconds on some instance, walking back to the previous time
 * through luxon in the time zone. Here that took 20-50 ms of CPU per
 * schedule, so 100-300 ms every 30 s with the event loop blocked, whatever
 * the hub was doing (live co-typing and fan-out included); its clock and
 * send-it workers queried the database every few seconds besides. A time
 * missed while no instance runs is missed, as with pg-boss's (which only
 * sends a cron whose time passed less than a minute ago).
 */
import cronParser from 'cron-parser';
import type { Logger } from 'pino';

/** setTimeout's longest wait (ms); a later time is waited for in steps of it. */
const LONGEST_WAIT = 2 ** 31 - 1;

export interface CronSchedule {
  name: string;
  cron: string;
  timeZone: string;
  /** Sends the schedule's job for the time `at` (every instance does, at about the same moment: dedupe by `at`). */
  send(at: Date): Promise<unknown>;
}

/** The schedule's first time after `after`. Throws on a cron expression `cron-parser` does not read. */
export function nextTime(schedule: Pick<CronSchedule, 'cron' | 'timeZone'>, after: Date): Date {
  return cronParser.parseExpression(schedule.cron, { tz: schedule.timeZone, currentDate: after }).next().toDate();
}

/** Keeps `schedules` until the returned function is called. */
export function keepSchedules(schedules: readonly CronSchedule[], logger: Logger, now: () => number = Date.now): () => void {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const wait = (schedule: CronSchedule, at: Date) => {
    const left = at.getTime() - now();
    if (left > 0) {
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          if (!stopped) wait(schedule, at);
        },
        Math.min(left, LONGEST_WAIT),
      );
      timer.unref();
      timers.add(timer);
      return;
    }
    schedule.send(at).catch((error: unknown) => logger.error({ err: error, schedule: schedule.name, at }, 'a scheduled job was not sent'));
    // The next time after now: times passed while the process could not run are not sent one after another.
    if (!stopped) wait(schedule, nextTime(schedule, new Date(Math.max(at.getTime(), now()))));
  };
  for (const schedule of schedules) wait(schedule, nextTime(schedule, new Date(now())));
  return () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
}
