/**
 * Email through pg-boss (PostgreSQL job queue, schema `pgboss` in the hub's
 * database): every instance enqueues and, unless NOTIFICATION_WORKERS=false,
 * works the queues; pg-boss hands each job to one worker (SKIP LOCKED) and
 * retries failed or expired ones, so delivery is at-least-once, and every
 * mail carries an idempotency key (a unique row in notification_mails),
 * checked under a row lock before sending, so a retry never sends twice.
 *
 * - `notification-immediate` { batch }: enqueued by `notify` inside the
 *   mutation's transaction (pg-boss `send` with `db` on that transaction's
 *   connection), so it exists exactly when the change committed. It renders
 *   one mail per activity of the batch whose recipient still takes the kind
 *   IMMEDIATE and may still read the subject.
 * - `notification-digest-daily` / `-weekly` { windowEnd? }: cron schedules in
 *   pg-boss (one job per slot across instances, kept across restarts); pages
 *   through recipients 500 at a time, one statement per page for every
 *   activity of the page, one for the mails, one for their send jobs.
 * - `notification-send` { mailId }: sends one mail over SMTP (with no
 *   SMTP_URL, mails are kept in the database instead and no job is made).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/knex';
import PgBoss from 'pg-boss';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { NotificationConfig } from '../../config';
import type { Orm } from '../../db/orm';
import { jobTransaction } from '../../db/job-transaction';
import { selectRows } from '../../db/select';
import { parseGlobalId } from '../../domain/global-id';
import type { PubSub } from '../../realtime/pubsub';
import { EmailDelivery, type NotificationKind, type SubjectType } from './notification.kinds';
import { renderDigest, renderImmediate, type MailLinks, type MailThread, type Recipient, type RenderedMail } from './notification.mail';
import { mentionedIds } from './notification.mentions';
import { attachNotificationRuntime } from './notification.runtime';
import { DEFAULTS_SQL, defaultsOf } from './notification.service';
import { visibleSql } from './notification.subjects';

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
const PAGE = 500;
const DAY = 24 * 60 * 60 * 1000;

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
  boss: PgBoss;
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

/** Starts pg-boss (creating its schema on first start), its queues, schedules and workers, and attaches `notify`'s runtime. */
export async function startNotificationQueue(options: NotificationQueueOptions): Promise<NotificationQueue> {
  const { config, orm, logger } = options;
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: 'pgboss',
    max: config.workers ? 4 : 2,
    application_name: 'cnz-hub-queue',
    schedule: config.workers,
    supervise: config.workers,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  const retry = { retryLimit: 5, retryDelay: 1, retryBackoff: true, expireInSeconds: 120 };
  for (const name of [...Object.values(QUEUES), ...reminders.keys()]) {
    if (!(await boss.getQueue(name)))
      await boss.createQueue(name, { name, ...retry }).catch(async (error) => {
        if (!(await boss.getQueue(name))) throw error;
      });
  }
  const links: MailLinks = { publicUrl: options.publicUrl, unsubscribeSecret: config.unsubscribeSecret };
  const transport = options.transport ?? (config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : undefined);
  const mailer = new Mailer(orm, boss, links, config, transport, logger);

  attachNotificationRuntime(orm.config, {
    pubsub: options.pubsub,
    enqueueImmediate: async (em, batch) => {
      await boss.send(QUEUES.immediate, { batch }, { db: transactionDb(em) });
    },
  });

  if (config.workers) {
    const polling = { pollingIntervalSeconds: 0.5 };
    await boss.work<{ batch: string }>(QUEUES.immediate, { ...polling, batchSize: 10 }, async (jobs) => {
      for (const job of jobs) await mailer.immediate(job.data.batch);
    });
    for (const [queue, period] of [
      [QUEUES.daily, 'DAILY'],
      [QUEUES.weekly, 'WEEKLY'],
    ] as const) {
      await boss.work<{ windowEnd?: string }>(queue, polling, async ([job]) => {
        await mailer.digest(period, job.data?.windowEnd ? new Date(job.data.windowEnd) : new Date());
      });
    }
    // Only an instance that can send works the send queue (one without SMTP would complete jobs it cannot do).
    for (let worker = 0; transport && worker < 2; worker++) {
      await boss.work<{ mailId: string }>(QUEUES.send, { ...polling, batchSize: 20 }, async (jobs) => {
        for (const job of jobs) await mailer.send(job.data.mailId);
      });
    }
    for (const reminder of reminders.values()) {
      await boss.work(reminder.name, polling, async () => reminder.run(orm.em.fork(), new Date()));
      await boss.schedule(reminder.name, reminder.cron, {}, { tz: config.digestTimeZone });
    }
    await boss.schedule(QUEUES.daily, config.dailyDigestCron, {}, { tz: config.digestTimeZone });
    await boss.schedule(QUEUES.weekly, config.weeklyDigestCron, {}, { tz: config.digestTimeZone });
  }

  return {
    boss,
    runDigest: (period, windowEnd = new Date()) =>
      boss.send(
        period === 'DAILY' ? QUEUES.daily : QUEUES.weekly,
        { windowEnd: windowEnd.toISOString() },
        { singletonKey: `${period}:${windowKey(period, windowEnd)}` },
      ),
    pending: async () => {
      const sizes = await Promise.all([...Object.values(QUEUES), ...reminders.keys()].map((name) => boss.getQueueSize(name, { before: 'completed' })));
      return sizes.reduce((sum, size) => sum + size, 0);
    },
    setPublicUrl: (url) => {
      links.publicUrl = url.replace(/\/+$/, '');
    },
    stop: async () => {
      attachNotificationRuntime(orm.config, { enqueueImmediate: undefined, pubsub: undefined });
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      transport?.close();
    },
  };
}

/** The window a digest covers is named by its end's date (UTC), or its week's Monday: the mail's idempotency key. */
function windowKey(period: DigestPeriod, windowEnd: Date): string {
  const day = new Date(Date.UTC(windowEnd.getUTCFullYear(), windowEnd.getUTCMonth(), windowEnd.getUTCDate()));
  if (period === 'WEEKLY') day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

interface ActivityRow {
  activity_id: string;
  kind: NotificationKind;
  title: string;
  detail: string | null;
  at: Date;
  actor_name: string | null;
  notification_id: string;
  subject_type: SubjectType;
  subject_id: string;
  user_id: string;
  email: string;
  display_name: string;
}

const ACTIVITY_COLUMNS = `a.id as activity_id, a.kind, a.title, a.detail, a.at, act.display_name as actor_name,
  n.id as notification_id, n.subject_type, n.subject_id, u.id as user_id, u.email, u.display_name`;

class Mailer {
  constructor(
    private readonly orm: Orm,
    private readonly boss: PgBoss,
    private readonly links: MailLinks,
    private readonly config: NotificationConfig,
    private readonly transport: Transporter | undefined,
    private readonly logger: Logger,
  ) {}

  /** The immediate mails of one notify batch: recipients who still take the kind IMMEDIATE and may still read the subject. */
  async immediate(batch: string): Promise<void> {
    const em = this.orm.em.fork();
    const rows = await selectRows<ActivityRow>(
      em,
      `select ${ACTIVITY_COLUMNS}
         from notification_activities a
         join notifications n on n.id = a.notification_id
         join users u on u.id = n.recipient_id
         left join users act on act.id = a.actor_id
         join ${DEFAULTS_SQL} on d.kind = a.kind
         left join notification_settings s on s.user_id = n.recipient_id and s.kind = a.kind
        where a.batch = ? and coalesce(s.email, d.email) = '${EmailDelivery.IMMEDIATE}' and ${visibleSql()}`,
      [...defaultsOf(), batch],
    );
    const names = await this.names(em, rows);
    await this.deliver(
      em,
      rows.map((row) => ({
        key: `immediate:${row.activity_id}`,
        userId: row.user_id,
        mail: renderImmediate(this.links, recipientOf(row), threadsOf([row])[0], names),
      })),
    );
  }

  /** One digest per person with unread activity in the window taken by that period, a page of people at a time. */
  async digest(period: DigestPeriod, windowEnd: Date): Promise<number> {
    const em = this.orm.em.fork();
    const delivery = period === 'DAILY' ? EmailDelivery.DAILY_DIGEST : EmailDelivery.WEEKLY_DIGEST;
    const windowStart = new Date(windowEnd.getTime() - (period === 'DAILY' ? DAY : 7 * DAY));
    const key = windowKey(period, windowEnd);
    const wanted = `a.at >= ? and a.at < ? and a.in_app and n.unread_count > 0 and (n.read_at is null or a.at > n.read_at)
      and coalesce(s.email, d.email) = '${delivery}'`;
    let after = '00000000-0000-0000-0000-000000000000';
    let sent = 0;
    for (;;) {
      const page = await selectRows<{ recipient_id: string }>(
        em,
        `select distinct n.recipient_id from notification_activities a
           join notifications n on n.id = a.notification_id
           join ${DEFAULTS_SQL} on d.kind = a.kind
           left join notification_settings s on s.user_id = n.recipient_id and s.kind = a.kind
          where ${wanted} and n.recipient_id > ?::uuid
          order by n.recipient_id limit ?`,
        [...defaultsOf(), windowStart, windowEnd, after, PAGE],
      );
      if (page.length === 0) break;
      after = page[page.length - 1].recipient_id;
      const rows = await selectRows<ActivityRow>(
        em,
        `select ${ACTIVITY_COLUMNS}
           from notifications n
           join notification_activities a on a.notification_id = n.id
           join ${DEFAULTS_SQL} on d.kind = a.kind
           left join notification_settings s on s.user_id = n.recipient_id and s.kind = a.kind
           join users u on u.id = n.recipient_id
           left join users act on act.id = a.actor_id
          where n.recipient_id = any(?::uuid[]) and ${wanted} and ${visibleSql()}
          order by n.recipient_id, n.latest_at desc, n.id, a.at desc`,
        [...defaultsOf(), `{${page.map((row) => row.recipient_id).join(',')}}`, windowStart, windowEnd],
      );
      const names = await this.names(em, rows);
      const byUser = new Map<string, ActivityRow[]>();
      for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row]);
      await this.deliver(
        em,
        [...byUser.values()].map((own) => ({
          key: `digest:${period}:${key}:${own[0].user_id}`,
          userId: own[0].user_id,
          mail: renderDigest(this.links, recipientOf(own[0]), period, threadsOf(own), names),
        })),
      );
      sent += byUser.size;
    }
    this.logger.info({ period, window: key, recipients: sent }, 'digest mails queued');
    return sent;
  }

  /** Names of everyone and every organization mentioned in the rows' words, in one statement. */
  private async names(em: EntityManager, rows: ActivityRow[]): Promise<Map<string, string>> {
    const ids = [...new Set(rows.flatMap((row) => (row.detail ? mentionedIds(row.detail) : [])))];
    if (ids.length === 0) return new Map();
    const parsed = ids.map((id) => [id, parseGlobalId(id)] as const).filter(([, id]) => id);
    const uuids = parsed.map(([, id]) => id!.id);
    const found = await selectRows<{ id: string; name: string }>(
      em,
      `select id::text, display_name as name from users where id = any(?::uuid[]) union all select id::text, name from organizations where id = any(?::uuid[])`,
      [`{${uuids.join(',')}}`, `{${uuids.join(',')}}`],
    );
    const byUuid = new Map(found.map((row) => [row.id, row.name]));
    return new Map(parsed.filter(([, id]) => byUuid.has(id!.id)).map(([global, id]) => [global, byUuid.get(id!.id)!]));
  }

  /** Stores the mails under their keys (a key seen before keeps its mail), then sends the unsent ones, or keeps them (no SMTP). */
  private async deliver(em: EntityManager, mails: Array<{ key: string; userId: string; mail: RenderedMail }>): Promise<void> {
    if (mails.length === 0) return;
    const keep = !this.transport;
    const rows = await selectRows<{ id: string; sent_at: Date | null }>(
      em,
      `insert into notification_mails as m (id, created_at, updated_at, idempotency_key, user_id, to_address, subject, text, html, headers, sent_at, transport)
       select gen_random_uuid(), now(), now(), r.key, r.user_id, r.to_address, r.subject, r.text, r.html, r.headers,
              case when ?::boolean then now() end, case when ?::boolean then 'outbox' end
         from jsonb_to_recordset(?::jsonb) as r(key text, user_id uuid, to_address text, subject text, text text, html text, headers jsonb)
       on conflict (idempotency_key) do update set updated_at = m.updated_at
       returning m.id, m.sent_at`,
      [
        keep,
        keep,
        JSON.stringify(
          mails.map(({ key, userId, mail }) => ({
            key,
            user_id: userId,
            to_address: mail.to,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            headers: mail.headers,
          })),
        ),
      ],
    );
    const unsent = rows.filter((row) => row.sent_at === null);
    if (keep || unsent.length === 0) return;
    await this.boss.insert(unsent.map((row) => ({ name: QUEUES.send, data: { mailId: row.id }, singletonKey: row.id })));
  }

  /** Sends one stored mail unless it was sent: under the row's lock, so a retry running beside a slow first attempt waits and then sees it sent. */
  async send(mailId: string): Promise<void> {
    if (!this.transport) return;
    await jobTransaction(this.orm.em, async (em) => {
      const [mail] = await selectRows<{
        id: string;
        to_address: string;
        subject: string;
        text: string;
        html: string;
        headers: Record<string, string>;
        sent_at: Date | null;
      }>(em, 'select id, to_address, subject, text, html, headers, sent_at from notification_mails where id = ? for update', [mailId]);
      if (!mail || mail.sent_at) return;
      await this.transport!.sendMail({
        from: this.config.mailFrom,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
        // The idempotency key as Message-ID: a receiver can drop the copy a crash after SMTP accepted it would resend.
        messageId: `<${mail.id}@cnz-hub>`,
      });
      await selectRows(em, `update notification_mails set sent_at = now(), transport = 'smtp', updated_at = now() where id = ?`, [mailId]);
    });
  }
}

function recipientOf(row: ActivityRow): Recipient {
  return { userId: row.user_id, email: row.email, displayName: row.display_name };
}

/** Rows (ordered by thread) grouped into threads, activities in row order. */
function threadsOf(rows: ActivityRow[]): MailThread[] {
  const threads = new Map<string, MailThread>();
  for (const row of rows) {
    let thread = threads.get(row.notification_id);
    if (!thread) {
      thread = { subjectType: row.subject_type, subjectId: row.subject_id, title: row.title, activities: [] };
      threads.set(row.notification_id, thread);
    }
    thread.activities.push({ kind: row.kind, title: row.title, detail: row.detail, actorName: row.actor_name, at: new Date(row.at) });
  }
  return [...threads.values()];
}
