/**
 * Mails: an immediate mail for one activity, a digest grouping a person's
 * unread activity per thread; both in plain text and HTML, every link to the
 * hub, a signed one-click unsubscribe link per kind (RFC 8058:
 * `List-Unsubscribe` and `List-Unsubscribe-Post`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { toGlobalId } from '../../domain/global-id';
import { NOTIFICATION_KINDS, NotificationKind, sentenceOf, type SubjectType } from './notification.kinds';
import { mentionedIds, renderMentions } from './notification.mentions';

export interface MailLinks {
  publicUrl: string;
  unsubscribeSecret: string;
}

/** What an unsubscribe token names: a person and the kinds they stop getting by email. */
export interface Unsubscribe {
  userId: string;
  kinds: NotificationKind[];
}

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('base64url');

export function unsubscribeToken(secret: string, unsubscribe: Unsubscribe): string {
  const body = Buffer.from(JSON.stringify({ u: unsubscribe.userId, k: unsubscribe.kinds })).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/** The person and kinds a token names, or null when it is not one this hub signed. */
export function readUnsubscribeToken(secret: string, token: string): Unsubscribe | null {
  if (typeof token !== 'string' || token.length > 2000) return null;
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { u?: unknown; k?: unknown };
    const kinds = Array.isArray(parsed.k) ? parsed.k.filter((kind): kind is NotificationKind => typeof kind === 'string' && kind in NOTIFICATION_KINDS) : [];
    return typeof parsed.u === 'string' && kinds.length ? { userId: parsed.u, kinds } : null;
  } catch {
    return null;
  }
}

export function unsubscribeUrl(links: MailLinks, unsubscribe: Unsubscribe): string {
  return `${links.publicUrl}/notifications/unsubscribe?token=${unsubscribeToken(links.unsubscribeSecret, unsubscribe)}`;
}

/**
 * The web app's page for a subject, by the rules of `src/web/inbox/subject.ts`
 * (`subjectPath`, which the web app links inbox threads with; the web app and
 * the server share no code, so test/notifications/email.test.ts holds the two
 * to the same answers): each page takes the subject's global id as its `:id`
 * (waiver requests `/waivers/:id`, zone applications `/applications/:id`,
 * partnerships `/b2e/partnerships/:id`, learning modules
 * `/learning/modules/:id`); any other type opens the inbox, where its thread is.
 */
export function subjectPath(subjectType: SubjectType, subjectId: string): string {
  switch (subjectType) {
    case 'LearningModule':
      return `/learning/modules/${toGlobalId(subjectType, subjectId)}`;
    case 'Partnership':
      return `/b2e/partnerships/${toGlobalId(subjectType, subjectId)}`;
    case 'WaiverRequest':
      return `/waivers/${toGlobalId(subjectType, subjectId)}`;
    case 'ZoneApplication':
      return `/applications/${toGlobalId(subjectType, subjectId)}`;
    default:
      return '/inbox';
  }
}

/** Where a thread opens in the hub (PUBLIC_URL and the web app's page for its subject). */
export function subjectUrl(links: MailLinks, subjectType: SubjectType, subjectId: string): string {
  return `${links.publicUrl}${subjectPath(subjectType, subjectId)}`;
}

/** The web app's notification settings page. */
export const settingsUrl = (links: MailLinks) => `${links.publicUrl}/inbox/settings`;

/** One activity as a mail or digest shows it. */
export interface MailActivity {
  kind: NotificationKind;
  title: string;
  detail: string | null;
  actorName: string | null;
  at: Date;
}

/** One thread of a digest: its subject and its unread activities, newest first. */
export interface MailThread {
  subjectType: SubjectType;
  subjectId: string;
  title: string;
  activities: MailActivity[];
}

export interface Recipient {
  userId: string;
  email: string;
  displayName: string;
}

export interface RenderedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Text as HTML text or attribute value: every character that could start markup or end an attribute is an entity. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function line(activity: MailActivity, names: ReadonlyMap<string, string>): string {
  const text = sentenceOf(activity.kind, activity.title, activity.detail, activity.actorName);
  return mentionedIds(text).length ? renderMentions(text, names) : text;
}

function headersFor(links: MailLinks, recipient: Recipient, kinds: NotificationKind[]): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl(links, { userId: recipient.userId, kinds })}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

function footer(links: MailLinks, recipient: Recipient, kinds: NotificationKind[]): { text: string; html: string } {
  const stops = kinds.map((kind) => ({
    label: `Stop emails: ${NOTIFICATION_KINDS[kind].headline.toLowerCase()}`,
    url: unsubscribeUrl(links, { userId: recipient.userId, kinds: [kind] }),
  }));
  const settings = settingsUrl(links);
  return {
    text: ['', '--', ...stops.map((stop) => `${stop.label}: ${stop.url}`), `All your notification settings: ${settings}`].join('\n'),
    html: `<hr style="border:0;border-top:1px solid #ccc;margin:24px 0 12px"><p style="font-size:12px;line-height:1.6;color:#555;margin:0">You get these emails because of your notification settings in the CNZ hub.<br>${stops
      .map((stop) => `<a href="${escapeHtml(stop.url)}" style="color:#555">${escapeHtml(stop.label)}</a>`)
      .join('<br>')}<br><a href="${escapeHtml(settings)}" style="color:#555">All your notification settings</a></p>`,
  };
}

const LINK = 'color:#0b5cad';
const BUTTON = 'display:inline-block;padding:8px 14px;background:#0b5cad;color:#fff;text-decoration:none;border-radius:4px';

/**
 * A whole HTML document for a mail: no script, no remote content, inline
 * styles only (what mail clients keep), every piece of text escaped by the
 * caller, user words (titles, comments, names) as text in pre-wrapped
 * paragraphs, never as markup.
 */
function htmlDocument(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="margin:0;padding:0;background:#f4f4f4"><div style="max-width:600px;margin:0 auto;padding:24px;background:#fff;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222">${body}</div></body></html>`;
}

/** A mail for one activity (kinds delivered IMMEDIATE). */
export function renderImmediate(links: MailLinks, recipient: Recipient, thread: MailThread, names: ReadonlyMap<string, string> = new Map()): RenderedMail {
  const [activity] = thread.activities;
  const sentence = line(activity, names);
  const url = subjectUrl(links, thread.subjectType, thread.subjectId);
  const foot = footer(links, recipient, [activity.kind]);
  return {
    to: recipient.email,
    subject: sentence.length > 150 ? `${sentence.slice(0, 149)}…` : sentence,
    text: `Hello ${recipient.displayName},\n\n${sentence}\n\nOpen it in the hub: ${url}\n${foot.text}\n`,
    html: htmlDocument(
      sentence,
      `<p>Hello ${escapeHtml(recipient.displayName)},</p><p style="white-space:pre-wrap">${escapeHtml(sentence)}</p><p><a href="${escapeHtml(url)}" style="${BUTTON}">Open “${escapeHtml(thread.title)}” in the hub</a></p>${foot.html}`,
    ),
    headers: headersFor(links, recipient, [activity.kind]),
  };
}

/** One digest: the person's threads with unread activity, each with its activities, newest first. */
export function renderDigest(
  links: MailLinks,
  recipient: Recipient,
  period: 'DAILY' | 'WEEKLY',
  threads: MailThread[],
  names: ReadonlyMap<string, string> = new Map(),
): RenderedMail {
  const count = threads.reduce((sum, thread) => sum + thread.activities.length, 0);
  const kinds = [...new Set(threads.flatMap((thread) => thread.activities.map((activity) => activity.kind)))];
  const first = line(threads[0].activities[0], names);
  const more = count - 1;
  const subject =
    more === 0
      ? first
      : `${first.length > 110 ? `${first.slice(0, 109)}…` : first} (and ${more} more update${more === 1 ? '' : 's'} on ${threads.length} thread${threads.length === 1 ? '' : 's'})`;
  const heading = period === 'DAILY' ? 'Your day in the CNZ hub' : 'Your week in the CNZ hub';
  const foot = footer(links, recipient, kinds);
  const textThreads = threads.map((thread) => {
    const url = subjectUrl(links, thread.subjectType, thread.subjectId);
    return [
      `## ${thread.title} (${thread.activities.length} unread)`,
      ...thread.activities.map((activity) => `- ${line(activity, names)}`),
      `Open: ${url}`,
    ].join('\n');
  });
  const htmlThreads = threads.map((thread) => {
    const url = subjectUrl(links, thread.subjectType, thread.subjectId);
    const items = thread.activities.map((activity) => `<li style="white-space:pre-wrap;margin:4px 0">${escapeHtml(line(activity, names))}</li>`).join('');
    return `<h3 style="font-size:17px;margin:20px 0 6px"><a href="${escapeHtml(url)}" style="${LINK}">${escapeHtml(thread.title)}</a> (${thread.activities.length} unread)</h3><ul style="margin:0;padding-left:20px">${items}</ul>`;
  });
  return {
    to: recipient.email,
    subject,
    text: `${heading}\n\nHello ${recipient.displayName}, ${count} update${count === 1 ? '' : 's'} you have not read:\n\n${textThreads.join('\n\n')}\n${foot.text}\n`,
    html: htmlDocument(
      subject,
      `<h2 style="font-size:20px;margin:0 0 12px">${escapeHtml(heading)}</h2><p>Hello ${escapeHtml(recipient.displayName)}, ${count} update${count === 1 ? '' : 's'} you have not read:</p>${htmlThreads.join('')}<p style="margin-top:20px"><a href="${escapeHtml(`${links.publicUrl}/inbox`)}" style="${BUTTON}">Open your inbox</a></p>${foot.html}`,
    ),
    headers: headersFor(links, recipient, kinds),
  };
}
