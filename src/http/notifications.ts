/**
 * Mail's HTTP side: one-click unsubscribe (`GET` shows a confirmation
 * button, `POST` unsubscribes, as RFC 8058 mail clients do, no sign-in: the
 * signed token is the authority), and the dev-only `/dev/mail` page listing
 * the mails kept when no SMTP_URL is set (only while the printed dev secret
 * signs tokens, like the other dev-only things).
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Config } from '../config';
import type { Orm } from '../db/orm';
import { selectRows } from '../db/select';
import { NOTIFICATION_KINDS, EmailDelivery } from '../modules/notifications/notification.kinds';
import { readUnsubscribeToken } from '../modules/notifications/notification.mail';
import { saveSetting } from '../modules/notifications/notification.service';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:50rem;margin:2rem auto">${body}</body></html>`;

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
      const mails = await selectRows<{ to_address: string; subject: string; text: string; created_at: Date; transport: string | null; sent_at: Date | null }>(
        orm.em.fork(),
        'select to_address, subject, text, created_at, transport, sent_at from notification_mails order by created_at desc, id desc limit 50',
      );
      const items = mails.map(
        (mail) =>
          `<article><h2>${escapeHtml(mail.subject)}</h2><p>To ${escapeHtml(mail.to_address)}, ${new Date(mail.created_at).toISOString()} (${escapeHtml(mail.transport ?? 'queued')})</p><pre style="white-space:pre-wrap">${escapeHtml(mail.text)}</pre></article><hr>`,
      );
      res.type('html').send(page('Mail kept by the hub', `<h1>Mail kept by the hub (latest 50)</h1>${items.join('') || '<p>No mail yet.</p>'}`));
    });
  }
  return router;
}
