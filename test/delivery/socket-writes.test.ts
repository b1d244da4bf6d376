/**
 * What delivery writes to a socket itself (src/delivery/hub-socket.ts,
 * `sendNow`) is the message graphql-ws writes for the same result, byte for
 * byte: if an upgrade of graphql-ws changes the shape of its `next` messages,
 * this fails. graphql-ws is run as the hub runs it (its `subscribe` and
 * `onOperation` hooks from src/delivery/), on a real WebSocket.
 */
import type { AddressInfo } from 'node:net';
import { buildSchema, type GraphQLObjectType } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { deliverTo, liveEvents, subscribeShared, type SubscriberScope } from '../../src/delivery';
import { HubSocket } from '../../src/delivery/hub-socket';
import { ChannelFeed, Channels } from '../../src/realtime/channels';

const schema = buildSchema(`
  type Query { noop: Boolean }
  type Edit { version: Int! body: String! bodyForViewer: String! }
  type Subscription { edits: Edit! }
`);
const channels = new Channels();
// The same text as `body`, but read through the viewer: a result with it is executed, and written, per subscriber.
(schema.getType('Edit') as GraphQLObjectType).getFields().bodyForViewer.resolve = (source: { body: string }, _args, ctx: { viewer: string }) =>
  ctx.viewer ? source.body : '';
const subscription = schema.getSubscriptionType()!.getFields().edits;
subscription.subscribe = (_root, _args, scope: SubscriberScope) => liveEvents(scope, new ChannelFeed(channels, 'edits'));
subscription.resolve = (payload) => payload;

let wsServer: WebSocketServer;
let server: ReturnType<typeof useServer>;
let url: string;

beforeAll(async () => {
  wsServer = new WebSocketServer({ port: 0, WebSocket: HubSocket });
  await new Promise((resolve) => wsServer.once('listening', resolve));
  url = `ws://127.0.0.1:${(wsServer.address() as AddressInfo).port}`;
  server = useServer(
    {
      schema,
      context: () => ({ viewer: 'someone', renew: () => undefined }),
      // HubSocket hands graphql-ws a subscribe message without its payload: the hub's onSubscribe takes it back so.
      onSubscribe: (ctx, id, payload) => void Object.assign(payload, (ctx.extra.socket as HubSocket).takePayload(id)),
      subscribe: subscribeShared,
      onOperation: (ctx, id, _payload, _args, result) => deliverTo(result, ctx.extra.socket as HubSocket, id),
    },
    wsServer,
  );
});
afterAll(() => server.dispose());

/** A connection whose messages are kept as the text received. */
async function connect() {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const texts: string[] = [];
  const waiting: Array<() => void> = [];
  socket.on('message', (data) => {
    texts.push(String(data));
    for (const wake of waiting.splice(0)) wake();
  });
  const received = async (count: number) => {
    while (texts.length < count) await new Promise<void>((resolve) => waiting.push(resolve));
  };
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init' }));
  await received(1);
  return { socket, texts, received };
}

describe('a shared result written by delivery', () => {
  it('is the message graphql-ws writes for the same result, byte for byte', async () => {
    const sendNow = vi.spyOn(HubSocket.prototype, 'sendNow');
    const { socket, texts, received } = await connect();
    // The same response shape twice: one shared (written by delivery), one reading the viewer (written by graphql-ws).
    socket.send(JSON.stringify({ id: 'shared', type: 'subscribe', payload: { query: 'subscription { edits { version body } }' } }));
    socket.send(JSON.stringify({ id: 'personal', type: 'subscribe', payload: { query: 'subscription { edits { version body: bodyForViewer } }' } }));
    while (channels.count('edits') < 2) await new Promise((resolve) => setImmediate(resolve));
    channels.deliver('edits', { version: 3, body: 'Mastery, not minutes.' });
    await received(3);
    const [, first, second] = texts;
    const byId = Object.fromEntries([first, second].map((text) => [(JSON.parse(text) as { id: string }).id, text]));
    expect(sendNow.mock.results.map((result) => result.value)).toEqual([true]);
    expect(byId.shared.replace('"shared"', '"personal"')).toBe(byId.personal);
    expect(JSON.parse(byId.shared)).toEqual({ id: 'shared', type: 'next', payload: { data: { edits: { version: 3, body: 'Mastery, not minutes.' } } } });
    socket.close();
    sendNow.mockRestore();
  });
});
