/**
 * Email through pg-boss (PostgreSQL job queue, schema `pgboss` in the hub's
 * database): every instance enqueues and, unless NOTIFICATION_WORKERS=false,
 * works the queues; pg-boss hands each job to one worker (SKIP LOCKED) and
 * retries failed or expired ones (NOTIFICATION_JOB_* settings), so delivery
 * is at-least-once, and every mail carries an idempotency key (a unique row
 * in notification_mails), checked under a row lock before sending, so a
 * retry never sends a mail the hub knows it sent.
 *
 * - `notification-immediate` { batch }: enqueued by `notify` inside the
 *   mutation's transaction (pg-boss `send` with `db` on that transaction's
 *   connection), so it exists exactly when the change committed.
 * - `notification-digest-daily` / `-weekly` { windowEnd? }: cron schedules in
 *   pg-boss (one job per slot across instances, kept across restarts).
 * - `notification-send` { mailId }: sends one mail over SMTP (with no
 *   SMTP_URL, mails are kept in the database instead and no job is made).
 *
 * This file is the queue: pg-boss, its queues, schedules and workers. What
 * the jobs do (which mails, rendered from which rows, sent how) is
 * `notification.digest.ts`, registered here with `registerMailWork`; this
 * file imports nothing from it.
 *
 * An instance that works no queue starts pg-boss only when it first enqueues
 * (a mutation with an IMMEDIATE recipient, `runDigest`, `pending`), so a hub
 * that never mails opens no pool for the queue.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/knex';
import PgBoss from 'pg-boss';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { NotificationConfig } from '../../config';
import type { Orm } from '../../db/orm';
import type { PubSub } from '../../realtime/pubsub';
import type { MailLinks } from './notification.mail';
import { attachNotificationRuntime } from './notification.runtime';
import { keepSchedules } from './notification.schedules';

export const QUEUES = {
  immediate: 'notification-immediate',
  daily: 'notification-digest-daily',
  weekly: 'notification-digest-weekly',
  send: 'notification-send',
} as const;

export type DigestPeriod = 'DAILY' | 'WEEKLY';

/**
 * Scheduled work that notifies (due-date reminders): a cron schedule in
 * pg-boss, run once per slot across instances, kept across restarts. `run`
 * gets a fresh EntityManager and the slot's time and calls `notify` in a
 * transaction of its own; it must be idempotent per slot (pg-boss retries).
 *
 * Extension point for zone applications: the applications module registers
 * `notification-reminder-board-resolution` (APPLICATION_BOARD_RESOLUTION_DUE /
 * _OVERDUE) here before the hub starts.
 */
export interface Reminder {
  /** The queue's name: `notification-reminder-<what>`. */
  name: string;
  cron: string;
  run(em: EntityManager, now: Date): Promise<void>;
}

const reminders = new Map<string, Reminder>();

export function registerReminder(reminder: Reminder): void {
  if (!reminder.name.startsWith('notification-reminder-')) throw new Error(`a reminder's name starts with notification-reminder-, got ${reminder.name}`);
  reminders.set(reminder.name, reminder);
}

/** What the mail jobs do: `notification.digest.ts` (registered with `registerMailWork`). */
export interface MailWork {
  /** The immediate mails of one notify batch. */
  immediate(batch: string): Promise<void>;
  /** The digests of the window ending at `windowEnd`; the number of people mailed. */
  digest(period: DigestPeriod, windowEnd: Date): Promise<number>;
  /** Sends one stored mail unless it was sent. */
  send(mailId: string): Promise<void>;
  /** The window a digest ending at `windowEnd` covers, by name (the digest job's singleton key). */
  windowKey(period: DigestPeriod, windowEnd: Date): string;
}

/** What the mail work gets from the queue. */
export interface MailWorkContext {
  orm: Orm;
  links: MailLinks;
  config: NotificationConfig;
  /** Unset: no SMTP_URL, mails are kept in the database. */
  transport: Transporter | undefined;
  logger: Logger;
  /** Enqueues one send job per mail id (at most one per mail while one is waiting). */
  enqueueSend(mailIds: string[]): Promise<void>;
}

let mailWorkFactory: ((context: MailWorkContext) => MailWork) | undefined;

export function registerMailWork(factory: (context: MailWorkContext) => MailWork): void {
  mailWorkFactory = factory;
}

export interface NotificationQueueOptions {
  config: NotificationConfig;
  databaseUrl: string;
  orm: Orm;
  pubsub: PubSub;
  logger: Logger;
  /** The hub's public address once it listens (PUBLIC_URL, else its own). */
  publicUrl: string;
  /** Test hook: the SMTP transport's own options override. */
  transport?: Transporter;
}

export interface NotificationQueue {
  /** pg-boss, started (and its queues made) once `ready()` resolved; always so on an instance that works the queue. */
  boss: PgBoss;
  /** Starts pg-boss and makes its queues, once (an instance with workers did so when it started). */
  ready(): Promise<PgBoss>;
  /** Whether this instance started pg-boss (or is starting it). */
  started(): boolean;
  /** Enqueues a digest for the window ending at `windowEnd` (once per period and window, whichever instance asks). */
  runDigest(period: DigestPeriod, windowEnd?: Date): Promise<string | null>;
  /** Jobs of the notification queues not yet done (tests wait for 0). */
  pending(): Promise<number>;
  /** The address links in mails start with (known once the hub listens). */
  setPublicUrl(url: string): void;
  stop(): Promise<void>;
}

/** A pg-boss `db` that runs on the transaction `em` is in (pg-boss writes $1 placeholders; knex binds ?). */
function transactionDb(em: EntityManager): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const knex = em.getTransactionContext<Knex.Transaction>() ?? em.getConnection().getKnex();
      const bindings: unknown[] = [];
      const sql = text.replace(/\?/g, '\\?').replace(/\$(\d+)/g, (_match, n: string) => {
        bindings.push(values[Number(n) - 1] ?? null);
        return '?';
      });
      const started = Date.now();
      const result = (await knex.raw(sql, bindings as never)) as { rows: unknown[] };
      em.config.getLogger().logQuery({ query: sql, params: bindings, took: Date.now() - started, results: result.rows.length, level: 'info' });
      return { rows: result.rows };
    },
  };
}

/**
 * Calls `wake` once the transaction `em` is in commits (at once outside one):
 * a worker woken before commit would find no job. Through MikroORM's
 * `afterTransactionCommit`, which every transaction of the ORM dispatches.
 */
type WakeOnCommit = (em: EntityManager, wake: () => void) => void;

function wakeOnCommit(orm: Orm): WakeOnCommit {
  const waiting = new WeakMap<object, Array<() => void>>();
  orm.em.getEventManager().registerSubscriber({
    afterTransactionCommit: ({ transaction }) => {
      const wakes = transaction && waiting.get(transaction as object);
      if (!wakes) return;
      waiting.delete(transaction as object);
      for (const wake of wakes) wake();
    },
  });
  return (em, wake) => {
    const transaction = em.getTransactionContext<object>();
    if (!transaction) return wake();
    const wakes = waiting.get(transaction);
    if (wakes) wakes.push(wake);
    else waiting.set(transaction, [wake]);
  };
}

/**
 * Makes pg-boss and attaches `notify`'s runtime. An instance that works the
 * queue starts pg-boss now (creating its schema on first start), with its
 * queues, workers and schedules; one that does not, on its first enqueue.
 */
export async function startNotificationQueue(options: NotificationQueueOptions): Promise<NotificationQueue> {
  const { config, orm, logger } = options;
  if (!mailWorkFactory) throw new Error('no mail work registered: notification.digest.ts registers it (imported by notifications.module.ts)');
  const policy = config.jobs;
  const makeBoss = () => {
    const made = new PgBoss({
      connectionString: options.databaseUrl,
      schema: 'pgboss',
      max: config.workers ? 4 : 2,
      application_name: 'cnz-hub-queue',
      // The schedules are this module's own (notification.schedules.ts): no pg-boss timekeeper.
      schedule: false,
      supervise: config.workers,
      maintenanceIntervalSeconds: policy.maintenanceSeconds,
    });
    made.on('error', (error) => logger.error({ err: error }, 'job queue error'));
    return made;
  };
  let boss = makeBoss();
  // Every job this hub enqueues carries the configured policy (a job's own options win over its queue's).
  const retry = { retryLimit: policy.retryLimit, retryDelay: policy.retryDelaySeconds, retryBackoff: true, expireInSeconds: policy.expireSeconds };
  const names = () => [...Object.values(QUEUES), ...reminders.keys()];

  let starting: Promise<PgBoss> | undefined;
  let stopping = false;
  const ready = () =>
    (starting ??= (async () => {
      if (stopping) throw new Error('the job queue is stopping');
      await boss.start();
      for (const name of names()) {
        if (!(await boss.getQueue(name)))
          await boss.createQueue(name, { name, ...retry }).catch(async (error) => {
            if (!(await boss.getQueue(name))) throw error;
          });
      }
      return boss;
    })().catch(async (error: unknown) => {
      // A failed start (the database away) is tried again by the next enqueue, on a fresh pg-boss (a failed one stays "starting").
      logger.error({ err: error }, 'job queue did not start');
      // Its stop() does nothing (it never started): close the pool its start opened.
      const db = boss.getDb() as PgBoss.Db & { opened?: boolean; close?: () => Promise<void> };
      if (db.opened) await db.close?.().catch(() => undefined);
      boss = makeBoss();
      starting = undefined;
      throw error;
    }));

  const links: MailLinks = { publicUrl: options.publicUrl, unsubscribeSecret: config.unsubscribeSecret };
  // nodemailer (some 7 MB resident) is loaded only by an instance that sends over SMTP.
  const transport = options.transport ?? (config.smtpUrl ? (await import('nodemailer')).default.createTransport(config.smtpUrl) : undefined);
  const work = mailWorkFactory({
    orm,
    links,
    config,
    transport,
    logger,
    enqueueSend: async (mailIds) => {
      await (await ready()).insert(mailIds.map((mailId) => ({ name: QUEUES.send, data: { mailId }, singletonKey: mailId, ...retry })));
      wake(mailWorkers.send);
    },
  });

  /** This instance's mail workers, woken when it enqueues their work (their polling is only the safety net). */
  const mailWorkers = { immediate: [] as string[], send: [] as string[] };
  const wake = (ids: readonly string[]) => {
    for (const id of ids) boss.notifyWorker(id);
  };
  const afterCommit = wakeOnCommit(orm);
  attachNotificationRuntime(orm.config, {
    pubsub: options.pubsub,
    enqueueImmediate: async (em, batch) => {
      await (await ready()).send(QUEUES.immediate, { batch }, { db: transactionDb(em), ...retry });
      afterCommit(em, () => wake(mailWorkers.immediate));
    },
  });

  /** This instance's digest workers by period: `runDigest` wakes its own at once. */
  const digestWorkers = new Map<DigestPeriod, string>();
  const runDigest = async (period: DigestPeriod, windowEnd = new Date()) => {
    const id = await (
      await ready()
    ).send(
      period === 'DAILY' ? QUEUES.daily : QUEUES.weekly,
      { windowEnd: windowEnd.toISOString() },
      { singletonKey: `${period}:${work.windowKey(period, windowEnd)}`, ...retry },
    );
    const worker = digestWorkers.get(period);
    if (worker) boss.notifyWorker(worker);
    return id;
  };
  let stopSchedules = () => undefined as void;
  if (config.workers) {
    await ready();
    // Mail is waited for: its workers are woken when this instance enqueues it, and look every few seconds for what another
    // instance enqueued or a retry. Scheduled work comes by the minute (or is woken, see runDigest). An idle hub used to
    // query its database twice a second for mail; the CPU that took was paid by every hub, all the time.
    const polling = { pollingIntervalSeconds: policy.mailPollSeconds };
    const scheduled = { pollingIntervalSeconds: policy.scheduledPollSeconds };
    mailWorkers.immediate.push(
      await boss.work<{ batch: string }>(QUEUES.immediate, { ...polling, batchSize: 10 }, async (jobs) => {
        for (const job of jobs) await work.immediate(job.data.batch);
      }),
    );
    for (const [queue, period] of [
      [QUEUES.daily, 'DAILY'],
      [QUEUES.weekly, 'WEEKLY'],
    ] as const) {
      const id = await boss.work<{ windowEnd?: string }>(queue, scheduled, async ([job]) => {
        await work.digest(period, job.data?.windowEnd ? new Date(job.data.windowEnd) : new Date());
      });
      digestWorkers.set(period, id);
    }
    // Only an instance that can send works the send queue (one without SMTP would complete jobs it cannot do).
    for (let worker = 0; transport && worker < 2; worker++) {
      mailWorkers.send.push(
        await boss.work<{ mailId: string }>(QUEUES.send, { ...polling, batchSize: 20 }, async (jobs) => {
          for (const job of jobs) await work.send(job.data.mailId);
        }),
      );
    }
    for (const reminder of reminders.values()) {
      await boss.work(reminder.name, scheduled, async () => reminder.run(orm.em.fork(), new Date()));
    }
    // Schedules an earlier version stored in pg-boss: nothing reads them now.
    for (const name of [QUEUES.daily, QUEUES.weekly, ...reminders.keys()]) await boss.unschedule(name);
    const timeZone = config.digestTimeZone;
    stopSchedules = keepSchedules(
      [
        { name: QUEUES.daily, cron: config.dailyDigestCron, timeZone, send: (at) => runDigest('DAILY', at) },
        { name: QUEUES.weekly, cron: config.weeklyDigestCron, timeZone, send: (at) => runDigest('WEEKLY', at) },
        ...[...reminders.values()].map((reminder) => ({
          name: reminder.name,
          cron: reminder.cron,
          timeZone,
          // One job per time across instances: the key names the time, and pg-boss keeps one job per key and minute.
          send: async (at: Date) =>
            (await ready()).send(reminder.name, {}, { singletonKey: `${reminder.name}:${at.toISOString()}`, singletonSeconds: 60, ...retry }),
        })),
      ],
      logger,
    );
  }

  return {
    get boss() {
      return boss;
    },
    ready,
    started: () => starting !== undefined,
    runDigest,
    pending: async () => {
      await ready();
      const sizes = await Promise.all(names().map((name) => boss.getQueueSize(name, { before: 'completed' })));
      return sizes.reduce((sum, size) => sum + size, 0);
    },
    setPublicUrl: (url) => {
      links.publicUrl = url.replace(/\/+$/, '');
    },
    stop: async () => {
      stopping = true;
      attachNotificationRuntime(orm.config, { enqueueImmediate: undefined, pubsub: undefined });
      stopSchedules();
      const started = starting && (await starting.catch(() => undefined));
      if (started) await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      transport?.close();
    },
  };
}
