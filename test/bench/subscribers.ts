/**
 * A crowd of subscribers on one waiver request, as a child process: opens
 * `count` WebSockets (spread over the URLs given), each speaking
 * graphql-transport-ws (connection_init with its own token, then one
 * `subscribe` to `waiverRequestEvents`, with a random operation id as graphql-ws's
 * client makes one: no two sockets' messages are the same bytes), and records for every delivered
 * section edit the time from its commit (`at`) to its arrival here.
 *
 * The same code measures the hub and the fan-out floor (fanout-floor.ts), and
 * it is kept cheap so that it measures the server rather than itself: a
 * message is read as bytes (its type, `version` and `at` found by search,
 * no JSON object built) instead of through a full client library. Every
 * message still arrives whole and is checked: each subscriber must receive
 * every version, once, with the subscription's whole selection (its
 * `section`, the last field, present).
 *
 * IPC in: open, close (report and disconnect), stop. IPC out: opened, failed, complete (a version reached
 * every subscriber), latencies (on close).
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

interface OpenMessage {
  type: 'open';
  urls: string[];
  /** One per subscriber (each a different person), reused in turn when fewer; none for the floor. */
  tokens: string[];
  waiverRequestId: string;
  count: number;
}

const SUBSCRIPTION = /* GraphQL */ `
  subscription Events($id: ID!) {
    waiverRequestEvents(waiverRequestId: $id) {
      __typename
      at
      actor {
        id
        displayName
      }
      ... on WaiverSectionEdited {
        version
        body
        section {
          id
          version
        }
      }
    }
  }
`;

const sockets: WebSocket[] = [];
const received = new Map<number, number>();
const latencies = new Map<number, number[]>();
let expected = 0;
let errors = 0;

const NEXT = Buffer.from('"type":"next"');
const EDITED = Buffer.from('"__typename":"WaiverSectionEdited"');
const AT = Buffer.from('"at":"');
const VERSION = Buffer.from('"version":');
const SECTION = Buffer.from('"section":{"id":');
const ACK = Buffer.from('"type":"connection_ack"');
const ERROR = Buffer.from('"type":"error"');
const ISO_LENGTH = '2026-01-01T00:00:00.000Z'.length;

/** Reads one `next` message: the edit's version and commit time, or undefined when it is another event. */
function readEdit(data: Buffer): { version: number; at: number } | undefined {
  if (data.indexOf(EDITED) < 0) return undefined;
  const at = data.indexOf(AT);
  const version = data.indexOf(VERSION);
  if (at < 0 || version < 0 || data.indexOf(SECTION, version) < 0) throw new Error(`incomplete event: ${data.toString().slice(0, 300)}`);
  let value = 0;
  for (let i = version + VERSION.length; data[i] >= 48 && data[i] <= 57; i++) value = value * 10 + data[i] - 48;
  return { version: value, at: Date.parse(data.toString('latin1', at + AT.length, at + AT.length + ISO_LENGTH)) };
}

function onMessage(this: WebSocket & { seen?: Set<number> }, data: Buffer) {
  if (data.indexOf(NEXT) < 0) {
    if (data.indexOf(ERROR) >= 0) errors++;
    return;
  }
  let edit;
  try {
    edit = readEdit(data);
  } catch {
    errors++;
    return;
  }
  if (!edit) return;
  const latency = Date.now() - edit.at;
  // Each subscriber receives each version once.
  const seen = (this.seen ??= new Set());
  if (seen.has(edit.version)) {
    errors++;
    return;
  }
  seen.add(edit.version);
  const list = latencies.get(edit.version) ?? [];
  list.push(latency);
  latencies.set(edit.version, list);
  const count = (received.get(edit.version) ?? 0) + 1;
  received.set(edit.version, count);
  if (count === expected) process.send?.({ type: 'complete', version: edit.version });
}

/** Opens one subscriber: resolves once its subscription is sent (after connection_ack). */
function subscriber(url: string, token: string | undefined, waiverRequestId: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', { perMessageDeflate: false, skipUTF8Validation: true });
    sockets.push(socket);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} })));
    socket.once('error', reject);
    socket.once('close', (code, reason) => reject(new Error(`socket closed before ack: ${code} ${String(reason)}`)));
    socket.once('message', (data: Buffer) => {
      if (data.indexOf(ACK) < 0) return reject(new Error(`expected connection_ack, got ${data.toString().slice(0, 200)}`));
      socket.send(JSON.stringify({ id: randomUUID(), type: 'subscribe', payload: { query: SUBSCRIPTION, variables: { id: waiverRequestId } } }));
      socket.on('message', onMessage);
      socket.on('error', () => errors++);
      resolve();
    });
  });
}

async function open(message: OpenMessage) {
  expected = message.count;
  const BATCH = 200;
  for (let start = 0; start < message.count; start += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, message.count - start) }, (_, i) =>
        subscriber(
          message.urls[(start + i) % message.urls.length],
          message.tokens.length ? message.tokens[(start + i) % message.tokens.length] : undefined,
          message.waiverRequestId,
        ),
      ),
    );
  }
  process.send?.({ type: 'opened', count: sockets.length });
}

process.on('message', (message: OpenMessage | { type: 'close' | 'stop' }) => {
  if (message.type === 'open') {
    open(message).catch((error: Error) => process.send?.({ type: 'failed', message: error.message }));
  } else if (message.type === 'close') {
    process.send?.({ type: 'latencies', latencies: [...latencies.entries()], errors }, () => {
      for (const socket of sockets) socket.terminate();
    });
  } else if (message.type === 'stop') {
    process.exit(0);
  }
});
