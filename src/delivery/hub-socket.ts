/**
 * The hub's WebSocket class (ws's `WebSocket` option): filters each message
 * before graphql-ws sees it (server-only messages, the padding of subscribe
 * payloads), closes the socket with 4401 when its token expires, keeps it alive (one timer for all
 * of a server's sockets, `sweepSockets`), and is the
 * socket subscription delivery writes shared results to (step 4, see index.ts).
 */
import { MessageType, parseMessage, type SubscribePayload } from 'graphql-ws';
import type { Duplex } from 'node:stream';
import { WebSocket, type WebSocketServer } from 'ws';
import type { SubscriberSocket } from './subscriber';

/** Close code for a user or an address over its connection limit. */
export const TOO_MANY_CONNECTIONS = 4429;

/** Close code for a socket whose token has expired (graphql-ws's Unauthorized): the client reconnects with a fresh token. */
export const TOKEN_EXPIRED = 4401;

/** graphql-ws's keep-alive period (its ws adapter's default): a ping this often, and a socket that has not answered the last one by the next is ended. */
export const KEEP_ALIVE_MS = 12_000;
/** How often the sockets are looked at for their keep-alive, their token's expiry and their `connection_init`. */
const SWEEP_MS = 1_000;
/** A socket that has not sent `connection_init` this long after it opened is closed with 4408, as graphql-ws's connectionInitWaitTimeout does. */
export const CONNECTION_INIT_WAIT_MS = 5_000;
/** graphql-ws's close code for a socket that sent no `connection_init` in time. */
const INIT_TIMEOUT = 4408;

/**
 * Keep-alive, token expiry and the wait for `connection_init` for all of a server's sockets on one
 * timer, instead of graphql-ws's interval, pong timeout and pong listener per socket, its
 * connection-init timer per socket (kept by its closure for the connection's life even once cleared)
 * and an expiry timer per socket (each a Timeout, its closure and context). Every SWEEP_MS each socket
 * is asked (`HubSocket.sweep`): one that sent no `connection_init` within CONNECTION_INIT_WAIT_MS closes
 * with 4408, an expired token closes it with 4401 (both at most SWEEP_MS late; `accepting` and
 * `expired` already refuse anything after the expiry itself), and every KEEP_ALIVE_MS it is pinged,
 * or terminated when its last ping got no pong, as graphql-ws's keep-alive does. Give graphql-ws's
 * `useServer` a keep-alive of 0 and a `connectionInitWaitTimeout` of Infinity with it. Returns the stop.
 */
export function sweepSockets(server: WebSocketServer, keepAliveMs = KEEP_ALIVE_MS, initWaitMs = CONNECTION_INIT_WAIT_MS): () => void {
  const timer = setInterval(
    () => {
      const now = Date.now();
      for (const socket of server.clients) if (socket instanceof HubSocket) socket.sweep(now, keepAliveMs, initWaitMs);
    },
    Math.min(SWEEP_MS, keepAliveMs, initWaitMs),
  ).unref();
  return () => clearInterval(timer);
}

/**
 * The bytes of a `next` message after its id (`,"type":"next","payload":<json>}`), by payload: a crowd's
 * loop writes one payload to thousands of sockets, and each socket is handed these same bytes (a Buffer
 * written to a socket is not copied or changed), instead of a message text of its own to encode. A few
 * payloads are kept (the latest ones; a crowd's events come one after the other).
 */
const tails = new Map<string, Buffer>();
const KEPT_TAILS = 4;

function tailOf(payloadJson: string): Buffer {
  let tail = tails.get(payloadJson);
  if (tail) return tail;
  tail = Buffer.from(`,"type":"next","payload":${payloadJson}}`);
  if (tails.size >= KEPT_TAILS) tails.delete(tails.keys().next().value!);
  tails.set(payloadJson, tail);
  return tail;
}

/** Frames up to this many bytes are written as one buffer (the payload copied in); longer ones as a head and the shared payload. */
const ONE_BUFFER_BYTES = 16 * 1024;

/**
 * Where frames of up to ONE_BUFFER_BYTES are put together: one buffer for every socket of a crowd's loop, no
 * allocation per socket. A write the kernel took whole is done with its bytes when `write` returns (the socket's
 * stream then holds nothing: `writableLength` 0), and the buffer is used again; a write left pending (part of it
 * still to go, or queued behind another) keeps its bytes, and the next frame goes to a new buffer.
 */
let scratch = Buffer.allocUnsafeSlow(ONE_BUFFER_BYTES);

/** The start of a `next` message for operation `id`: `{"id":<id>`, as bytes. */
function openingOf(id: string): Buffer {
  return Buffer.from(`{"id":${JSON.stringify(id)}`);
}

/**
 * The head of a `next` message whose opening (`openingOf`) is `opening` and whose tail is `tailLength` bytes,
 * written into `into` from its start: the WebSocket frame header (RFC 6455 §5.2: FIN, text, unmasked as a
 * server's frames are, the payload length) and the opening. Returns the head's length, or -1 when it does not fit.
 */
function writeHead(into: Buffer, opening: Buffer, tailLength: number): number {
  const length = opening.length + tailLength;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  if (headerLength + opening.length > into.length) return -1;
  into[0] = 0x81;
  if (headerLength === 2) into[1] = length;
  else if (headerLength === 4) {
    into[1] = 126;
    into.writeUInt16BE(length, 2);
  } else {
    into[1] = 127;
    into.writeBigUInt64BE(BigInt(length), 2);
  }
  opening.copy(into, headerLength);
  return headerLength + opening.length;
}

/** The head alone, in a buffer of its own (for a frame too long for one buffer: its tail is written after it). */
function headOf(opening: Buffer, tailLength: number): Buffer {
  const head = Buffer.allocUnsafe(opening.length + 10);
  return head.subarray(0, writeHead(head, opening, tailLength));
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
  /** Since when the socket waits for `connection_init` (ms since the epoch); Infinity once it came (see `initReceived`). */
  private awaitingInitSince = Date.now();
  /** When the next keep-alive ping is due (0: not yet scheduled), and whether the last one is unanswered. */
  private pingAt = 0;
  private awaitingPong = false;
  /** The last subscribe message's id and payload, until onSubscribe takes them (see stash). */
  private received: { id: string; payload: SubscribePayload } | undefined;
  /** The opening of the last operation's `next` messages sent here, by its id (a socket mostly follows one subscription): made once, not per event. */
  private openingId: string | undefined;
  private opening: Buffer | undefined;

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'message') {
      // graphql-ws keeps what it is given for as long as a subscription runs: the text, not also the frame's buffer.
      const text = String(args[0]);
      if (refusedServerMessage(this, text)) return false;
      return super.emit(event, this.stash(text), ...args.slice(1));
    }
    if (event === 'pong') this.awaitingPong = false;
    // A frame breaking the protocol (too large, bad opcode, invalid UTF-8): ws already closes with 1009/1002/1007; graphql-ws would log it as its own failure.
    if (event === 'error' && String((args[0] as { code?: unknown })?.code).startsWith('WS_ERR_')) return false;
    return super.emit(event, ...args);
  }

  /**
   * A shared result, written for the subscription `id` without going through graphql-ws (see
   * subscriber.ts): the protocol's `next` message (graphql-transport-ws), the same graphql-ws would
   * send (our `onNext` adds nothing to a result without errors; test/delivery/socket-writes.test.ts
   * compares them), only when nothing is waiting to be written (else graphql-ws sends it and paces
   * the subscription). A socket no longer open drops it, as graphql-ws's send does. The payload's bytes
   * are encoded once for every socket it goes to (`tailOf`); a frame of up to ONE_BUFFER_BYTES is written
   * as one buffer, its head and those bytes copied together into the shared `scratch` (one write, no
   * allocation: no cork, no writev and its buffered entries), a longer one as its head then the shared bytes.
   */
  sendNow(id: string, payloadJson: string): boolean {
    if (this.readyState !== WebSocket.OPEN) return true;
    // ws's bufferedAmount, without its getter: what waits in ws's sender, then in the stream.
    const raw = (this as unknown as { _socket: Duplex | null })._socket;
    const sender = (this as unknown as { _sender: { _bufferedBytes: number } })._sender;
    if (!raw || raw.destroyed || !raw.writable) return true;
    // Nothing queued in ws's sender or the stream: a frame written here is next on the wire.
    if (sender._bufferedBytes !== 0 || raw.writableLength !== 0) return false;
    const tail = tailOf(payloadJson);
    if (this.openingId !== id) {
      this.opening = openingOf(id);
      this.openingId = id;
    }
    const opening = this.opening!;
    const headLength = tail.length < ONE_BUFFER_BYTES ? writeHead(scratch, opening, tail.length) : -1;
    if (headLength >= 0 && headLength + tail.length <= ONE_BUFFER_BYTES) {
      tail.copy(scratch, headLength);
      raw.write(scratch.subarray(0, headLength + tail.length));
      if (raw.writableLength !== 0) scratch = Buffer.allocUnsafeSlow(ONE_BUFFER_BYTES);
      return true;
    }
    raw.cork();
    raw.write(headOf(opening, tail.length));
    raw.write(tail);
    raw.uncork();
    return true;
  }

  /** The client sent `connection_init` (graphql-ws's onConnect runs): the socket is no longer waiting for it. */
  initReceived(): void {
    this.awaitingInitSince = Infinity;
  }

  /** Ends the socket at `at` (ms since the epoch), when the viewer's token expires (see `sweepSockets`). */
  expireAt(at: number): void {
    this.expiresAt = at;
    if (this.expired()) this.expire();
  }

  /** Called every sweep (see `sweepSockets`): closes the socket when `connection_init` is late or its token has expired, pings it when due. */
  sweep(now: number, keepAliveMs: number, initWaitMs = CONNECTION_INIT_WAIT_MS): void {
    if (this.readyState !== WebSocket.OPEN) return;
    if (now - this.awaitingInitSince >= initWaitMs) return this.close(INIT_TIMEOUT, 'Connection initialisation timeout');
    if (now >= this.expiresAt) return this.expire();
    if (this.pingAt === 0) this.pingAt = now + keepAliveMs;
    if (now < this.pingAt) return;
    this.pingAt = now + keepAliveMs;
    if (this.awaitingPong) return void this.terminate();
    this.awaitingPong = true;
    this.ping();
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
