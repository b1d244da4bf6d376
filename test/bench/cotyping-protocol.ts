/**
 * The two wire protocols of the co-typing benchmark, spoken by its clients
 * (cotyping-authors.ts, cotyping-readers.ts, cotyping-bench.ts):
 *
 * - the hub: graphql-transport-ws over `ws` (connection_init with the
 *   person's token, one `subscribe` to `waiverSectionSync` with the web app's
 *   selection), pushes as the web app's `pushWaiverSectionUpdate` on the same socket;
 * - Hocuspocus 3: its binary messages (lib0 encoding: the document name as a
 *   var string, then the message type; Auth = 2 with the token, Sync = 0
 *   carrying y-protocols' sync step 1 / step 2 / update), as
 *   `@hocuspocus/provider` writes them (the provider is not installed).
 *
 * A keystroke is known everywhere by its Yjs id: the typing client's id and
 * the clock of the character (`client:clock`), read from the first struct of
 * an update without decoding the rest.
 */
import { randomUUID } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';

/** Which `waiverSectionSync` selection a client asks for: the web app's, or the same with `author` (a user read per follower and update). */
export type Selection = 'web' | 'with-author';

/** The web app's subscription (src/web/waivers/waivers.graphql, WebWaiverSectionSync), with or without `author`. */
export function syncSubscription(selection: Selection): string {
  const author = selection === 'with-author' ? 'author {\n        id\n        displayName\n      }' : '';
  return /* GraphQL */ `
  subscription WebWaiverSectionSync($sectionId: ID!, $stateVector: String, $clientId: Float) {
    waiverSectionSync(sectionId: $sectionId, stateVector: $stateVector, clientId: $clientId) {
      kind
      update
      version
      clientId
      status
      ${author}
    }
  }
`;
}

/** The web app's push (WebPushWaiverSectionUpdate). */
export const PUSH_MUTATION = /* GraphQL */ `
  mutation WebPushWaiverSectionUpdate($input: PushWaiverSectionUpdateInput!) {
    pushWaiverSectionUpdate(input: $input) {
      outcome
      version
    }
  }
`;

export const SECTION_BODY_QUERY = /* GraphQL */ `
  query SectionBody($id: ID!) {
    node(id: $id) {
      ... on WaiverSection {
        body
        version
      }
    }
  }
`;

export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
export const unb64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

/** The id of a keystroke: its client and clock. */
export const keyOf = (client: number, clock: number): string => `${client}:${clock}`;

/** The first struct's client and clock of a Yjs (v1) update; undefined when it has none (a delete only). */
export function firstStruct(update: Uint8Array): { client: number; clock: number } | undefined {
  const decoder = decoding.createDecoder(update);
  const clients = decoding.readVarUint(decoder);
  if (clients === 0) return undefined;
  decoding.readVarUint(decoder); // structs of this client
  const client = decoding.readVarUint(decoder);
  const clock = decoding.readVarUint(decoder);
  return { client, clock };
}

export interface GraphqlResult<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** One GraphQL request over HTTP (keep-alive: Node's fetch pools connections). */
export async function graphqlPost<T>(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<GraphqlResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphqlResult<T>;
}

/**
 * A graphql-transport-ws socket with one subscription: resolves once the
 * server acknowledged the connection and the subscription was sent;
 * `onNext` gets each `next` message's raw bytes (the readers search them,
 * the authors parse them).
 */
export function openHubSubscription(
  url: string,
  token: string,
  selection: Selection,
  variables: Record<string, unknown>,
  onNext: (data: Buffer) => void,
  onEnd: (reason: string) => void,
  /** The answers of other operations run on the socket (`SocketOperations`). */
  operations?: SocketOperations,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', { perMessageDeflate: false, skipUTF8Validation: true });
    const subscriptionId = randomUUID();
    let acked = false;
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('error', (error) => (acked ? onEnd(error.message) : reject(error)));
    socket.once('close', (code, reason) => {
      if (!acked) reject(new Error(`socket closed before ack: ${code} ${String(reason)}`));
      else onEnd(`closed ${code} ${String(reason)}`);
    });
    socket.on('message', (data: Buffer) => {
      if (!acked) {
        if (data.indexOf('"type":"connection_ack"') < 0) return reject(new Error(`expected connection_ack, got ${data.toString().slice(0, 200)}`));
        acked = true;
        socket.send(JSON.stringify({ id: subscriptionId, type: 'subscribe', payload: { query: syncSubscription(selection), variables } }));
        resolve(socket);
        return;
      }
      if (operations && data.indexOf(subscriptionId) < 0) return operations.answer(data);
      if (data.indexOf('"type":"next"') >= 0) onNext(data);
      else if (data.indexOf('"type":"error"') >= 0 || data.indexOf('"type":"complete"') >= 0) onEnd(data.toString().slice(0, 300));
    });
  });
}

/**
 * Queries and mutations run on a subscription's socket, as the web app runs
 * its pushes (src/web/waivers/sync.ts): a `subscribe` message each, answered
 * by its `next` (or `error`); a socket that closes first fails those waiting.
 */
export class SocketOperations {
  private readonly waiting = new Map<string, { resolve: (result: GraphqlResult<unknown>) => void; reject: (error: Error) => void }>();

  run<T>(socket: WebSocket, query: string, variables: Record<string, unknown>): Promise<GraphqlResult<T>> {
    const id = randomUUID();
    return new Promise<GraphqlResult<T>>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (result: GraphqlResult<unknown>) => void, reject });
      socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }), (error) => {
        if (error) this.fail(id, error);
      });
    });
  }

  answer(data: Buffer): void {
    const message = JSON.parse(data.toString()) as { id?: string; type: string; payload?: unknown };
    const waiter = message.id ? this.waiting.get(message.id) : undefined;
    if (!waiter || (message.type !== 'next' && message.type !== 'error')) return;
    this.waiting.delete(message.id!);
    waiter.resolve(message.type === 'next' ? (message.payload as GraphqlResult<unknown>) : { errors: message.payload as GraphqlResult<unknown>['errors'] });
  }

  /** The socket closed: everything waiting is unreached. */
  closed(reason: string): void {
    for (const id of [...this.waiting.keys()]) this.fail(id, new Error(reason));
  }

  private fail(id: string, error: Error): void {
    const waiter = this.waiting.get(id);
    this.waiting.delete(id);
    waiter?.reject(error);
  }
}

const UPDATE_FIELD = Buffer.from('"update":"');
const KIND_UPDATE = Buffer.from('"kind":"UPDATE"');
const KIND_STATE = Buffer.from('"kind":"STATE"');

/** What a hub `next` message is: its kind (STATE / UPDATE / other) and, for an UPDATE, its first keystroke's id. */
export function readHubNext(data: Buffer): { kind: 'STATE' | 'UPDATE' | 'OTHER'; key?: string } {
  if (data.indexOf(KIND_STATE) >= 0) return { kind: 'STATE' };
  if (data.indexOf(KIND_UPDATE) < 0) return { kind: 'OTHER' };
  const at = data.indexOf(UPDATE_FIELD);
  if (at < 0) return { kind: 'UPDATE' };
  // 24 base64 characters are 18 bytes: enough for the counts, the client id and the clock.
  const start = at + UPDATE_FIELD.length;
  let end = data.indexOf(0x22, start);
  if (end < 0) end = data.length;
  const prefix = data.toString('latin1', start, Math.min(end, start + 24));
  const head = firstStruct(new Uint8Array(Buffer.from(prefix, 'base64')));
  return { kind: 'UPDATE', key: head ? keyOf(head.client, head.clock) : undefined };
}

// Hocuspocus 3 (packages/server/src/types.ts MessageType, packages/common/src/auth.ts AuthMessageType).
export const HP_SYNC = 0;
export const HP_AUTH = 2;
/** Sync, but answered without a step 1 of its own (the server's step 1 after a client's). */
const HP_SYNC_REPLY = 4;
export const HP_SYNC_STATUS = 8;
const AUTH_TOKEN = 0;
export const AUTH_PERMISSION_DENIED = 1;
export const AUTH_AUTHENTICATED = 2;
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

function message(documentName: string, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** The provider's first message: its token. */
export const hpAuth = (documentName: string, token: string) =>
  message(documentName, (e) => {
    encoding.writeVarUint(e, HP_AUTH);
    encoding.writeVarUint(e, AUTH_TOKEN);
    encoding.writeVarString(e, token);
  });

/** A Sync message: step 1 (a state vector), step 2 (what the other side misses) or an update. */
export const hpSync = (documentName: string, step: number, payload: Uint8Array) =>
  message(documentName, (e) => {
    encoding.writeVarUint(e, HP_SYNC);
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });

export interface HocuspocusMessage {
  documentName: string;
  type: number;
  /** Auth: the auth message type; Sync: the sync step. */
  subtype?: number;
  /** Sync: the state vector or update. */
  payload?: Uint8Array;
}

export function readHocuspocus(data: Uint8Array): HocuspocusMessage {
  const decoder = decoding.createDecoder(data);
  const documentName = decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  if (type === HP_AUTH) return { documentName, type, subtype: decoding.readVarUint(decoder) };
  if (type === HP_SYNC || type === HP_SYNC_REPLY) {
    const subtype = decoding.readVarUint(decoder);
    return { documentName, type: HP_SYNC, subtype, payload: decoding.readVarUint8Array(decoder) };
  }
  return { documentName, type };
}

/**
 * A Hocuspocus connection to one document, as the provider opens one: the
 * token, then sync step 1; answers the server's step 1 with its step 2 (from
 * `answer`). Resolves with the socket once the server's step 2 (the
 * document) arrived, handing that to `onSync`; later messages go to `onMessage`.
 */
export function openHocuspocus(
  url: string,
  documentName: string,
  token: string,
  stateVector: Uint8Array,
  handlers: {
    onDocument: (update: Uint8Array) => void;
    onMessage: (message: HocuspocusMessage, data: Uint8Array) => void;
    answer: (stateVector: Uint8Array) => Uint8Array;
    onEnd: (reason: string) => void;
  },
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.binaryType = 'nodebuffer';
    let synced = false;
    socket.once('open', () => {
      socket.send(hpAuth(documentName, token));
      socket.send(hpSync(documentName, SYNC_STEP1, stateVector));
    });
    socket.on('error', (error) => (synced ? handlers.onEnd(error.message) : reject(error)));
    socket.once('close', (code, reason) => {
      if (!synced) reject(new Error(`Hocuspocus socket closed before sync: ${code} ${String(reason)}`));
      else handlers.onEnd(`closed ${code} ${String(reason)}`);
    });
    socket.on('message', (data: Buffer) => {
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      const read = readHocuspocus(bytes);
      if (read.type === HP_AUTH && read.subtype === AUTH_PERMISSION_DENIED) {
        reject(new Error('Hocuspocus: permission denied'));
        socket.terminate();
        return;
      }
      if (read.type === HP_SYNC && read.subtype === SYNC_STEP1) {
        socket.send(hpSync(documentName, SYNC_STEP2, handlers.answer(read.payload!)));
        return;
      }
      if (!synced && read.type === HP_SYNC && read.subtype === SYNC_STEP2) {
        synced = true;
        handlers.onDocument(read.payload!);
        resolve(socket);
        return;
      }
      handlers.onMessage(read, bytes);
    });
  });
}
