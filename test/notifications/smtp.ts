/** A real SMTP server on a free port for mail tests: records every message (parsed), and can refuse the first attempts. */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface TestSmtp {
  url: string;
  messages: ParsedMail[];
  /** DATA commands seen, refused ones included. */
  attempts: number;
  /** Answers the next `count` messages to `address` 451 (a temporary failure: the sender must retry). */
  refuseNext(address: string, count: number): void;
  /** Messages refused so far. */
  refused: number;
  /** Messages to `address`. */
  to(address: string): ParsedMail[];
  /** Resolves once `count` messages to `address` have arrived. */
  waitFor(address: string, count?: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/** Starts the server. */
export async function startSmtp(): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  const waiters: Array<() => void> = [];
  const refusals = new Map<string, number>();
  const state = { attempts: 0, refused: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      state.attempts += 1;
      const refusedFor = session.envelope.rcptTo.map((rcpt) => rcpt.address).find((address) => (refusals.get(address) ?? 0) > 0);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusedFor) {
          refusals.set(refusedFor, refusals.get(refusedFor)! - 1);
          state.refused += 1;
          const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
          return callback(error);
        }
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          messages.push(mail);
          callback();
          for (const wake of waiters.splice(0)) wake();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const to = (address: string) => messages.filter((mail) => [mail.to].flat().some((field) => field?.value.some((entry) => entry.address === address)));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get attempts() {
      return state.attempts;
    },
    get refused() {
      return state.refused;
    },
    refuseNext: (address, count) => {
      refusals.set(address, count);
    },
    to,
    waitFor: (address, count = 1, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${count} mail(s) to ${address}; got ${to(address).length}`)), timeoutMs);
        const check = () => {
          if (to(address).length >= count) {
            clearTimeout(timer);
            resolve(to(address));
          } else waiters.push(check);
        };
        check();
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
