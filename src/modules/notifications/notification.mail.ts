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

/** Where a thread opens in the hub: its subject's global id. */
export function subjectUrl(links: MailLinks, subjectType: SubjectType, subjectId: string): string {
  return `${links.publicUrl}/?open=${encodeURIComponent(toGlobalId(subjectType, subjectId))}`;
}

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

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

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
  const settings = `${links.publicUrl}/?open=notification-settings`;
  return {
    text: ['', '--', ...stops.map((stop) => `${stop.label}: ${stop.url}`), `All your notification settings: ${settings}`].join('\n'),
    html: `<hr><p style="font-size:12px;color:#555">${stops.map((stop) => `<a href="${escapeHtml(stop.url)}">${escapeHtml(stop.label)}</a>`).join('<br>')}<br><a href="${escapeHtml(settings)}">All your notification settings</a></p>`,
  };
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
    html: `<p>Hello ${escapeHtml(recipient.displayName)},</p><p>${escapeHtml(sentence)}</p><p><a href="${escapeHtml(url)}">Open it in the hub</a></p>${foot.html}`,
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
    const items = thread.activities.map((activity) => `<li>${escapeHtml(line(activity, names))}</li>`).join('');
    return `<h3><a href="${escapeHtml(url)}">${escapeHtml(thread.title)}</a> (${thread.activities.length} unread)</h3><ul>${items}</ul>`;
  });
  return {
    to: recipient.email,
    subject,
    text: `${heading}\n\nHello ${recipient.displayName}, ${count} update${count === 1 ? '' : 's'} you have not read:\n\n${textThreads.join('\n\n')}\n${foot.text}\n`,
    html: `<h2>${escapeHtml(heading)}</h2><p>Hello ${escapeHtml(recipient.displayName)}, ${count} update${count === 1 ? '' : 's'} you have not read:</p>${htmlThreads.join('')}${foot.html}`,
    headers: headersFor(links, recipient, kinds),
  };
}
