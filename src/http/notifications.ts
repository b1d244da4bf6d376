/**
 * Mail's HTTP side: one-click unsubscribe (`GET` shows a confirmation
 * button, `POST` unsubscribes, as RFC 8058 mail clients do, no sign-in: the
 * signed token is the authority), and the dev-only `/dev/mail` page listing
 * the mails kept when no SMTP_URL is set (only while the printed dev secret
 * signs tokens, like the other dev-only things): each mail's plain text, and
 * its HTML rendered in a sandboxed frame (`sandbox` without `allow-scripts`,
 * `srcdoc`), under a Content-Security-Policy that allows no script at all,
 * no remote content and no form posts, so a mail's words run nothing there.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Config } from '../config';
import type { Orm } from '../db/orm';
import { selectRows } from '../db/select';
import { NOTIFICATION_KINDS, EmailDelivery } from '../modules/notifications/notification.kinds';
import { escapeHtml, readUnsubscribeToken } from '../modules/notifications/notification.mail';
import { saveSetting } from '../modules/notifications/notification.service';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:50rem;margin:2rem auto">${body}</body></html>`;

/** `/dev/mail`'s policy: no script anywhere (the page's frames inherit it), inline styles, images only inline, nothing sent anywhere. */
export const DEV_MAIL_CSP = [
  "default-src 'none'",
  "script-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

interface KeptMail {
  id: string;
  to_address: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  created_at: Date;
  transport: string | null;
}

function keptMail(mail: KeptMail): string {
  const when = new Date(mail.created_at).toISOString();
  const headers = Object.entries(mail.headers ?? {})
    .map(([name, value]) => `${escapeHtml(name)}: ${escapeHtml(value)}`)
    .join('\n');
  return `<article aria-labelledby="mail-${escapeHtml(mail.id)}"><h2 id="mail-${escapeHtml(mail.id)}">${escapeHtml(mail.subject)}</h2>
<p>To ${escapeHtml(mail.to_address)}, ${when} (${escapeHtml(mail.transport ?? 'queued')})</p>
<details><summary>Headers</summary><pre style="white-space:pre-wrap">${headers}</pre></details>
<h3>HTML</h3><iframe sandbox="" srcdoc="${escapeHtml(mail.html)}" title="HTML of: ${escapeHtml(mail.subject)}" style="width:100%;height:28rem;border:1px solid #999"></iframe>
<h3>Plain text</h3><pre style="white-space:pre-wrap">${escapeHtml(mail.text)}</pre></article><hr>`;
}

export function notificationRoutes(options: { config: Config; orm: Orm }): Router {
  const { config, orm } = options;
  const router = express.Router();
  const secret = config.notifications.unsubscribeSecret;

  const tokenOf = (req: Request) => (typeof req.query.token === 'string' ? req.query.token : '');
  const refuse = (res: Response) =>
    res
      .status(400)
      .type('html')
      .send(page('Link not valid', '<h1>This unsubscribe link is not valid</h1><p>Change your notification settings in the hub instead.</p>'));

  router.get('/notifications/unsubscribe', (req, res) => {
    const token = tokenOf(req);
    const unsubscribe = readUnsubscribeToken(secret, token);
    if (!unsubscribe) return void refuse(res);
    const kinds = unsubscribe.kinds.map((kind) => `<li>${escapeHtml(NOTIFICATION_KINDS[kind].headline)}</li>`).join('');
    res.type('html').send(
      page(
        'Unsubscribe',
        `<h1>Stop these emails?</h1><ul>${kinds}</ul>
      <form method="post" action="/notifications/unsubscribe?token=${encodeURIComponent(token)}"><button type="submit">Unsubscribe</button></form>`,
      ),
    );
  });

  router.post('/notifications/unsubscribe', async (req, res) => {
    const unsubscribe = readUnsubscribeToken(secret, tokenOf(req));
    if (!unsubscribe) return void refuse(res);
    const em = orm.em.fork();
    await em.transactional(async (tx) => {
      for (const kind of unsubscribe.kinds) await saveSetting(tx, unsubscribe.userId, { kind, email: EmailDelivery.NONE });
    });
    res
      .type('html')
      .send(
        page(
          'Unsubscribed',
          `<h1>Unsubscribed</h1><p>You will get no more emails for: ${unsubscribe.kinds.map((kind) => escapeHtml(NOTIFICATION_KINDS[kind].headline)).join(', ')}.</p>`,
        ),
      );
  });

  if (config.devOnly) {
    router.get('/dev/mail', async (_req, res) => {
      const mails = await selectRows<KeptMail>(
        orm.em.fork(),
        'select id, to_address, subject, text, html, headers, created_at, transport from notification_mails order by created_at desc, id desc limit 50',
      );
      res
        .set('Content-Security-Policy', DEV_MAIL_CSP)
        .set('X-Content-Type-Options', 'nosniff')
        .type('html')
        .send(page('Mail kept by the hub', `<h1>Mail kept by the hub (latest 50)</h1>${mails.map(keptMail).join('') || '<p>No mail yet.</p>'}`));
    });
  }
  return router;
}
