/**
 * What one address may hold on the hub without signing in: anonymous sockets
 * open at once (WS_CONNECTIONS_PER_ADDRESS, the extra one closed with 4429),
 * operations per minute on them (the per-address rate limit HTTP uses),
 * subscriptions per socket (WS_SUBSCRIPTIONS_PER_SOCKET, the extra one refused
 * with RATE_LIMITED, the socket kept), and the memory a subscription keeps:
 * what it declares, not the megabyte of variables, extensions or other keys a
 * client padded its subscribe message with.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { ModuleStatus } from '../../src/modules/learning/learning.enums';
import { modulePublishedTopic } from '../../src/modules/learning/learning.events';
import { factories } from '../factories';
import { learningFactories } from '../learning/factories';
import { startTestHub, tokenFor, type TestHub } from '../helpers/hub';
import { answerTo, openSocket, type ProtocolMessage, type RawSocket } from '../helpers/raw-socket';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = () => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed / 1e6;
};

const CHANNEL = modulePublishedTopic.channel();
const FOLLOW = 'subscription ($filter: LearningModuleFilter) { learningModulePublished(filter: $filter) { id } }';

let t: TestHub | undefined;
const sockets: RawSocket[] = [];
afterEach(async () => {
  for (const raw of sockets.splice(0)) raw.close();
  await t?.close();
  t = undefined;
});

async function hub(env: Record<string, string>): Promise<TestHub> {
  t = await startTestHub(env);
  return t;
}

function open(hub: TestHub, authorization?: string): RawSocket {
  const raw = openSocket(hub.wsUrl, authorization);
  sockets.push(raw);
  return raw;
}

const codeOf = (message: ProtocolMessage) => (message.payload as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code;

describe('anonymous WebSocket connections from one address', () => {
  it('are closed with 4429 past WS_CONNECTIONS_PER_ADDRESS, a closed one frees a place, and signed-in ones count per user instead', async () => {
    const h = await hub({ WS_CONNECTIONS_PER_ADDRESS: '3' });
    const first = open(h);
    const others = [open(h), open(h)];
    await Promise.all([first, ...others].map((raw) => raw.acked));
    const extra = open(h);
    expect(await extra.closed).toMatchObject({ code: 4429 });

    const token = await tokenFor((await factories(h.hub.orm).buildUser()).email);
    await open(h, `Bearer ${token}`).acked;

    first.close();
    await first.closed;
    await open(h).acked;
    expect(await open(h).closed).toMatchObject({ code: 4429 });
  });

  it('get RATE_LIMITED past the per-address operations per minute, while a signed-in socket keeps its own limit', async () => {
    const h = await hub({ RATE_LIMIT_ADDRESS_PER_MINUTE: '20' });
    const token = await tokenFor((await factories(h.hub.orm).buildUser()).email);
    const signedIn = open(h, `Bearer ${token}`);
    const anonymous = open(h);
    await Promise.all([signedIn.acked, anonymous.acked]);
    for (let i = 0; i < 40; i++) anonymous.subscribe(`q${i}`, '{ regions }');
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => answerTo(anonymous, `q${i}`)));
    const limited = answers.filter((answer) => answer.type === 'error' && codeOf(answer) === 'RATE_LIMITED');
    expect(answers.filter((answer) => answer.type === 'next').length).toBeGreaterThan(0);
    expect(limited.length).toBeGreaterThanOrEqual(22);
    expect((limited[0].payload as Array<{ extensions: { retryAfterSeconds: number } }>)[0].extensions.retryAfterSeconds).toBeGreaterThan(0);
    signedIn.subscribe('mine', '{ regions }');
    expect((await answerTo(signedIn, 'mine')).type).toBe('next');
  });
});

describe('subscriptions on one socket', () => {
  it('are refused past WS_SUBSCRIPTIONS_PER_SOCKET with RATE_LIMITED on that operation; the socket and its subscriptions go on', async () => {
    const h = await hub({ WS_SUBSCRIPTIONS_PER_SOCKET: '3' });
    const raw = open(h);
    await raw.acked;
    for (const id of ['a', 'b', 'c']) raw.subscribe(id, FOLLOW);
    await vi.waitFor(() => expect(h.hub.bus.channels.count(CHANNEL)).toBe(3));
    raw.subscribe('d', FOLLOW);
    const refused = await answerTo(raw, 'd');
    expect(refused.type).toBe('error');
    expect(codeOf(refused)).toBe('RATE_LIMITED');

    // Completing one frees a place; the others still receive events.
    raw.socket.send(JSON.stringify({ type: 'complete', id: 'a' }));
    await vi.waitFor(() => expect(h.hub.bus.channels.count(CHANNEL)).toBe(2));
    raw.subscribe('e', FOLLOW);
    await vi.waitFor(() => expect(h.hub.bus.channels.count(CHANNEL)).toBe(3));
    const module = await learningFactories(h.hub.orm).buildModule({ status: ModuleStatus.PUBLISHED });
    modulePublishedTopic.publish(h.hub.bus.pubsub, { moduleId: module.id, version: 1 });
    for (const id of ['b', 'c', 'e']) await raw.waitFor((message) => message.id === id && message.type === 'next');
    expect(raw.socket.readyState).toBe(raw.socket.OPEN);
  });

  it('keep what they declare, not the padding of their messages: 160 padded with 0.9 MB each grow the heap by little', { timeout: 60_000 }, async () => {
    const h = await hub({ RATE_LIMIT_ADDRESS_PER_MINUTE: '100000', WS_SUBSCRIPTIONS_PER_SOCKET: '40' });
    const PADDING = 900_000;
    // Warm up: the document is parsed and cached once, as it would be by the first of a crowd.
    const warm = open(h);
    await warm.acked;
    warm.subscribe('warm', FOLLOW, { filter: null });
    await vi.waitFor(() => expect(h.hub.bus.channels.count(CHANNEL)).toBe(1));
    const before = heapMb();
    const crowd = Array.from({ length: 4 }, () => open(h));
    await Promise.all(crowd.map((raw) => raw.acked));
    for (let i = 0; i < 160; i++) {
      const raw = crowd[i % 4];
      const pad = `${i}`.padEnd(PADDING, 'x');
      // Unused variables, extensions, or a key of its own: each kind of padding a third of the time.
      const payload = [
        { query: FOLLOW, variables: { filter: null, unused: pad } },
        { query: FOLLOW, variables: { filter: null }, extensions: { pad } },
        { query: FOLLOW, variables: { filter: null }, pad },
      ][i % 3];
      raw.socket.send(JSON.stringify({ type: 'subscribe', id: `s${i}`, payload }));
    }
    await vi.waitFor(() => expect(h.hub.bus.channels.count(CHANNEL)).toBe(161), { timeout: 30_000 });
    const grown = heapMb() - before;
    // 160 x 0.9 MB = 144 MB if the messages were kept.
    expect(grown).toBeLessThan(20);
    // They are live and answer as declared.
    const module = await learningFactories(h.hub.orm).buildModule({ status: ModuleStatus.PUBLISHED });
    modulePublishedTopic.publish(h.hub.bus.pubsub, { moduleId: module.id, version: 1 });
    await crowd[3].waitFor((message) => message.id === 's159' && message.type === 'next');
  });
});

describe('a socket that never sends connection_init', () => {
  it("is closed with 4408 by the sockets' sweep (no timer of its own), while one that sent it stays open and answers", { timeout: 30_000 }, async () => {
    const h = await hub({});
    const initialised = open(h);
    await initialised.acked;
    const silent = new WebSocket(h.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => silent.once('close', resolve));
    expect(await closed).toBe(4408);
    expect(initialised.socket.readyState).toBe(WebSocket.OPEN);
    initialised.socket.send(JSON.stringify({ id: 'q', type: 'subscribe', payload: { query: '{ __typename }' } }));
    expect((await answerTo(initialised, 'q')).payload).toEqual({ data: { __typename: 'Query' } });
  });
});
