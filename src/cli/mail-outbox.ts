/** `npm run mail:outbox [count] [--html]`: prints the latest mails the hub kept (no SMTP_URL) or sent, newest first (their plain text; with --html their HTML too). */
import { selectRows } from '../db/select';
import { runScript } from './shared';

runScript('mail:outbox', async ({ orm }) => {
  const args = process.argv.slice(2);
  const html = args.includes('--html');
  const count = Math.min(Math.max(Number(args.find((arg) => !arg.startsWith('--')) ?? 10) || 10, 1), 500);
  const mails = await selectRows<{ to_address: string; subject: string; text: string; html: string; created_at: Date; transport: string | null }>(
    orm.em.fork(),
    'select to_address, subject, text, html, created_at, transport from notification_mails order by created_at desc, id desc limit ?',
    [count],
  );
  if (mails.length === 0) console.log('no mail yet');
  for (const mail of mails) {
    console.log(
      `=== ${new Date(mail.created_at).toISOString()}  to ${mail.to_address}  (${mail.transport ?? 'queued'})\nSubject: ${mail.subject}\n\n${mail.text}${html ? `\n--- HTML\n${mail.html}\n` : ''}`,
    );
  }
});
