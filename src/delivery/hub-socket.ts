/**
 * The hub's WebSocket class (ws's `WebSocket` option): filters each message
 * before graphql-ws sees it (server-only messages, the padding of subscribe
 * payloads), closes the socket with 4401 when its token expires, and is the
 * socket subscription delivery writes shared results to (step 4, see index.ts).
 */
import { MessageType, parseMessage, type SubscribePayload } from 'graphql-ws';
import { WebSocket } from 'ws';
import type { SubscriberSocket } from './subscriber';

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
 * The hub's sockets: filters each message before graphql-ws's listener sees
 * it, and writes shared subscription results.
 * Methods on a subclass, so that thousands of sockets hold no closures for this.
 */
export class HubSocket extends WebSocket implements SubscriberSocket {
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

  /**
   * A shared result, written for the subscription `id` without going through graphql-ws (see
   * subscriber.ts): the protocol's `next` message (graphql-transport-ws), the same graphql-ws would
   * send (our `onNext` adds nothing to a result without errors; test/delivery/hub-socket.test.ts
   * compares them), only when nothing is waiting to be written (else graphql-ws sends it and paces
   * the subscription). A socket no longer open drops it, as graphql-ws's send does.
   */
  sendNow(id: string, payloadJson: string): boolean {
    if (this.readyState !== WebSocket.OPEN) return true;
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
}
