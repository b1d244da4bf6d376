/**
 * A bare graphql-transport-ws connection for tests that watch the protocol
 * itself: every message received, how and when the socket closed, and
 * promises for both (no polling).
 */
import WebSocket from 'ws';

export interface ProtocolMessage {
  id?: string;
  type: string;
  payload?: unknown;
}

export interface Closed {
  code: number;
  reason: string;
  /** Date.now() when the close arrived. */
  at: number;
}

export interface RawSocket {
  socket: WebSocket;
  messages: ProtocolMessage[];
  /** Resolves with the ack, or rejects with how the socket closed before one. */
  acked: Promise<void>;
  closed: Promise<Closed>;
  /** Resolves with the first message (already received or still to come) that `match` accepts; rejects if the socket closes first. */
  waitFor(match: (message: ProtocolMessage) => boolean): Promise<ProtocolMessage>;
  subscribe(id: string, query: string, variables?: Record<string, unknown>): void;
  close(): void;
}

/** Opens a socket and sends `connection_init` with `authorization` (omitted: anonymous). */
export function openSocket(url: string, authorization?: string): RawSocket {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const messages: ProtocolMessage[] = [];
  const waiters: Array<{ match: (message: ProtocolMessage) => boolean; resolve: (message: ProtocolMessage) => void; reject: (error: Error) => void }> = [];
  let acknowledge!: () => void;
  let refuse!: (error: Error) => void;
  const acked = new Promise<void>((resolve, reject) => ((acknowledge = resolve), (refuse = reject)));
  acked.catch(() => undefined);
  const closed = new Promise<Closed>((resolve) => {
    socket.on('close', (code, reason) => {
      const how = { code, reason: reason.toString(), at: Date.now() };
      refuse(new Error(`closed with ${code} ${how.reason}`));
      for (const waiter of waiters.splice(0)) waiter.reject(new Error(`closed with ${code} ${how.reason}`));
      resolve(how);
    });
  });
  socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: authorization ? { authorization } : {} })));
  socket.on('error', () => undefined);
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as ProtocolMessage;
    messages.push(message);
    if (message.type === 'connection_ack') acknowledge();
    for (const waiter of waiters.filter((w) => w.match(message))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  });
  return {
    socket,
    messages,
    acked,
    closed,
    waitFor: (match) => {
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen);
      if (socket.readyState === WebSocket.CLOSED) return Promise.reject(new Error('closed'));
      return new Promise((resolve, reject) => waiters.push({ match, resolve, reject }));
    },
    subscribe: (id, query, variables) => socket.send(JSON.stringify({ type: 'subscribe', id, payload: { query, variables } })),
    close: () => socket.close(1000),
  };
}

/** The answer to operation `id`: its `error` message, or its `complete` (with the `next` before it). */
export function answerTo(raw: RawSocket, id: string): Promise<ProtocolMessage> {
  return raw
    .waitFor((message) => message.id === id && (message.type === 'error' || message.type === 'complete'))
    .then((last) => (last.type === 'error' ? last : (raw.messages.find((m) => m.id === id && m.type === 'next') ?? last)));
}
