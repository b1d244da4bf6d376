/**
 * Notifications: what a comment costs on a request with 50 collaborators
 * (SQL statements, the notify statement among them), and a daily digest for
 * 10,000 people with 20 unread activities each (4 threads of 5), mailed to
 * the database outbox by one hub: time and statements.
 */
import pg from 'pg';
import { startHub } from '../../src/app';
import { signToken } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config';
import { toGlobalId } from '../../src/domain/global-id';
import { createLogger } from '../../src/logger';
import { printTable } from './report';

export interface NotificationBenchOptions {
  databaseUrl: string;
  secret: string;
  /** A request to comment on (collaborators are added to make 50), and one of its authors. */
  requestId: string;
  authorEmail: string;
  people?: number;
}

const COMMENT = `mutation ($input: AddWaiverCommentInput!) { addWaiverComment(input: $input) { id } }`;

export async function runNotificationBench(options: NotificationBenchOptions): Promise<void> {
  const people = options.people ?? 10_000;
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const statements: string[] = [];
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: options.secret,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    NOTIFICATION_WORKERS: 'true',
    UNSUBSCRIBE_SECRET: `${options.secret}-unsubscribe`,
  });
  const hub = await startHub({
    config,
    databaseUrl: options.databaseUrl,
    logger: createLogger('silent'),
    onQuery: (message) => message.startsWith('[query]') && statements.push(message),
  });
  try {
    // --- a comment on a request with 50 collaborators ---
    const {
      rows: [{ count }],
    } = await client.query('select count(*)::int as count from waiver_collaborators where waiver_request_id = $1', [options.requestId]);
    await client.query(
      `with added as (insert into users (id, email, display_name)
        select gen_random_uuid(), 'notify-bench-' || n || '@bench.example', 'Collaborator ' || n from generate_series(1, $2::int) n returning id)
      insert into waiver_collaborators (id, waiver_request_id, user_id, role) select gen_random_uuid(), $1, id, 'REVIEWER' from added`,
      [options.requestId, Math.max(0, 50 - count)],
    );
    const {
      rows: [{ id: sectionId }],
    } = await client.query('select id from waiver_sections where waiver_request_id = $1 order by position limit 1', [options.requestId]);
    const token = await signToken(options.secret, { sub: options.authorEmail, email: options.authorEmail }, '1h');
    const comment = async () => {
      statements.length = 0;
      const response = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: COMMENT, variables: { input: { sectionId: toGlobalId('WaiverSection', sectionId), body: 'A question for everyone.' } } }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(`comment failed: ${JSON.stringify(body.errors)}`);
      return [...statements];
    };
    await comment();
    const run = await comment();
    const notifying = run.filter((sql) => sql.includes('with named as')).length;
    const enqueuing = run.filter((sql) => /insert into pgboss\.job/i.test(sql)).length;
    const {
      rows: [{ told }],
    } = await client.query(
      `select count(distinct n.recipient_id)::int as told from notification_activities a join notifications n on n.id = a.notification_id where n.subject_id = $1`,
      [options.requestId],
    );

    // --- a daily digest for `people` people, 20 unread activities each ---
    const { rows: requests } = await client.query<{ id: string }>('select id from waiver_requests order by id limit 4');
    const started = Date.now();
    await client.query('begin');
    await client.query(`create temp table nb_people on commit drop as select gen_random_uuid() as id, n from generate_series(1, $1::int) n`, [people]);
    await client.query(`insert into users (id, email, display_name) select id, 'digest-bench-' || n || '@bench.example', 'Digest reader ' || n from nb_people`);
    await client.query(
      `insert into waiver_collaborators (id, waiver_request_id, user_id, role) select gen_random_uuid(), r, p.id, 'REVIEWER' from nb_people p cross join unnest($1::uuid[]) r`,
      [requests.map((r) => r.id)],
    );
    await client.query(
      `insert into notifications (id, recipient_id, subject_type, subject_id, kind, title, detail, actor_ids, unread_count, activity_count, latest_at)
      select gen_random_uuid(), p.id, 'WaiverRequest', r, 'WAIVER_COMMENT', 'Seat-time flexibility', 'A comment', '{}', 5, 5, now() - interval '1 hour'
        from nb_people p cross join unnest($1::uuid[]) r`,
      [requests.map((r) => r.id)],
    );
    await client.query(`insert into notification_activities (id, notification_id, kind, actor_id, title, detail, at, in_app, email, batch)
      select gen_random_uuid(), n.id, 'WAIVER_COMMENT', null, n.title, 'Comment ' || k || ' on the draft', now() - (k || ' minutes')::interval, true, 'DAILY_DIGEST', gen_random_uuid()
        from notifications n join nb_people p on p.id = n.recipient_id cross join generate_series(1, 5) k`);
    await client.query('commit');
    await client.query('analyze notifications; analyze notification_activities; analyze waiver_collaborators; analyze users');
    const seeded = Date.now() - started;

    statements.length = 0;
    const digestStarted = Date.now();
    await hub.notifications.runDigest('DAILY', new Date(Date.now() + 1000));
    const expected = people;
    for (;;) {
      const {
        rows: [{ mails }],
      } = await client.query(
        `select count(*)::int as mails from notification_mails where idempotency_key like 'digest:DAILY:%' and user_id in (select id from users where email like 'digest-bench-%')`,
      );
      if (mails >= expected || Date.now() - digestStarted > 300_000) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const digestMs = Date.now() - digestStarted;
    const digestStatements = statements.length;

    printTable(
      'Notifications',
      ['measure', 'value'],
      [
        ['comment on a request with 50 collaborators: SQL statements (whole mutation)', run.length],
        ['  of which creating notifications (one upsert + activity insert)', notifying],
        ['  of which enqueuing the immediate-mail job (when someone takes it)', enqueuing],
        ['  people told', told],
        [`daily digest: people (20 unread activities each, 4 threads)`, people],
        ['  seeding the activities (s)', (seeded / 1000).toFixed(1)],
        ['  digest rendered and kept, one hub (s)', (digestMs / 1000).toFixed(1)],
        ['  SQL statements of the hub meanwhile', digestStatements],
      ],
    );
  } finally {
    await hub.close();
    await client.end();
  }
}
