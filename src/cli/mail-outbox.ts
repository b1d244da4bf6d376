/** `npm run mail:outbox [count]`: prints the latest mails the hub kept (no SMTP_URL) or sent, newest first. */
import { selectRows } from '../db/select';
import { runScript } from './shared';

runScript('mail:outbox', async ({ orm }) => {
  const count = Math.min(Math.max(Number(process.argv[2] ?? 10) || 10, 1), 500);
  const mails = await selectRows<{ to_address: string; subject: string; text: string; created_at: Date; transport: string | null }>(
    orm.em.fork(),
    'select to_address, subject, text, created_at, transport from notification_mails order by created_at desc, id desc limit ?',
    [count],
  );
  if (mails.length === 0) console.log('no mail yet');
  for (const mail of mails) {
    console.log(
      `=== ${new Date(mail.created_at).toISOString()}  to ${mail.to_address}  (${mail.transport ?? 'queued'})\nSubject: ${mail.subject}\n\n${mail.text}`,
    );
  }
});
