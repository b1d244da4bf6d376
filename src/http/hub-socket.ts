/**
 * The hub's WebSocket class (ws's `WebSocket` option): filters each message
 * before graphql-ws sees it (server-only messages, the padding of subscribe
 * payloads), closes the socket with 4401 when its token expires, and writes
 * shared subscription results straight to the socket.
 */
import { MessageType, parseMessage, type SubscribePayload } from 'graphql-ws';
import type { FormattedExecutionResult } from 'graphql';
import { WebSocket } from 'ws';
import type { ResultOutlet } from '../realtime/shared-execution';

/** Close code for a user or an address over its connection limit. */
export const TOO_MANY_CONNECTIONS = 4429;

/** Close code for a socket whose token has expired (graphql-ws's Unauthorized): the client reconnects with a fresh token. */
export const TOKEN_EXPIRED = 4401;

/** setTimeout's longest delay; a token good for longer re-arms its timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function checkExpiry(socket: HubSocket): void {
  const wait = socket.expiresAt - Date.now();
  if (wait <= 0) socket.expire();
  else socket.expiry = setTimeout(checkExpiry, Math.min(wait, MAX_TIMER_MS), socket).unref();
}

/** What graphql-ws is handed in place of a subscribe message's payload (see HubSocket.stash). */
const STUB_PAYLOAD = ',"payload":{"query":""}}';

/** Message types only a server sends; graphql-ws answers them with 4500 (its internal error), they are the client's mistake. */
const SERVER_MESSAGES = new Set(['connection_ack', 'next', 'error']);

/** Closes with 4400 (and swallows the message) when a client sends a server-only message. */
function refusedServerMessage(socket: WebSocket, data: unknown): boolean {
  const text = String(data);
  if (!/"(next|error|connection_ack)"/.test(text)) return false; // Most messages: no second parse.
  let type: unknown;
  try {
    type = (JSON.parse(text) as { type?: unknown } | null)?.type;
  } catch {
    return false; // graphql-ws closes non-JSON with 4400 itself.
  }
  if (typeof type !== 'string' || !SERVER_MESSAGES.has(type)) return false;
  socket.close(4400, 'Invalid message received');
  return true;
}

/**
 * What `onNext` hands graphql-ws in place of a result it has already sent
 * itself (a shared result's JSON, made once per event): graphql-ws then
 * sends `{"id":…,"type":"next","payload":{"cnz:sent":1}}`, which HubSocket
 * drops. No GraphQL result can have that key (response names are GraphQL
 * names, which have no colon).
 */
export const ALREADY_SENT = { 'cnz:sent': 1 } as unknown as FormattedExecutionResult;
const ALREADY_SENT_TAIL = `,"type":"next","payload":${JSON.stringify(ALREADY_SENT)}}`;

/**
 * The hub's sockets: filters each message before graphql-ws's listener sees
 * it, and drops the placeholder of results sent already (see ALREADY_SENT).
 * Methods on a subclass, so that thousands of sockets hold no closures for this.
 */
export class HubSocket extends WebSocket implements ResultOutlet {
  /** When the viewer's token expires (ms since the epoch); Infinity for an anonymous socket. */
  expiresAt = Infinity;
  expiry: NodeJS.Timeout | undefined;
  /** The last subscribe message's id and payload, until onSubscribe takes them (see stash). */
  private received: { id: string; payload: SubscribePayload } | undefined;

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'message') {
      // graphql-ws keeps what it is given for as long as a subscription runs: the text, not also the frame's buffer.
      const text = String(args[0]);
      if (refusedServerMessage(this, text)) return false;
      return super.emit(event, this.stash(text), ...args.slice(1));
    }
    if (event === 'close') clearTimeout(this.expiry);
    // A frame breaking the protocol (too large, bad opcode, invalid UTF-8): ws already closes with 1009/1002/1007; graphql-ws would log it as its own failure.
    if (event === 'error' && String((args[0] as { code?: unknown })?.code).startsWith('WS_ERR_')) return false;
    return super.emit(event, ...args);
  }

  override send(data: unknown, ...rest: unknown[]): void {
    if (typeof data === 'string' && data.endsWith(ALREADY_SENT_TAIL)) {
      const callback = rest[rest.length - 1];
      if (typeof callback === 'function') callback();
      return;
    }
    (super.send as (...all: unknown[]) => void)(data, ...rest);
  }

  /**
   * A shared result, written for the subscription `id` without going through graphql-ws (see
   * shared-execution.ts): the same message graphql-ws would send (our `onNext` adds nothing to a
   * result without errors), only when nothing is waiting to be written (else graphql-ws sends it
   * and paces the subscription). A socket no longer open drops it, as graphql-ws's send does.
   */
  sendNow(id: string, payloadJson: string): boolean {
    if (this.readyState !== WebSocket.OPEN || !this.accepting()) return true;
    if (this.bufferedAmount !== 0) return false;
    super.send(`{"id":${JSON.stringify(id)},"type":"next","payload":${payloadJson}}`);
    return true;
  }

  /** Ends the socket at `at` (ms since the epoch), when the viewer's token expires. */
  expireAt(at: number): void {
    this.expiresAt = at;
    checkExpiry(this);
  }

  expired(): boolean {
    return Date.now() >= this.expiresAt;
  }

  /** Closes with 4401 (once). */
  expire(): void {
    if (this.readyState === WebSocket.OPEN) this.close(TOKEN_EXPIRED, 'Token expired');
  }

  /** False, closing the socket, once the token has expired: a subscription event is then dropped, not executed or sent. */
  accepting(): boolean {
    if (!this.expired()) return true;
    this.expire();
    return false;
  }

  /**
   * The payload of the subscribe message with this id, received just before (graphql-ws calls onSubscribe in
   * the same turn as `emit`); undefined if it is not that message's.
   */
  takePayload(id: string): SubscribePayload | undefined {
    const received = this.received;
    this.received = undefined;
    return received?.id === id ? received.payload : undefined;
  }

  /**
   * graphql-ws keeps a subscribe message's text for as long as the operation runs, and a client may pad it
   * to the message limit with variables or keys the operation never reads: graphql-ws is handed the message
   * without its payload, which onSubscribe takes from here and keeps only what the operation uses of.
   */
  private stash(text: string): string {
    if (!text.includes('"subscribe"')) return text;
    let message: ReturnType<typeof parseMessage>;
    try {
      message = parseMessage(text);
    } catch {
      return text; // graphql-ws closes with 4400 itself.
    }
    if (message.type !== MessageType.Subscribe) return text;
    this.received = { id: message.id, payload: message.payload };
    return `{"type":"subscribe","id":${JSON.stringify(message.id)}${STUB_PAYLOAD}`;
  }

  /**
   * Sends a `next` message whose payload is JSON text already. graphql-ws waits for each message to be
   * written before taking the next event (pacing a slow client); when nothing is waiting to be written,
   * there is nothing to pace and the write is not waited for (one promise less per subscriber and event).
   */
  sendNext(id: string, payloadJson: string): FormattedExecutionResult | Promise<FormattedExecutionResult> {
    if (this.readyState !== WebSocket.OPEN) return ALREADY_SENT;
    const message = `{"id":${JSON.stringify(id)},"type":"next","payload":${payloadJson}}`;
    if (this.bufferedAmount === 0) {
      super.send(message);
      return ALREADY_SENT;
    }
    return new Promise((resolve, reject) => super.send(message, (error) => (error ? reject(error) : resolve(ALREADY_SENT))));
  }
}
