/**
 * The inbox: `notify` (features call it inside their write transaction),
 * reading a person's threads and unread count, marking read, settings.
 *
 * `notify` is one statement for any number of recipients: it expands the
 * audiences (people, an organization's editors, a request's collaborators,
 * …), drops the actor and people who take neither in-app nor email for the
 * kind, upserts each recipient's thread for the subject and appends the
 * activity. Recipients are upserted in id order, so concurrent notifies on
 * one thread queue on its rows instead of deadlocking. Events for the
 * recipients' other tabs go out once the transaction commits.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/knex';
import { authorize, requireUserId } from '../../auth/policy';
import { rowReader } from '../../db/read-rows';
import { selectRows } from '../../db/select';
import { BadUserInputError, NotFoundError } from '../../errors';
import { expectGlobalId } from '../../domain/global-id';
import { toConnection, decodeCursor, pageSize, type ConnectionResult, type PageArgs, type SortKey } from '../../graphql/connection';
import type { HubContext } from '../../graphql/context';
import { writeTransaction } from '../../graphql/write-transaction';
import { EmailDelivery, KIND_ORDER, NOTIFICATION_KINDS, NotificationKind, type SubjectType } from './notification.kinds';
import { Notification, NotificationSetting } from './notification.entity';
import { notificationEventsTopic, type NotificationEventPayload } from './notification.events';
import { runtimeOf } from './notification.runtime';
import { audienceSql, titleSql, visibleSql, type Audience } from './notification.subjects';

export type Recipients = { kind: NotificationKind } & Audience;

export interface NotifyProps {
  /** The thread: a node, with its title as of now (read from the database when not given). */
  subject: { type: SubjectType; id: string; title?: string | null };
  /** Who acted (never told); null for the hub itself (reminders). */
  actorId: string | null | undefined;
  /** The event's own words (a comment's opening, a status). */
  detail?: string | null;
  /** Who is told what; a person named twice gets the kind that comes first in the kinds table. */
  to: Recipients[];
}

/** Kinds' defaults as three parallel arrays, for `unnest`. */
function defaultsParams(): [string, string, string] {
  const kinds = KIND_ORDER;
  return [
    `{${kinds.join(',')}}`,
    `{${kinds.map((kind) => NOTIFICATION_KINDS[kind].inApp).join(',')}}`,
    `{${kinds.map((kind) => NOTIFICATION_KINDS[kind].email).join(',')}}`,
  ];
}

/** SQL: the kinds' defaults as a relation `d(kind, in_app, email)`, three parameters. */
export const DEFAULTS_SQL = 'unnest(?::text[], ?::boolean[], ?::text[]) d(kind, in_app, email)';
export const defaultsOf = defaultsParams;

const DETAIL_LENGTH = 200;

/** Shortens an event's words for an inbox line. */
export function excerpt(text: string | null | undefined): string | null {
  if (!text) return null;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > DETAIL_LENGTH ? `${flat.slice(0, DETAIL_LENGTH - 1)}…` : flat;
}

/**
 * Records the event in its recipients' inboxes, in the caller's transaction;
 * see the module comment. Readability is checked here too, on what the
 * transaction has written so far: flush first when the change itself is
 * what lets the recipients read the subject (a new partnership, a new collaborator).
 */
export async function notify(em: EntityManager, props: NotifyProps): Promise<void> {
  const to = props.to.filter((entry) => !('users' in entry) || entry.users.length > 0);
  if (to.length === 0) return;
  const params: unknown[] = [];
  const named = to.map((entry) => {
    const audience = audienceSql(entry);
    params.push(entry.kind, KIND_ORDER.indexOf(entry.kind), ...audience.params);
    return `select a.user_id, ?::text as kind, ?::int as rank from (${audience.sql}) a`;
  });
  const batch = randomUUID();
  const actorId = props.actorId ?? null;
  const detail = excerpt(props.detail);
  const title = props.subject.title ?? null;
  params.push(title, props.subject.id, props.subject.id, props.subject.type, ...defaultsParams(), actorId);
  params.push(props.subject.type, props.subject.id, detail, actorId, actorId);
  params.push(actorId, detail, batch);
  const rows = await selectRows<{ recipient_id: string; notification_id: string; email: EmailDelivery; in_app: boolean }>(
    em,
    `with named as (${named.join(' union all ')}),
     subject as (select coalesce(?::text, (${titleSql(props.subject.type)}), '') as title),
     chosen as (
       select distinct on (x.user_id) x.user_id, x.kind, coalesce(s.in_app, d.in_app) as in_app, coalesce(s.email, d.email) as email
         from named x
         cross join lateral (select x.user_id as recipient_id, ?::uuid as subject_id, ?::text as subject_type, x.kind as kind) n
         join ${DEFAULTS_SQL} on d.kind = x.kind
         join users u on u.id = x.user_id
         left join notification_settings s on s.user_id = x.user_id and s.kind = x.kind
        where x.user_id is distinct from ?::uuid and ${visibleSql()}
        order by x.user_id, x.rank
     ),
     kept as (select * from chosen where in_app or email <> 'NONE' order by user_id),
     upserted as (
       insert into notifications as n (id, created_at, updated_at, recipient_id, subject_type, subject_id, kind, title, detail,
                                       actor_ids, unread_count, activity_count, latest_at)
       select gen_random_uuid(), now(), now(), k.user_id, ?, ?::uuid, k.kind, (select title from subject), ?,
              case when k.in_app and ?::text is not null then array[?::text] else '{}'::text[] end,
              case when k.in_app then 1 else 0 end, 1, case when k.in_app then now() end
         from kept k
       on conflict (recipient_id, subject_type, subject_id) do update set
         updated_at = now(),
         activity_count = n.activity_count + 1,
         unread_count = n.unread_count + excluded.unread_count,
         kind = case when excluded.unread_count > 0 then excluded.kind else n.kind end,
         title = excluded.title,
         detail = case when excluded.unread_count > 0 then excluded.detail else n.detail end,
         actor_ids = case when cardinality(excluded.actor_ids) > 0
                          then (excluded.actor_ids || array_remove(n.actor_ids, excluded.actor_ids[1]))[1:5] else n.actor_ids end,
         latest_at = coalesce(excluded.latest_at, n.latest_at)
       returning n.id, n.recipient_id
     ),
     added as (
       insert into notification_activities (id, created_at, updated_at, notification_id, kind, actor_id, title, detail, at, in_app, email, batch)
       select gen_random_uuid(), now(), now(), u.id, k.kind, ?::uuid, (select title from subject), ?, now(), k.in_app, k.email, ?::uuid
         from upserted u join kept k on k.user_id = u.recipient_id
       returning notification_id, email, in_app
     )
     select u.recipient_id, a.notification_id, a.email, a.in_app from added a join upserted u on u.id = a.notification_id`,
    params,
  );
  if (rows.length === 0) return;
  const runtime = runtimeOf(em);
  if (runtime?.enqueueImmediate && rows.some((row) => row.email === EmailDelivery.IMMEDIATE)) await runtime.enqueueImmediate(em, batch);
  const events = rows
    .filter((row) => row.in_app)
    .map((row): NotificationEventPayload => ({ userId: row.recipient_id, notificationId: row.notification_id, type: 'NEW_ACTIVITY' }));
  afterCommit(em, () => {
    if (runtime?.pubsub) for (const event of events) notificationEventsTopic.publish(runtime.pubsub, event, event.userId);
  });
}

/** Runs `then` once the transaction `em` runs in commits (at once outside a transaction); never after a rollback. */
function afterCommit(em: EntityManager, then: () => void): void {
  const transaction = em.getTransactionContext<Knex.Transaction>();
  if (!transaction?.executionPromise) return then();
  transaction.executionPromise.then(then, () => undefined);
}

// --- reading the inbox ---

const ORDER: SortKey[] = [
  { field: 'latestAt', column: 'latest_at', direction: 'desc', type: 'timestamp' },
  { field: 'id', column: 'id', direction: 'desc', type: 'uuid' },
];

function mustBeViewer(ctx: HubContext, userId: string): string {
  authorize(ctx.viewer, 'notification.read', { userId });
  return userId;
}

export interface NotificationPageArgs extends PageArgs {
  unreadOnly?: boolean | null;
}

/** A person's threads, latest first: only threads with in-app activity whose subject they may still read. */
export async function notificationsOf(ctx: HubContext, userId: string, args: NotificationPageArgs): Promise<ConnectionResult<Notification>> {
  mustBeViewer(ctx, userId);
  const first = pageSize(args);
  const em = ctx.em;
  const reader = rowReader(em, Notification);
  const where = `n.recipient_id = ? and n.latest_at is not null${args.unreadOnly ? ' and n.unread_count > 0' : ''} and ${visibleSql()}`;
  const params: unknown[] = [userId];
  let keyset = '';
  if (args.after) {
    const [latestAt, id] = decodeCursor(ORDER, args.after);
    keyset = ' and (n.latest_at, n.id) < (?, ?::uuid)';
    params.push(latestAt, id);
  }
  const rows =
    first === 0 && !args.after
      ? []
      : await selectRows(em, `select ${reader.columns('n')} from notifications n where ${where}${keyset} order by n.latest_at desc, n.id desc limit ?`, [
          ...params,
          first + 1,
        ]);
  const nodes = rows.map((row) => reader.map(row));
  return toConnection(nodes, ORDER, args, async () => {
    const [row] = await selectRows<{ count: string }>(em, `select count(*) as count from notifications n where ${where}`, [userId]);
    return Number(row.count);
  });
}

/** Threads with unread activity the person may still read (the partial index keeps it to their unread rows). */
export async function unreadNotificationCount(ctx: HubContext, userId: string): Promise<number> {
  mustBeViewer(ctx, userId);
  return countUnread(ctx.em, userId);
}

export async function countUnread(em: EntityManager, userId: string): Promise<number> {
  const [row] = await selectRows<{ count: string }>(
    em,
    `select count(*) as count from notifications n where n.recipient_id = ? and n.unread_count > 0 and n.latest_at is not null and ${visibleSql()}`,
    [userId],
  );
  return Number(row.count);
}

/** One of the viewer's threads, if they may still see it. */
export async function findVisibleNotification(em: EntityManager, userId: string, id: string): Promise<Notification | null> {
  const reader = rowReader(em, Notification);
  const [row] = await selectRows(
    em,
    `select ${reader.columns('n')} from notifications n where n.id = ? and n.recipient_id = ? and n.latest_at is not null and ${visibleSql()}`,
    [id, userId],
  );
  return row ? reader.map(row) : null;
}

function publishRead(ctx: HubContext, userId: string, notificationId: string | null): void {
  notificationEventsTopic.publish(ctx.pubsub, { userId, notificationId, type: 'READ' }, userId);
}

/** Marks one of the viewer's threads read (NOT_FOUND for anyone else's). */
export async function markNotificationRead(ctx: HubContext, globalId: string): Promise<Notification> {
  const id = expectGlobalId(globalId, 'Notification', 'id');
  const userId = requireUserId(ctx.viewer);
  const notification = await writeTransaction(ctx, async (em) => {
    const reader = rowReader(em, Notification);
    const [row] = await selectRows(
      em,
      `update notifications n set unread_count = 0, read_at = now(), updated_at = now()
        where n.id = ? and n.recipient_id = ? and n.latest_at is not null and ${visibleSql()} returning ${reader.columns('n')}`,
      [id, userId],
    );
    if (!row) throw new NotFoundError('Notification');
    return reader.map(row);
  });
  publishRead(ctx, userId, notification.id);
  return notification;
}

/** Marks every thread with activity up to `before` read; returns how many were marked. */
export async function markAllNotificationsRead(ctx: HubContext, before: Date): Promise<number> {
  const userId = requireUserId(ctx.viewer);
  if (Number.isNaN(before.getTime())) throw BadUserInputError.field('before', 'must be a time');
  const marked = await writeTransaction(ctx, async (em) => {
    const rows = await selectRows(
      em,
      `update notifications n set unread_count = 0, read_at = now(), updated_at = now()
        where n.recipient_id = ? and n.unread_count > 0 and n.latest_at <= ? returning n.id`,
      [userId, before],
    );
    return rows.length;
  });
  if (marked > 0) publishRead(ctx, userId, null);
  return marked;
}

// --- settings ---

/** Every kind with the viewer's choice (or the kind's default). */
export async function notificationSettings(ctx: HubContext): Promise<NotificationSetting[]> {
  const userId = requireUserId(ctx.viewer);
  const saved = await ctx.em.find(NotificationSetting, { user: userId });
  return settingsList(userId, saved);
}

function settingsList(userId: string, saved: NotificationSetting[]): NotificationSetting[] {
  const byKind = new Map(saved.map((setting) => [setting.kind, setting]));
  return KIND_ORDER.map(
    (kind) =>
      byKind.get(kind) ??
      Object.assign(new NotificationSetting(), { kind, inApp: NOTIFICATION_KINDS[kind].inApp, email: NOTIFICATION_KINDS[kind].email, user: { id: userId } }),
  );
}

export interface SettingChange {
  kind: NotificationKind;
  inApp?: boolean | null;
  email?: EmailDelivery | null;
}

/** Saves the viewer's choices for the kinds named (others unchanged); returns all kinds. */
export async function setNotificationSettings(ctx: HubContext, changes: SettingChange[]): Promise<NotificationSetting[]> {
  const userId = requireUserId(ctx.viewer);
  const kinds = changes.map((change) => change.kind);
  if (new Set(kinds).size !== kinds.length) throw BadUserInputError.field('input.settings', 'names a kind twice');
  await writeTransaction(ctx, async (em) => {
    for (const change of changes) await saveSetting(em, userId, change);
  });
  return settingsList(userId, await ctx.em.fork().find(NotificationSetting, { user: userId }));
}

/** Upserts one person's setting for one kind (unsubscribe links use it too). */
export async function saveSetting(em: EntityManager, userId: string, change: SettingChange): Promise<void> {
  const spec = NOTIFICATION_KINDS[change.kind];
  await selectRows(
    em,
    `insert into notification_settings as s (id, created_at, updated_at, user_id, kind, in_app, email)
     values (gen_random_uuid(), now(), now(), ?, ?, coalesce(?::boolean, ?::boolean), coalesce(?::text, ?::text))
     on conflict (user_id, kind) do update set updated_at = now(),
       in_app = coalesce(?::boolean, s.in_app), email = coalesce(?::text, s.email)`,
    [userId, change.kind, change.inApp ?? null, spec.inApp, change.email ?? null, spec.email, change.inApp ?? null, change.email ?? null],
  );
}
