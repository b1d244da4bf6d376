/**
 * A real SMTP server on a free port for mail tests: records every message
 * (parsed), can refuse the first attempts, and can hold messages unanswered
 * at the end of DATA (the sender waits for the server's reply) until the test
 * accepts them or the sender goes away (then nothing is recorded).
 */
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
  /** Holds every message to `address` unanswered at the end of DATA, until `accept` or the sender goes away. */
  hold(address: string): void;
  /** Stops holding new messages to `address` (held ones stay held). */
  unhold(address: string): void;
  /** Messages to `address` held now. */
  held(address: string): number;
  /** Accepts (250) and records the messages to `address` held now; how many. */
  accept(address: string): Promise<number>;
  /** Held messages whose sender went away before an answer (never recorded). */
  abandoned: number;
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
  const state = { attempts: 0, refused: 0, abandoned: 0 };
  const holding = new Set<string>();
  const holds: Array<{ session: string; address: string; accept: () => Promise<void> }> = [];
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
        const record = () =>
          simpleParser(Buffer.concat(chunks)).then((mail) => {
            messages.push(mail);
            callback();
            for (const wake of waiters.splice(0)) wake();
          }, callback);
        const heldFor = session.envelope.rcptTo.map((rcpt) => rcpt.address).find((address) => holding.has(address));
        if (heldFor) holds.push({ session: session.id, address: heldFor, accept: record });
        else void record();
      });
    },
    onClose(session, done) {
      for (let i = holds.length - 1; i >= 0; i--) {
        if (holds[i].session !== session.id) continue;
        holds.splice(i, 1);
        state.abandoned += 1;
      }
      done();
    },
  });
  // A client killed mid-session (the crash tests SIGKILL a sending hub) can reset its connection: smtp-server reports that
  // as the server's 'error', which would be an uncaught exception without a listener. Anything else still fails the run.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
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
    get abandoned() {
      return state.abandoned;
    },
    hold: (address) => void holding.add(address),
    unhold: (address) => void holding.delete(address),
    held: (address) => holds.filter((entry) => entry.address === address).length,
    accept: async (address) => {
      const taken = holds.filter((entry) => entry.address === address);
      for (const entry of taken) holds.splice(holds.indexOf(entry), 1);
      await Promise.all(taken.map((entry) => entry.accept()));
      return taken.length;
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
