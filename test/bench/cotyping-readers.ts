/**
 * A crowd of readers of co-typed documents, as a child process: opens
 * `count` sockets to the hub (graphql-transport-ws, `waiverSectionSync` with
 * the web app's selection, each with a reader's own token) or to Hocuspocus
 * (its protocol: token, sync step 1, answers the server's step 1), each
 * following one of `documents` (in turn), and records when each keystroke
 * (its Yjs id, `client:clock`, read from the update's first struct) reached
 * each socket. Kept cheap so that it measures the server: a hub message is
 * searched as bytes and only the update's first 18 bytes are decoded; no
 * reader applies updates to a document (the authors' bench measures that).
 *
 * IPC in: open, close (report and disconnect), stop. IPC out: opened (every
 * socket has its document), failed, complete (a keystroke reached every
 * socket), latencies (on close: per keystroke id, the arrival times).
 */
import type WebSocket from 'ws';
import { firstStruct, keyOf, openHocuspocus, openHubSubscription, readHubNext, HP_SYNC, SYNC_UPDATE, type Selection } from './cotyping-protocol';

interface OpenMessage {
  type: 'open';
  protocol: 'hub' | 'hocuspocus';
  url: string;
  /** One per reader, reused in turn when fewer. */
  tokens: string[];
  /** Section global ids (hub) or document names (Hocuspocus), one per socket in turn. */
  documents: string[];
  count: number;
  /** Hub: each socket with its own client id and state vector, as the web app subscribes ('web'), or only the section ('shared'). */
  variables: 'web' | 'shared';
  selection: Selection;
}

const sockets: WebSocket[] = [];
const arrivals = new Map<string, number[]>();
let errors = 0;
let ended = 0;
/** Sockets opened by this crowd: a keystroke that reached them all is reported (`complete`). */
let expected = 0;
const EMPTY = new Uint8Array([0, 0]);

function arrived(key: string | undefined) {
  if (!key) return;
  const now = Date.now();
  let list = arrivals.get(key);
  if (list) list.push(now);
  else arrivals.set(key, (list = [now]));
  if (list.length === expected) process.send?.({ type: 'complete', key });
}

async function openOne(message: OpenMessage, i: number): Promise<void> {
  const token = message.tokens[i % message.tokens.length];
  const document = message.documents[i % message.documents.length];
  const onEnd = () => {
    ended++;
  };
  if (message.protocol === 'hub') {
    let resolveState: () => void = () => undefined;
    const state = new Promise<void>((resolve) => (resolveState = resolve));
    const socket = await openHubSubscription(
      message.url,
      token,
      message.selection,
      // As the web app subscribes: its own client id and state vector (an empty document's); or the same variables for all.
      message.variables === 'shared'
        ? { sectionId: document }
        : { sectionId: document, stateVector: 'AA==', clientId: 2 + Math.floor(Math.random() * 0xfffffff0) },
      (data) => {
        const next = readHubNext(data);
        if (next.kind === 'STATE') resolveState();
        else if (next.kind === 'UPDATE') arrived(next.key);
        if (data.indexOf('"errors"') >= 0) errors++;
      },
      onEnd,
    );
    sockets.push(socket);
    await state;
    return;
  }
  const socket = await openHocuspocus(message.url, document, token, EMPTY.subarray(0, 1), {
    onDocument: () => undefined,
    onMessage: (read) => {
      if (read.type === HP_SYNC && read.subtype === SYNC_UPDATE && read.payload) {
        const head = firstStruct(read.payload);
        if (head) arrived(keyOf(head.client, head.clock));
      }
    },
    // A reader has nothing the server lacks: an empty update.
    answer: () => EMPTY,
    onEnd,
  });
  sockets.push(socket);
}

async function open(message: OpenMessage) {
  expected = message.count;
  const BATCH = 100;
  for (let start = 0; start < message.count; start += BATCH) {
    await Promise.all(Array.from({ length: Math.min(BATCH, message.count - start) }, (_, i) => openOne(message, start + i)));
  }
  process.send?.({ type: 'opened', count: sockets.length });
}

process.on('message', (message: OpenMessage | { type: 'close' | 'stop' }) => {
  if (message.type === 'open') {
    open(message).catch((error: Error) => process.send?.({ type: 'failed', message: error.message }));
  } else if (message.type === 'close') {
    process.send?.({ type: 'latencies', arrivals: [...arrivals.entries()], errors, ended }, () => {
      for (const socket of sockets) socket.terminate();
      sockets.length = 0;
      arrivals.clear();
    });
  } else if (message.type === 'stop') {
    process.exit(0);
  }
});
