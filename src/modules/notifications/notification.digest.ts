/**
 * What the mail jobs do (registered with the queue, `notification.queue.ts`,
 * which imports nothing from here): the immediate mails of a notify batch,
 * a period's digests, and sending one stored mail.
 *
 * Rendering input is read in bulk: one statement for a batch's activities;
 * for a digest, per page of 500 people, one for the page, one for all of its
 * activities, one for the names mentioned in them, one for the mails and one
 * for their send jobs.
 *
 * Delivery: every mail is a row under an idempotency key, stored before any
 * send job exists; `send` sends it under that row's lock and marks it sent in
 * the same transaction. A hub killed before the SMTP server accepted the
 * mail leaves it unsent (the lock dies with the connection) and the expired
 * job is retried by another hub: delivered once. A hub killed after the
 * server accepted it but before the mark committed leaves it unsent too, and
 * the retry sends it again under the same Message-ID (`<mail id@cnz-hub>`):
 * that instant is at-least-once, and receivers drop the copy by Message-ID.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { jobTransaction } from '../../db/job-transaction';
import { selectRows } from '../../db/select';
import { parseGlobalId } from '../../domain/global-id';
import { EmailDelivery, type NotificationKind, type SubjectType } from './notification.kinds';
import { renderDigest, renderImmediate, type MailThread, type Recipient, type RenderedMail } from './notification.mail';
import { mentionedIds } from './notification.mentions';
import { registerMailWork, type DigestPeriod, type MailWork, type MailWorkContext } from './notification.queue';
import { DEFAULTS_SQL, defaultsOf } from './notification.service';
import { visibleSql } from './notification.subjects';

const PAGE = 500;
const DAY = 24 * 60 * 60 * 1000;

/** The window a digest covers is named by its end's date (UTC), or its week's Monday: the mail's idempotency key. */
export function windowKey(period: DigestPeriod, windowEnd: Date): string {
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

/** The mail work of one hub. */
export class Mailer implements MailWork {
  private readonly orm: MailWorkContext['orm'];
  private readonly links: MailWorkContext['links'];
  private readonly config: MailWorkContext['config'];
  private readonly transport: MailWorkContext['transport'];
  private readonly logger: MailWorkContext['logger'];

  constructor(private readonly context: MailWorkContext) {
    this.orm = context.orm;
    this.links = context.links;
    this.config = context.config;
    this.transport = context.transport;
    this.logger = context.logger;
  }

  windowKey(period: DigestPeriod, windowEnd: Date): string {
    return windowKey(period, windowEnd);
  }

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
    await this.context.enqueueSend(unsent.map((row) => row.id));
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

registerMailWork((context) => new Mailer(context));
