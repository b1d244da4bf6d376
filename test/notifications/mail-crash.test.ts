/**
 * A hub killed with SIGKILL while it sends a mail (its `notification-send`
 * job fetched, the SMTP server holding the message unanswered at the end of
 * DATA): another hub on the same database retries the expired job, and every
 * recipient gets the mail once, under the Message-ID its row names. And the
 * one instant that is at-least-once, said plainly: a hub killed after the
 * SMTP server accepted a mail, before it marked the mail sent, leaves a copy
 * that the retry resends under the same Message-ID (receivers drop it).
 *
 * On a database of its own (the job queue is the database's), with the job
 * policy from configuration: jobs expire 3 s after they started, and the
 * recovering hub runs pg-boss maintenance every second.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { InviteWaiverCollaboratorDocument } from '../generated/graphql';
import { freePort } from '../global-setup';
import { startTestHub, TEST_SECRET, type TestHub } from '../helpers/hub';
import { createOrm } from '../../src/db/orm';
import { migrateUp } from '../../src/db/migrate';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch';
import { selectRows } from '../../src/db/select';
import { entities } from '../../src/entities';
import { waiverFactories, type Person } from '../waivers/factories';
import { startSmtp, type TestSmtp } from './smtp';

const root = path.resolve(__dirname, '../..');
// Built into a directory of its own: the co-typing crash test builds dist/ too, and a file rewritten while a child loads it would be torn.
const BUILD = 'dist/mail-crash/dist';
const POLICY = { NOTIFICATION_JOB_EXPIRE_SECONDS: '3', NOTIFICATION_JOB_RETRY_DELAY_SECONDS: '1' };

let scratch: ScratchDatabase;
let smtp: TestSmtp;
/** Makes the data (works no queue). */
let t: TestHub;

async function eventually(check: () => Promise<boolean> | boolean, what: () => string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const rows = <R extends object>(sql: string, params: unknown[] = []) => selectRows<R>(t.hub.orm.em.fork(), sql, params);

/** The stored mails to these addresses. */
const mailsTo = (addresses: string[]) =>
  rows<{ id: string; to_address: string; sent_at: Date | null }>('select id, to_address, sent_at from notification_mails where to_address = any(?::text[])', [
    `{${addresses.join(',')}}`,
  ]);

const sendJobs = (state: string) =>
  rows<{ count: string }>(`select count(*) from pgboss.job where name = 'notification-send' and state = ?`, [state]).then(([row]) => Number(row.count));

/** A hub process (the built code, as in production) that works the queue and sends to the test's SMTP server. */
async function childHub(): Promise<{ child: ChildProcess; exited: Promise<unknown> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [`${BUILD}/src/main.js`], {
    cwd: root,
    env: {
      ...process.env,
      ...POLICY,
      DATABASE_URL: scratch.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      CNZ_DEMO: 'false',
      REDIS_URL: '',
      SMTP_URL: smtp.url,
      NOTIFICATION_WORKERS: 'true',
    },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.on('close', resolve));
  await eventually(
    () =>
      fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      ),
    () => 'the child hub never became ready',
  );
  return { child, exited };
}

/** A hub in this process that works the queue (and runs pg-boss maintenance every second), for as long as `work` runs. */
async function recoveringHub<T>(work: (hub: TestHub) => Promise<T>): Promise<T> {
  const hub = await startTestHub(
    { ...POLICY, SMTP_URL: smtp.url, NOTIFICATION_WORKERS: 'true', NOTIFICATION_QUEUE_MAINTENANCE_SECONDS: '1' },
    { databaseUrl: scratch.url },
  );
  try {
    return await work(hub);
  } finally {
    await hub.close();
  }
}

async function settled(hub: TestHub): Promise<void> {
  let quiet = 0;
  await eventually(
    async () => {
      quiet = (await hub.hub.notifications.pending()) === 0 ? quiet + 1 : 0;
      return quiet >= 2;
    },
    () => 'the notification queues did not settle',
  );
}

/** Invites each person to a new waiver request: one immediate mail each (WAIVER_COLLABORATOR_ADDED mails right away by default). */
async function invite(count: number) {
  const make = waiverFactories(t);
  const waiver = await make.buildWaiver('Kept through a crash');
  const people: Person[] = [];
  for (let i = 0; i < count; i++) people.push(await make.buildPerson());
  for (const person of people) smtp.hold(person.email);
  return {
    emails: people.map((person) => person.email),
    send: () =>
      Promise.all(
        people.map((person) =>
          t.data(
            InviteWaiverCollaboratorDocument,
            { input: { waiverRequestId: waiver.id, email: person.email, role: 'AUTHOR' } },
            { token: waiver.lead.owner.token },
          ),
        ),
      ),
  };
}

const messageIds = (address: string) => smtp.to(address).map((mail) => mail.messageId);

describe('mail across a hub killed while sending', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    // The killed hub runs the built code, as in production.
    execFileSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', BUILD, '--tsBuildInfoFile', `${BUILD}/.tsbuildinfo`],
      { cwd: root },
    );
    scratch = await createScratchDatabase(inject('databaseUrl'), 'cnz_mail_crash');
    const orm = await createOrm({ clientUrl: scratch.url, entities });
    try {
      await migrateUp(orm);
    } finally {
      await orm.close();
    }
    smtp = await startSmtp();
    t = await startTestHub(POLICY, { databaseUrl: scratch.url });
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await scratch?.drop();
  });

  it('delivers each mail exactly once when the hub is killed between "job fetched" and "sent", and loses none', async () => {
    const { emails, send } = await invite(3);
    const { child, exited } = await childHub();
    try {
      await send();
      // The child rendered the three mails and holds a send job open on one of them, the SMTP server waiting to answer its DATA.
      let stored = 0;
      await eventually(
        async () => (stored = (await mailsTo(emails)).length) === 3 && emails.some((email) => smtp.held(email) > 0),
        () => `mails stored: ${stored} of 3, held: ${emails.map((email) => smtp.held(email)).join(',')}`,
      );
      expect(await sendJobs('active')).toBeGreaterThanOrEqual(1);
      expect((await mailsTo(emails)).filter((mail) => mail.sent_at)).toHaveLength(0);
      const held = emails.reduce((sum, email) => sum + smtp.held(email), 0);
      const abandonedBefore = smtp.abandoned;
      child.kill('SIGKILL');
      await exited;
      await eventually(
        () => smtp.abandoned === abandonedBefore + held,
        () => `the killed hub's SMTP connections stayed open (${smtp.abandoned - abandonedBefore} of ${held} closed)`,
      );
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    for (const email of emails) smtp.unhold(email);
    expect(emails.flatMap((email) => smtp.to(email))).toHaveLength(0);

    await recoveringHub(async (hub) => {
      await Promise.all(emails.map((email) => smtp.waitFor(email, 1, 60_000)));
      await settled(hub);
    });
    const stored = await mailsTo(emails);
    expect(stored).toHaveLength(3);
    for (const email of emails) {
      const [mail] = stored.filter((row) => row.to_address === email);
      expect(mail.sent_at).not.toBeNull();
      // Exactly once per recipient, under the Message-ID of its row.
      expect(messageIds(email)).toEqual([`<${mail.id}@cnz-hub>`]);
    }
    expect(await sendJobs('active')).toBe(0);
  });

  it('resends under the same Message-ID a mail the SMTP server accepted just before the hub was killed (the at-least-once instant)', async () => {
    const { emails, send } = await invite(1);
    const [email] = emails;
    const { child, exited } = await childHub();
    try {
      await send();
      await eventually(
        () => smtp.held(email) === 1,
        () => 'the child never sent its DATA',
      );
      // Frozen before it reads the server's answer: the server accepts the mail, the hub never marks it sent.
      process.kill(child.pid!, 'SIGSTOP');
      expect(await smtp.accept(email)).toBe(1);
      child.kill('SIGKILL');
      await exited;
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    smtp.unhold(email);
    const [before] = await mailsTo(emails);
    expect(before.sent_at).toBeNull();
    expect(messageIds(email)).toEqual([`<${before.id}@cnz-hub>`]);

    await recoveringHub(async (hub) => {
      await smtp.waitFor(email, 2, 60_000);
      await settled(hub);
    });
    const [after] = await mailsTo(emails);
    expect(after.sent_at).not.toBeNull();
    // Two copies arrived, one Message-ID: a receiver that drops duplicates by Message-ID shows it once.
    expect(messageIds(email)).toEqual([`<${before.id}@cnz-hub>`, `<${before.id}@cnz-hub>`]);
    expect(new Set(messageIds(email)).size).toBe(1);
  });
});
