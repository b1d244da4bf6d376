import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import {
  AddWaiverCommentDocument,
  CreateWaiverRequestDocument,
  InviteWaiverCollaboratorDocument,
  NotificationSettingsDocument,
  SetNotificationSettingsDocument,
} from '../generated/graphql';
import { startTestHub, type TestHub } from '../helpers/hub';
import { createOrm } from '../../src/db/orm';
import { migrateUp } from '../../src/db/migrate';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch';
import { entities } from '../../src/entities';
import { waiverFactories, type Person } from '../waivers/factories';
import { startSmtp, type TestSmtp } from './smtp';
import { registerReminder } from '../../src/modules/notifications/notification.queue';
import { subjectPath } from '../../src/modules/notifications/notification.mail';
import { subjectPath as webSubjectPath } from '../../src/web/inbox/subject';
import { toGlobalId } from '../../src/domain/global-id';
import { selectRows } from '../../src/db/select';

/**
 * The mail tests run on a database of their own: the job queue is the
 * database's, and hubs of other test files (which enqueue mail jobs and work
 * none) would otherwise leave jobs that keep "settled" from ever being true.
 */
let scratch: ScratchDatabase;
let t: TestHub;

/** Waits until the notification queues hold no unfinished job (every worker's work is done). */
async function settled(hub: TestHub, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 2) {
    if (Date.now() > until) throw new Error('the notification queues did not settle');
    quiet = (await hub.hub.notifications.pending()) === 0 ? quiet + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A lead with two requests and `a`, an author on both, who comments twice on the first and once on the second. */
async function twoThreads(hub: TestHub) {
  const make = waiverFactories(hub);
  const first = await make.buildWaiver('Seat-time flexibility');
  const token = first.lead.owner.token;
  const { createWaiverRequest: second } = await hub.data(
    CreateWaiverRequestDocument,
    { input: { districtId: first.lead.id, title: 'Flexible calendars', kind: 'MSIP6' } },
    { token },
  );
  const a = await make.buildPerson();
  for (const waiverRequestId of [first.id, second.id]) {
    await hub.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId, email: a.email, role: 'AUTHOR' } }, { token });
  }
  const say = (sectionId: string, body: string) => hub.data(AddWaiverCommentDocument, { input: { sectionId, body } }, { token: a.token });
  await say(first.sections[0].id, 'First thought on seat time.');
  await say(first.sections[0].id, 'Second thought on seat time.');
  await say(second.sections[0].id, 'About calendars.');
  return { lead: first.lead.owner, a };
}

/** A header as sent (mailparser folds the List-* headers into a structure). */
function header(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((entry) => entry.key === name)?.line;
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n\s+/g, '')
    .trim();
}

const escapeText = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function unsubscribeLink(mail: ParsedMail): string {
  return (header(mail, 'list-unsubscribe') ?? '').replace(/^<|>$/g, '');
}

/** Words a person could type, each a way to run script if it reached a mail's HTML as markup. */
const HOSTILE = `<script>alert("comment")</script> <img src=x onerror="alert('img')"> <a href="javascript:alert(1)">click</a> & more`;
const HOSTILE_TITLE = '<img src=x onerror=alert(3)> Seat time';
const HOSTILE_NAME = '<b onmouseover="alert(4)">Eve</b>';

/** The elements HTML mail is made of: anything else (script, img, iframe, svg, form…) means user words became markup. */
const MAIL_ELEMENTS = new Set(['html', 'head', 'meta', 'title', 'body', 'div', 'p', 'a', 'h2', 'h3', 'ul', 'li', 'hr', 'br']);

/**
 * Every start tag of an HTML text (an HTML parser makes an element only where
 * `<` is followed by a letter) with its attribute names. Attribute values in
 * our HTML are quoted and hold no `>` (escaped), so a tag ends at the first `>`.
 */
function tagsOf(html: string): Array<{ name: string; attributes: string[]; raw: string }> {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)].map(([raw, name, rest]) => ({
    name: name.toLowerCase(),
    attributes: [...rest.replace(/"[^"]*"|'[^']*'/g, '').matchAll(/([^\s=/]+)\s*(=|$|\s)/g)].map(([, attribute]) => attribute.toLowerCase()),
    raw,
  }));
}

/** The HTML is inert: only mail elements, no event handler attributes, no script URLs, and the words are there as text. */
function expectInert(html: string): void {
  const tags = tagsOf(html);
  expect(tags.filter((tag) => !MAIL_ELEMENTS.has(tag.name)).map((tag) => tag.raw)).toEqual([]);
  expect(tags.filter((tag) => tag.attributes.some((attribute) => attribute.startsWith('on'))).map((tag) => tag.raw)).toEqual([]);
  expect(html).not.toMatch(/href="\s*javascript:/i);
}

/** An attribute value or text as the browser reads it (numeric and the basic named entities). */
const NAMED: Record<string, string> = { quot: '"', lt: '<', gt: '>', amp: '&' };
const unescapeHtml = (text: string) =>
  text.replace(/&(#\d+|quot|lt|gt|amp);/g, (_m, entity: string) => (entity.startsWith('#') ? String.fromCharCode(Number(entity.slice(1))) : NAMED[entity]));

// Each test starts hubs with pg-boss and waits for mail through its polling workers: slow on a loaded machine, so more time than the suite's 30 s (nothing here is timed).
describe('notification email', { timeout: 90_000 }, () => {
  let smtp: TestSmtp;
  const hubs: TestHub[] = [];
  // The scheduled queues' workers look for jobs every second here (jobs sent straight to pg-boss wait for that).
  const worker = async (extra: Record<string, string> = {}) => {
    const hub = await startTestHub(
      { SMTP_URL: smtp.url, NOTIFICATION_WORKERS: 'true', NOTIFICATION_SCHEDULED_POLL_SECONDS: '1', ...extra },
      { databaseUrl: scratch.url },
    );
    hubs.push(hub);
    return hub;
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase(inject('databaseUrl'), 'cnz_mail');
    const orm = await createOrm({ clientUrl: scratch.url, entities });
    try {
      await migrateUp(orm);
    } finally {
      await orm.close();
    }
    t = await startTestHub({}, { databaseUrl: scratch.url });
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await Promise.all(hubs.map((hub) => hub.close()));
    await t?.close();
    await smtp?.close();
    await scratch?.drop();
  });

  it('mails a daily digest once, grouped per thread, with a one-click unsubscribe link that works without signing in', async () => {
    const hub = await worker();
    const { lead } = await twoThreads(hub);
    const windowEnd = new Date(Date.now() + 1000);
    await Promise.all([hub.hub.notifications.runDigest('DAILY', windowEnd), hub.hub.notifications.runDigest('DAILY', windowEnd)]);
    // A second job for the same window, as a retry or a second scheduler would make: its mails are the same mails.
    await hub.hub.notifications.boss.send('notification-digest-daily', { windowEnd: windowEnd.toISOString() });
    const [digest] = await smtp.waitFor(lead.email);
    await settled(hub);
    expect(smtp.to(lead.email)).toHaveLength(1);

    expect(digest.subject).toMatch(/commented on “(Seat-time flexibility|Flexible calendars)”.*\(and 2 more updates on 2 threads\)/);
    expect(digest.text).toContain('## Seat-time flexibility (2 unread)');
    expect(digest.text).toContain('## Flexible calendars (1 unread)');
    expect(digest.text).toContain('First thought on seat time.');
    // Each thread's heading links to its waiver request's page in the web app.
    expect(String(digest.html).match(/<h3[^>]*><a href="http:\/\/127\.0\.0\.1:\d+\/waivers\/[A-Za-z0-9_-]+"/g)).toHaveLength(2);
    expect(header(digest, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    const link = unsubscribeLink(digest);
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/notifications\/unsubscribe\?token=/);
    const confirm = await fetch(link);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('New comment');
    const done = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(done.status).toBe(200);
    const { notificationSettings } = await hub.data(NotificationSettingsDocument, {}, { token: lead.token });
    expect(notificationSettings.find((setting) => setting.kind === 'WAIVER_COMMENT')).toMatchObject({ email: 'NONE', inApp: true });

    const forged = await fetch(`${link.slice(0, -3)}abc`, { method: 'POST' });
    expect(forged.status).toBe(400);
  });

  it('retries a mail the SMTP server refused and delivers it exactly once', async () => {
    const hub = await worker();
    const make = waiverFactories(hub);
    const waiver = await make.buildWaiver();
    const invited = await make.buildPerson();
    smtp.refuseNext(invited.email, 1);
    const refusedBefore = smtp.refused;
    await hub.data(
      InviteWaiverCollaboratorDocument,
      { input: { waiverRequestId: waiver.id, email: invited.email, role: 'REVIEWER' } },
      { token: waiver.lead.owner.token },
    );
    const [mail] = await smtp.waitFor(invited.email);
    await settled(hub);
    expect(smtp.to(invited.email)).toHaveLength(1);
    expect(smtp.refused).toBe(refusedBefore + 1);
    expect(mail.subject).toContain('added you as reviewer');
    expect(mail.text).toContain('/notifications/unsubscribe?token=');
  });

  it('mails at once, though the mail queues look for jobs only hourly: the hub wakes its workers when the write that enqueued commits', async () => {
    const hub = await worker({ NOTIFICATION_MAIL_POLL_SECONDS: '3600' });
    const make = waiverFactories(hub);
    const waiver = await make.buildWaiver();
    const invited = await make.buildPerson();
    await hub.data(
      InviteWaiverCollaboratorDocument,
      { input: { waiverRequestId: waiver.id, email: invited.email, role: 'AUTHOR' } },
      { token: waiver.lead.owner.token },
    );
    const [mail] = await smtp.waitFor(invited.email);
    expect(mail.subject).toContain('added you as author');
    await settled(hub);
  });

  it('works a digest asked for with runDigest at once, though the scheduled queues look for jobs only hourly', async () => {
    const hub = await worker({ NOTIFICATION_SCHEDULED_POLL_SECONDS: '3600' });
    const { lead } = await twoThreads(hub);
    await hub.hub.notifications.runDigest('DAILY', new Date(Date.now() + 1000));
    const [digest] = await smtp.waitFor(lead.email);
    expect(digest.subject).toMatch(/commented on/);
    await settled(hub);
  });

  it('keeps a digest job across a restart: enqueued by a hub that stopped, sent once by the next', async () => {
    const first = await startTestHub({ SMTP_URL: smtp.url, NOTIFICATION_WORKERS: 'false' }, { databaseUrl: scratch.url });
    const { lead } = await twoThreads(first);
    await first.hub.notifications.runDigest('DAILY', new Date(Date.now() + 1000));
    await first.close();
    expect(smtp.to(lead.email)).toHaveLength(0);
    const next = await worker();
    await smtp.waitFor(lead.email);
    await settled(next);
    expect(smtp.to(lead.email)).toHaveLength(1);
  });

  it('sends nothing twice when two hubs on one database work the queue', async () => {
    const [one, two] = [await worker(), await worker()];
    const leads: Person[] = [];
    for (let i = 0; i < 4; i++) leads.push((await twoThreads(i % 2 ? one : two)).lead);
    const windowEnd = new Date(Date.now() + 1000);
    await Promise.all([one.hub.notifications.runDigest('DAILY', windowEnd), two.hub.notifications.runDigest('DAILY', windowEnd)]);
    await one.hub.notifications.boss.send('notification-digest-daily', { windowEnd: windowEnd.toISOString() });
    await two.hub.notifications.boss.send('notification-digest-daily', { windowEnd: windowEnd.toISOString() });
    await Promise.all(leads.map((lead) => smtp.waitFor(lead.email)));
    await settled(one);
    for (const lead of leads) expect(smtp.to(lead.email)).toHaveLength(1);
  });

  it('starts the job queue with the hub and stops it when the hub closes', async () => {
    const hub = await startTestHub({ SMTP_URL: smtp.url, NOTIFICATION_WORKERS: 'true' }, { databaseUrl: scratch.url });
    const { boss } = hub.hub.notifications;
    const stopped = new Promise<void>((resolve) => boss.once('stopped', () => resolve()));
    expect(await boss.getQueue('notification-send')).toMatchObject({ name: 'notification-send' });
    await hub.close();
    await stopped;
    await expect(boss.send('notification-send', { mailId: '00000000-0000-0000-0000-000000000000' })).rejects.toThrow();
  });

  it('starts pg-boss on a hub that works no queue only when it first enqueues, and that job is mailed', async () => {
    const hub = await startTestHub({ SMTP_URL: smtp.url, NOTIFICATION_WORKERS: 'false' }, { databaseUrl: scratch.url });
    hubs.push(hub);
    const make = waiverFactories(hub);
    const waiver = await make.buildWaiver('Started when needed');
    const invited = await make.buildPerson();
    // Mutations that mail nobody right away leave the queue unstarted.
    expect(hub.hub.notifications.started()).toBe(false);
    await hub.data(
      InviteWaiverCollaboratorDocument,
      { input: { waiverRequestId: waiver.id, email: invited.email, role: 'AUTHOR' } },
      { token: waiver.lead.owner.token },
    );
    expect(hub.hub.notifications.started()).toBe(true);
    const working = await worker();
    const [mail] = await smtp.waitFor(invited.email);
    await settled(working);
    expect(mail.subject).toContain('added you as author on “Started when needed”');
    expect(smtp.to(invited.email)).toHaveLength(1);
  });

  it('retries a lazy start that failed on a fresh pg-boss: the mutation that needed it fails whole, the next one enqueues', async () => {
    // A database whose pgboss schema claims version 1 and holds nothing: pg-boss's start fails there, midway (a failed pg-boss
    // stays "starting", and its start() returns at once ever after, started or not: only a fresh one can start).
    const broken = await createScratchDatabase(inject('databaseUrl'), 'cnz_mail_broken');
    const orm = await createOrm({ clientUrl: broken.url, entities });
    let hub: TestHub | undefined;
    try {
      await migrateUp(orm);
      const sql = (text: string) => orm.em.fork().getConnection().execute(text);
      await sql('create schema pgboss');
      await sql('create table pgboss.version (version int primary key, maintained_on timestamptz, cron_on timestamptz, monitored_on timestamptz)');
      await sql('insert into pgboss.version (version) values (1)');
      hub = await startTestHub({ NOTIFICATION_WORKERS: 'false' }, { databaseUrl: broken.url });
      const make = waiverFactories(hub);
      const waiver = await make.buildWaiver('Queue away');
      const [first, second] = [await make.buildPerson(), await make.buildPerson()];
      const invite = (person: Person) =>
        hub!.request(
          InviteWaiverCollaboratorDocument,
          { input: { waiverRequestId: waiver.id, email: person.email, role: 'AUTHOR' } },
          { token: waiver.lead.owner.token },
        );
      const refused = await invite(first);
      expect(refused.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      const count = async (table: string) => Number((await selectRows<{ count: string }>(orm.em.fork(), `select count(*) from ${table}`))[0].count);
      // The invitation and its notification were one transaction with the enqueue: none of it stayed.
      expect(await count('notifications')).toBe(0);
      expect(hub.hub.notifications.started()).toBe(false);

      await sql('drop schema pgboss cascade');
      expect((await invite(second)).errors).toBeUndefined();
      expect(hub.hub.notifications.started()).toBe(true);
      expect(await count(`pgboss.job where name = 'notification-immediate'`)).toBe(1);
      expect(await count('notifications')).toBe(1);
    } finally {
      await hub?.close();
      await orm.close();
      await broken.drop();
    }
  });

  it("sends a schedule's job once per time across instances, and leaves none in pg-boss's own schedules", async () => {
    const runs: Date[] = [];
    // Every 2 seconds (cron-parser reads a seconds field): two instances keep the schedule, each sends at each time.
    registerReminder({ name: 'notification-reminder-test', cron: '*/2 * * * * *', run: async (_em, now) => void runs.push(now) });
    try {
      const [one, two] = [await worker(), await worker()];
      await expect.poll(() => runs.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
      await two.close();
      const [jobs] = await one.hub.orm.em
        .fork()
        .getConnection()
        .execute<Array<{ times: number; jobs: number }>>(
          `select count(distinct singleton_key)::int as times, count(*)::int as jobs from pgboss.job where name = 'notification-reminder-test'`,
        );
      expect(jobs.times).toBeGreaterThanOrEqual(3);
      expect(jobs.jobs).toBe(jobs.times);
      expect(await one.hub.notifications.boss.getSchedules()).toEqual([]);
    } finally {
      registerReminder({ name: 'notification-reminder-test', cron: '0 0 1 1 *', run: async () => undefined });
    }
  });

  it("links each thread to its page in the web app, by the web app's own rules", () => {
    const id = '0b9d6c1e-5a0e-4c8e-9c66-3f0c7d2a9e11';
    const pages = {
      WaiverRequest: `/waivers/${toGlobalId('WaiverRequest', id)}`,
      Partnership: `/b2e/partnerships/${toGlobalId('Partnership', id)}`,
      ZoneApplication: `/applications/${toGlobalId('ZoneApplication', id)}`,
      LearningModule: `/learning/modules/${toGlobalId('LearningModule', id)}`,
    } as const;
    for (const [type, page] of Object.entries(pages) as Array<[keyof typeof pages, string]>) {
      expect(subjectPath(type, id)).toBe(page);
      expect(webSubjectPath(toGlobalId(type, id))).toBe(page);
    }
    // A global id of no known type (or not one at all) has no page in the web app.
    expect(webSubjectPath(toGlobalId('Organization', id))).toBeNull();
    expect(webSubjectPath('not a global id')).toBeNull();
  });

  it("mails HTML beside the plain text, immediate and digest, with people's words escaped into inert text", async () => {
    const hub = await worker();
    const make = waiverFactories(hub);
    const waiver = await make.buildWaiver(HOSTILE_TITLE);
    const token = waiver.lead.owner.token;
    const [a, b] = [await make.buildPerson(), await make.buildPerson()];
    for (const person of [a, b]) {
      await hub.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId: waiver.id, email: person.email, role: 'AUTHOR' } }, { token });
    }
    await hub.hub.orm.em.fork().getConnection().execute('update users set display_name = ? where email = ?', [HOSTILE_NAME, a.email]);
    // The lead takes comments right away; b in the daily digest (the default).
    await hub.data(SetNotificationSettingsDocument, { input: { settings: [{ kind: 'WAIVER_COMMENT', email: 'IMMEDIATE' }] } }, { token });
    await hub.data(AddWaiverCommentDocument, { input: { sectionId: waiver.sections[0].id, body: HOSTILE } }, { token: a.token });
    const [immediate] = await smtp.waitFor(waiver.lead.owner.email);
    await hub.hub.notifications.runDigest('DAILY', new Date(Date.now() + 1000));
    // b's first mail told of the invitation (right away by default); the second is the digest.
    const digest = (await smtp.waitFor(b.email, 2)).find((mail) => mail.subject?.includes('commented'))!;
    await settled(hub);
    expect(digest).toBeDefined();
    expect(smtp.to(b.email)).toHaveLength(2);

    for (const mail of [immediate, digest]) {
      // Both parts: the words as typed in the text, escaped in the HTML, which is a whole document.
      expect(mail.text).toContain(HOSTILE);
      expect(mail.text).toContain(HOSTILE_NAME);
      expect(mail.html).toBeTruthy();
      const html = mail.html as string;
      expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
      expectInert(html);
      expect(unescapeHtml(html)).toContain(HOSTILE);
      expect(unescapeHtml(html)).toContain(HOSTILE_TITLE);
      expect(unescapeHtml(html)).toContain(HOSTILE_NAME);
      expect(html).toContain('&#60;script&#62;alert(&#34;comment&#34;)&#60;/script&#62;');
      // Links to the hub's pages: the thread (its waiver request's page), the settings, one unsubscribe link per kind.
      const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map(([, href]) => unescapeHtml(href));
      const base = /^http:\/\/127\.0\.0\.1:\d+/.exec(hrefs[0])![0];
      expect(hrefs.every((href) => href.startsWith(`${base}/`))).toBe(true);
      expect(hrefs).toContain(`${base}/waivers/${waiver.id}`);
      expect(hrefs).toContain(`${base}/inbox/settings`);
      expect(hrefs.filter((href) => href.startsWith(`${base}/notifications/unsubscribe?token=`))).toHaveLength(1);
      expect(hrefs).toContain(unsubscribeLink(mail));
    }
    expect(immediate.subject).toContain(HOSTILE_NAME);
    expect(digest.subject).toContain(HOSTILE_NAME);
  });

  it('keeps mail in the database without SMTP_URL, shown at /dev/mail only with the dev secret', async () => {
    const { lead } = await twoThreads(t);
    await t.data(SetNotificationSettingsDocument, { input: { settings: [{ kind: 'WAIVER_COMMENT', email: 'IMMEDIATE' }] } }, { token: lead.token });
    expect((await fetch(t.url.replace('/graphql', '/dev/mail'))).status).toBe(404);
    const dev = await startTestHub({ JWT_SECRET: '', NOTIFICATION_WORKERS: 'true' }, { databaseUrl: scratch.url });
    hubs.push(dev);
    const make = waiverFactories(t);
    const waiver = await make.buildWaiver('Kept, not sent');
    const invited = await make.buildPerson();
    await t.data(
      InviteWaiverCollaboratorDocument,
      { input: { waiverRequestId: waiver.id, email: invited.email, role: 'AUTHOR' } },
      { token: waiver.lead.owner.token },
    );
    await settled(dev);
    const response = await fetch(dev.url.replace('/graphql', '/dev/mail'));
    const page = await response.text();
    expect(page).toContain(invited.email);
    expect(page).toContain('added you as author on “Kept, not sent”');

    // A mail whose words are hostile, kept: its HTML is shown in a frame that runs nothing, its text as text.
    await t.data(
      SetNotificationSettingsDocument,
      { input: { settings: [{ kind: 'WAIVER_COMMENT', email: 'IMMEDIATE' }] } },
      { token: waiver.lead.owner.token },
    );
    await t.data(AddWaiverCommentDocument, { input: { sectionId: waiver.sections[0].id, body: HOSTILE } }, { token: invited.token });
    await settled(dev);
    const [kept] = await selectRows<{ html: string; text: string }>(
      t.hub.orm.em.fork(),
      'select html, text from notification_mails where to_address = ? and text like ?',
      [waiver.lead.owner.email, '%commented%'],
    );
    expect(kept).toBeDefined();
    const shown = await fetch(dev.url.replace('/graphql', '/dev/mail'));
    const csp = shown.headers.get('content-security-policy') ?? '';
    expect(csp.split(/;\s*/)).toEqual(expect.arrayContaining(["default-src 'none'", "script-src 'none'", "form-action 'none'"]));
    const outbox = await shown.text();
    // The page itself: no script element, no handler; each frame sandboxed without allow-scripts, its document the mail's HTML.
    const tags = tagsOf(outbox);
    expect(tags.filter((tag) => ['script', 'img', 'object', 'embed'].includes(tag.name))).toEqual([]);
    expect(tags.filter((tag) => tag.attributes.some((attribute) => attribute.startsWith('on')))).toEqual([]);
    const frames = [...outbox.matchAll(/<iframe sandbox="" srcdoc="([^"]*)"/g)].map(([, srcdoc]) => unescapeHtml(srcdoc));
    expect(frames.length).toBe(tags.filter((tag) => tag.name === 'iframe').length);
    expect(frames).toContain(kept.html);
    expectInert(kept.html);
    expect(outbox).toContain(escapeText(kept.text));
  });
});
