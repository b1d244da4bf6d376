/**
 * The frames HubSocket writes itself (src/delivery/hub-socket.ts): a shared
 * result's `next` message as one WebSocket frame whose head is the socket's
 * own and whose payload bytes are shared, for every length class of the
 * frame header (7-bit, 16-bit and 64-bit lengths) and non-ASCII text; and the
 * keep-alive of `sweepSockets`, one timer for all sockets: a client that
 * answers pings stays, one that does not is ended.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { HubSocket, sweepSockets } from '../../src/delivery/hub-socket';

let server: WebSocketServer | undefined;
let stop: (() => void) | undefined;

afterEach(async () => {
  stop?.();
  for (const client of server?.clients ?? []) client.terminate();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  stop = undefined;
});

async function listen(): Promise<string> {
  server = new WebSocketServer({ port: 0, WebSocket: HubSocket });
  await new Promise((resolve) => server!.once('listening', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function nextConnection(): Promise<HubSocket> {
  return new Promise((resolve) => server!.once('connection', (socket: HubSocket) => resolve(socket)));
}

describe('a next message written by HubSocket.sendNow', () => {
  it('arrives as the message text, for short, 16-bit and 64-bit frame lengths and non-ASCII text, to each socket under its own id', async () => {
    const url = await listen();
    const connected = [nextConnection()];
    const first = new WebSocket(url);
    await new Promise((resolve) => first.once('open', resolve));
    connected.push(nextConnection());
    const second = new WebSocket(url);
    await new Promise((resolve) => second.once('open', resolve));
    const sockets = await Promise.all(connected);
    const received: [string[], string[]] = [[], []];
    first.on('message', (data) => received[0].push(String(data)));
    second.on('message', (data) => received[1].push(String(data)));
    const payloads = ['x', 'é'.repeat(100), 'ü€ '.repeat(30_000)].map((body) => JSON.stringify({ data: { edits: { body } } }));
    for (const payload of payloads) {
      expect(sockets[0].sendNow('op-1', payload)).toBe(true);
      expect(sockets[1].sendNow('öp "2"', payload)).toBe(true);
    }
    while (received[0].length + received[1].length < 6) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received[0]).toEqual(payloads.map((payload) => JSON.stringify({ id: 'op-1', type: 'next', payload: JSON.parse(payload) })));
    expect(received[1]).toEqual(payloads.map((payload) => JSON.stringify({ id: 'öp "2"', type: 'next', payload: JSON.parse(payload) })));
    first.close();
    second.close();
  });

  it('carries each operation id on a socket following several subscriptions, whichever came last', async () => {
    const url = await listen();
    const connected = nextConnection();
    const client = new WebSocket(url);
    await new Promise((resolve) => client.once('open', resolve));
    const socket = await connected;
    const received: string[] = [];
    client.on('message', (data) => received.push(String(data)));
    const ids = ['sync', 'events', 'events', 'sync', 'é'];
    ids.forEach((id, n) => expect(socket.sendNow(id, JSON.stringify({ data: { n } }))).toBe(true));
    while (received.length < ids.length) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received.map((text) => JSON.parse(text) as unknown)).toEqual(ids.map((id, n) => ({ id, type: 'next', payload: { data: { n } } })));
    client.close();
  });
});

describe('frames put together in one shared buffer', () => {
  it('arrive intact when a write is left pending (a client not reading) while other sockets are written to', { timeout: 30_000 }, async () => {
    const url = await listen();
    const connected = [nextConnection()];
    const slow = new WebSocket(url);
    await new Promise((resolve) => slow.once('open', resolve));
    connected.push(nextConnection());
    const fast = new WebSocket(url);
    await new Promise((resolve) => fast.once('open', resolve));
    const [toSlow, toFast] = await Promise.all(connected);
    const received = { slow: [] as string[], fast: [] as string[] };
    slow.on('message', (data) => received.slow.push(String(data)));
    fast.on('message', (data) => received.fast.push(String(data)));
    // The slow client stops reading: its kernel buffers fill, and a write to it is left pending.
    (slow as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    // Just under the one-buffer size, each a different text: a frame overwritten in place would show.
    const payloadFor = (n: number) => JSON.stringify({ data: { n, body: String(n % 10).repeat(15_000) } });
    const sent = { slow: 0, fast: 0 };
    // Each write to the slow socket is followed by one to another socket, from the same shared buffer, until one is refused.
    while (sent.slow < 20_000 && toSlow.sendNow('slow', payloadFor(sent.slow))) {
      sent.slow += 1;
      if (!toFast.sendNow('fast', payloadFor(1_000_000 + sent.fast))) break;
      sent.fast += 1;
    }
    // A write stayed pending (the next one was refused: the stream held bytes) before the loop's end.
    expect(sent.slow).toBeGreaterThan(0);
    expect(sent.slow).toBeLessThan(20_000);
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    while (received.slow.length < sent.slow || received.fast.length < sent.fast) await new Promise((resolve) => setTimeout(resolve, 10));
    const expected = (id: string, count: number, from: number) =>
      Array.from({ length: count }, (_, n) => JSON.stringify({ id, type: 'next', payload: JSON.parse(payloadFor(from + n)) }));
    expect(received.slow).toEqual(expected('slow', sent.slow, 0));
    expect(received.fast).toEqual(expected('fast', sent.fast, 1_000_000));
    slow.close();
    fast.close();
  });
});

describe('sweepSockets', () => {
  it('pings every socket each period, keeps those that answer, and ends one whose ping went unanswered', async () => {
    const url = await listen();
    stop = sweepSockets(server!, 40);
    const answering = new WebSocket(url);
    const silent = new WebSocket(url, { autoPong: false });
    const pings = { answering: 0, silent: 0 };
    answering.on('ping', () => pings.answering++);
    silent.on('ping', () => pings.silent++);
    const silentClosed = new Promise<number>((resolve) => silent.once('close', resolve));
    await Promise.all([answering, silent].map((socket) => new Promise((resolve) => socket.once('open', resolve))));
    const code = await silentClosed;
    // Terminated (no close frame: 1006), after its one unanswered ping.
    expect(code).toBe(1006);
    expect(pings.silent).toBe(1);
    while (pings.answering < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answering.readyState).toBe(WebSocket.OPEN);
    answering.close();
  });
});

describe('sweepSockets, waiting for connection_init', () => {
  it('closes with 4408 a socket that sent nothing in time, and keeps one whose init came', async () => {
    const url = await listen();
    // The server's side of connection_init: graphql-ws's onConnect calls initReceived (src/http/websocket.ts).
    server!.on('connection', (socket: HubSocket) => socket.on('message', () => (socket.initReceived(), socket.send('ack'))));
    const initialised = new WebSocket(url);
    await new Promise((resolve) => initialised.once('open', resolve));
    initialised.send('{"type":"connection_init"}');
    await new Promise((resolve) => initialised.once('message', resolve));
    // Sweeping starts once the first socket's init came: whatever the machine's speed, only the silent one is late.
    stop = sweepSockets(server!, 60_000, 50);
    const silent = new WebSocket(url);
    const code = await new Promise<number>((resolve) => silent.once('close', resolve));
    expect(code).toBe(4408);
    expect(initialised.readyState).toBe(WebSocket.OPEN);
    initialised.close();
  });
});
