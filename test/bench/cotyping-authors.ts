/**
 * Authors co-typing one document, as a child process: each a `Y.Doc` with
 * the Y.Text `body`, following the document and typing one character every
 * `intervalMs` at the end of its own paragraph (the i-th, blank lines
 * between), for `seconds`. Each author types a character of its own
 * (U+4E00 + i), so what reached the stored text can be counted.
 *
 * On the hub, an author is the web app's client (src/web/waivers/sync.ts):
 * `waiverSectionSync` over graphql-transport-ws with its state vector and
 * client id, pushes on the same socket one at a time, keystrokes typed within 40 ms
 * (and while a push is out) merged into the next push, a RATE_LIMITED push
 * retried after `retryAfterSeconds`. On Hocuspocus, an author is what
 * @hocuspocus/provider does: each local update sent at once as a Sync update
 * message on its socket.
 *
 * Measured, per keystroke and per other author: its arrival (the update
 * carrying it reached the socket) and its render (the remote Y.Text's
 * observer saw it inserted), from the moment it was typed. The authors share
 * one process, so a keystroke's time is one Map lookup away; the process's own
 * event-loop delay and CPU time are reported, to tell a slow client from a
 * slow server.
 *
 * IPC in: start, stop. IPC out: connected, result, failed.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import {
  b64,
  HP_SYNC,
  hpSync,
  keyOf,
  openHocuspocus,
  openHubSubscription,
  PUSH_MUTATION,
  SocketOperations,
  SYNC_UPDATE,
  unb64,
  type GraphqlResult,
  type Selection,
} from './cotyping-protocol';

export interface StartMessage {
  type: 'start';
  protocol: 'hub' | 'hocuspocus';
  /** The hub's GraphQL URL (http) or Hocuspocus's (ws). */
  url: string;
  tokens: string[];
  /** The section's global id (hub) or the document's name (Hocuspocus). */
  document: string;
  seconds: number;
  intervalMs: number;
  /** How long to wait, once typing stopped, for every author to hold the same text. */
  settleMs: number;
  selection: Selection;
}

export interface AuthorsResult {
  type: 'result';
  typed: number[];
  letters: string[];
  initialCounts: number[];
  texts: string[];
  arrival: number[];
  render: number[];
  pushes: number;
  pushMs: number[];
  /** On the hub, per keystroke: typed → its push sent (ms), and per arrival: its push acknowledged → arrival (negative: before the ack). */
  queueMs: number[];
  ackToArrivalMs: number[];
  rateLimited: number;
  pushErrors: string[];
  converged: boolean;
  settleMs: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  clientCpuMs: number;
  typingMs: number;
  ended: string[];
}

const REMOTE = 'remote';
const BATCH_MS = 40;
/** When each keystroke was typed, by its Yjs id. */
const typedAt = new Map<string, number>();
/** On the hub: when the push carrying a keystroke went out, and when it was acknowledged. */
const pushedAt = new Map<string, number>();
const ackedAt = new Map<string, number>();
/** Every arrival of a keystroke at another author: its id and time. */
const arrivals: Array<[string, number]> = [];
const arrival: number[] = [];
const render: number[] = [];
const pushMs: number[] = [];
const pushErrors: string[] = [];
const ended: string[] = [];
let pushes = 0;
let rateLimited = 0;

class Author {
  readonly doc = new Y.Doc();
  readonly text = this.doc.getText('body');
  readonly letter: string;
  typed = 0;
  initialCount = 0;
  private socket: WebSocket | undefined;
  /** On the hub: the pushes run on the subscription's socket, as the web app's. */
  private readonly operations = new SocketOperations();
  private queue: Uint8Array[] = [];
  /** The keystrokes in `queue`. */
  private queuedKeys: string[] = [];
  private pushing = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly start: StartMessage,
    private readonly index: number,
  ) {
    this.letter = String.fromCodePoint(0x4e00 + index);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      if (this.start.protocol === 'hocuspocus') this.socket?.send(hpSync(this.start.document, SYNC_UPDATE, update));
      else {
        this.queue.push(update);
        this.schedule(BATCH_MS);
      }
    });
    this.text.observe((_event, transaction) => {
      if (transaction.origin !== REMOTE) return;
      // What this transaction integrated, per client (a Y.Text event lists no added items, only its delta).
      const now = Date.now();
      for (const [client, after] of transaction.afterState) {
        for (let clock = transaction.beforeState.get(client) ?? 0; clock < after; clock++) {
          const at = typedAt.get(keyOf(client, clock));
          if (at !== undefined) render.push(now - at);
        }
      }
    });
  }

  /** Every keystroke of another author in `update`, timed at its arrival. */
  private arrived(update: Uint8Array) {
    const now = Date.now();
    for (const struct of Y.decodeUpdate(update).structs) {
      if (!(struct instanceof Y.Item) || struct.id.client === this.doc.clientID) continue;
      for (let k = 0; k < struct.length; k++) {
        const key = keyOf(struct.id.client, struct.id.clock + k);
        const at = typedAt.get(key);
        if (at === undefined) continue;
        arrival.push(now - at);
        arrivals.push([key, now]);
      }
    }
  }

  async connect(): Promise<void> {
    const { start } = this;
    const token = start.tokens[this.index % start.tokens.length];
    const onEnd = (reason: string) => {
      ended.push(`author ${this.index + 1}: ${reason}`);
      this.operations.closed(reason);
    };
    if (start.protocol === 'hub') {
      let first: () => void = () => undefined;
      const state = new Promise<void>((resolve) => (first = resolve));
      this.socket = await openHubSubscription(
        start.url,
        token,
        start.selection,
        { sectionId: start.document, stateVector: b64(Y.encodeStateVector(this.doc)), clientId: this.doc.clientID },
        (data) => {
          const message = (JSON.parse(data.toString()) as { payload: GraphqlResult<{ waiverSectionSync: { kind: string; update: string | null } }> }).payload;
          const sync = message.data?.waiverSectionSync;
          if (!sync) return void pushErrors.push(`sync: ${JSON.stringify(message.errors).slice(0, 200)}`);
          if (!sync.update) return;
          const update = unb64(sync.update);
          if (sync.kind === 'UPDATE') this.arrived(update);
          Y.applyUpdate(this.doc, update, REMOTE);
          if (sync.kind === 'STATE') first();
        },
        onEnd,
        this.operations,
      );
      await state;
    } else {
      this.socket = await openHocuspocus(start.url, start.document, token, Y.encodeStateVector(this.doc), {
        onDocument: (update) => Y.applyUpdate(this.doc, update, REMOTE),
        onMessage: (read) => {
          if (read.type !== HP_SYNC || !read.payload) return;
          if (read.subtype === SYNC_UPDATE) this.arrived(read.payload);
          Y.applyUpdate(this.doc, read.payload, REMOTE);
        },
        answer: (stateVector) => Y.encodeStateAsUpdate(this.doc, stateVector),
        onEnd,
      });
    }
    this.initialCount = this.count();
  }

  /** How many of this author's characters the text holds. */
  count(text = this.text.toString()): number {
    let n = 0;
    for (let at = text.indexOf(this.letter); at >= 0; at = text.indexOf(this.letter, at + 1)) n++;
    return n;
  }

  /** One keystroke at the end of this author's paragraph. */
  type(): void {
    const text = this.text.toString();
    let end = -1;
    for (let k = 0; k <= this.index; k++) {
      end = text.indexOf('\n\n', end + 1);
      if (end < 0) break;
    }
    const key = keyOf(this.doc.clientID, Y.getState(this.doc.store, this.doc.clientID));
    typedAt.set(key, Date.now());
    if (this.start.protocol === 'hub') this.queuedKeys.push(key);
    this.text.insert(end < 0 ? text.length : end, this.letter);
    this.typed++;
  }

  get idle(): boolean {
    return !this.pushing && !this.timer && this.queue.length === 0;
  }

  private schedule(delay: number) {
    if (this.timer || this.pushing || !this.queue.length) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
  }

  /** The web app's push: everything queued, merged, one push at a time. */
  private async flush() {
    if (this.pushing || !this.queue.length) return;
    const update = this.queue.length === 1 ? this.queue[0] : Y.mergeUpdates(this.queue);
    this.queue = [];
    const keys = this.queuedKeys;
    this.queuedKeys = [];
    this.pushing = true;
    const started = Date.now();
    for (const key of keys) pushedAt.set(key, started);
    let delay = BATCH_MS;
    try {
      const result = await this.operations.run<{ pushWaiverSectionUpdate: { outcome: string; version: number } }>(this.socket!, PUSH_MUTATION, {
        input: { sectionId: this.start.document, update: b64(update) },
      });
      const now = Date.now();
      pushMs.push(now - started);
      pushes++;
      const error = result.errors?.[0];
      if (!error) for (const key of keys) ackedAt.set(key, now);
      if (error?.extensions?.code === 'RATE_LIMITED') {
        rateLimited++;
        this.queue.unshift(update);
        this.queuedKeys.unshift(...keys);
        delay = Math.min(Math.max(Number(error.extensions.retryAfterSeconds ?? 1), 0.2), 30) * 1000;
      } else if (error) {
        pushErrors.push(`${error.extensions?.code ?? ''} ${error.message}`.slice(0, 200));
      }
    } catch (error) {
      // Not reached: kept for the next try, as the web app does.
      pushErrors.push(`network: ${(error as Error).message}`);
      this.queue.unshift(update);
      this.queuedKeys.unshift(...keys);
      delay = 1000;
    }
    this.pushing = false;
    this.schedule(delay);
  }

  close() {
    clearTimeout(this.timer);
    this.socket?.terminate();
  }
}

let authors: Author[] = [];

async function run(start: StartMessage) {
  authors = start.tokens.map((_, i) => new Author(start, i));
  for (const author of authors) await author.connect();
  process.send?.({ type: 'connected', text: authors[0].text.toString() });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const began = Date.now();
  const stopAt = began + start.seconds * 1000;
  // Each author on its own beat, the beats spread over one interval.
  await Promise.all(
    authors.map(
      (author, i) =>
        new Promise<void>((resolve) => {
          setTimeout(
            () => {
              const timer = setInterval(() => {
                if (Date.now() >= stopAt) {
                  clearInterval(timer);
                  resolve();
                  return;
                }
                author.type();
              }, start.intervalMs);
            },
            Math.floor((i * start.intervalMs) / authors.length),
          );
        }),
    ),
  );
  const typingMs = Date.now() - began;
  const cpu = process.cpuUsage(cpuBefore);
  loop.disable();
  // Everything pushed, then every author holding the same text (bounded).
  const settleStarted = Date.now();
  const settleDeadline = settleStarted + start.settleMs;
  let converged = false;
  while (Date.now() < settleDeadline) {
    const texts = authors.map((author) => author.text.toString());
    if (authors.every((author) => author.idle) && texts.every((text) => text === texts[0])) {
      converged = true;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const result: AuthorsResult = {
    type: 'result',
    typed: authors.map((author) => author.typed),
    letters: authors.map((author) => author.letter),
    initialCounts: authors.map((author) => author.initialCount),
    texts: authors.map((author) => author.text.toString()),
    arrival,
    render,
    pushes,
    pushMs,
    queueMs: [...pushedAt].map(([key, at]) => at - typedAt.get(key)!),
    ackToArrivalMs: arrivals.flatMap(([key, at]) => (ackedAt.has(key) ? [at - ackedAt.get(key)!] : [])),
    rateLimited,
    pushErrors: pushErrors.slice(0, 20),
    converged,
    settleMs: Date.now() - settleStarted,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    loopDelayMaxMs: loop.max / 1e6,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
    typingMs,
    ended,
  };
  process.send?.(result);
}

process.on('message', (message: StartMessage | { type: 'stop' }) => {
  if (message.type === 'start') {
    run(message).catch((error: Error) => process.send?.({ type: 'failed', message: error.stack ?? error.message }));
  } else if (message.type === 'stop') {
    for (const author of authors) author.close();
    process.exit(0);
  }
});
