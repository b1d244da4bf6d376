/**
 * Subscribers whose shared results are written straight to their outlet
 * (src/delivery/subscriber.ts): each gets every event,
 * once and in order, from one execution per event; a subscriber refused by
 * its decision gets nothing; what cannot be written at once (a backed-up
 * connection, a personal result) goes through the transport's `next()` in
 * order; and a subscriber too far behind is ended.
 */
import { describe, expect, it } from 'vitest';
import { buildSchema, parse, type ExecutionResult, type GraphQLObjectType } from 'graphql';
import type { HubContext } from '../../src/graphql/context';
import { ChannelFeed, Channels, MAX_UNREAD } from '../../src/realtime/channels';
import { deliverTo, liveEvents, subscribeShared, type Decision, type SubscriberSocket } from '../../src/delivery';

const schema = buildSchema(`
  type Query { noop: Boolean }
  type Edit { version: Int! byViewer: Boolean! }
  type Subscription { edits: Edit! }
`);

interface Payload {
  version: number;
  actor?: string;
}

/** An outlet that records what it was given, or refuses (a backed-up connection) while `backedUp` is set. */
class RecordingOutlet implements SubscriberSocket {
  readonly sent: Array<{ id: string; version: number }> = [];
  backedUp = false;
  /** Cleared once the connection's token has expired. */
  open = true;
  accepting(): boolean {
    return this.open;
  }
  sendNow(id: string, payloadJson: string): boolean {
    if (this.backedUp) return false;
    this.sent.push({ id, version: (JSON.parse(payloadJson) as { data: { edits: Payload } }).data.edits.version });
    return true;
  }
}

type Decide = (payload: Payload) => Decision | Promise<Decision>;

function setup() {
  const channels = new Channels();
  const calls = { executions: 0 };
  const edit = schema.getType('Edit') as GraphQLObjectType;
  edit.getFields().version.resolve = (source: Payload) => {
    calls.executions += 1;
    return source.version;
  };
  edit.getFields().byViewer.resolve = (source: Payload, _args, ctx: { viewer: { id: string } }) => source.actor === ctx.viewer.id;
  const subscription = schema.getSubscriptionType()!;
  subscription.getFields().edits.resolve = (payload) => payload;
  subscription.getFields().edits.subscribe = (_root, _args, ctx: HubContext & { decide?: Decide }) =>
    liveEvents(ctx, new ChannelFeed<Payload>(channels, 'edits'), { decide: ctx.decide && ((_scope, payload: Payload) => ctx.decide!(payload)) });
  const publish = (payload: Payload) => channels.deliver('edits', payload);
  return { channels, calls, publish };
}

/** Documents by text, as the WebSocket server caches them: a crowd shares one. */
const documents = new Map<string, ReturnType<typeof parse>>();

/** A subscriber as the WebSocket server makes one: its own context, outlet and operation id; `pull: false` for a transport stuck sending. */
async function subscriber(query: string, index: number, decide?: Decide, { pull = true } = {}) {
  const document = documents.get(query) ?? parse(query);
  documents.set(query, document);
  const outlet = new RecordingOutlet();
  const contextValue = { viewer: { id: `user-${index}` }, renew: () => undefined, decide };
  const id = `op-${index}`;
  const stream = (await subscribeShared({ schema, document, contextValue })) as AsyncGenerator<ExecutionResult>;
  deliverTo(stream, outlet, id);
  // The transport's loop: what it is handed, in order (the shared results it never sees).
  const handed: Array<ExecutionResult | 'done' | { error: unknown }> = [];
  const pullAll = async () => {
    try {
      for (;;) {
        const next = await stream.next();
        if (next.done) return void handed.push('done');
        handed.push(next.value);
      }
    } catch (error) {
      handed.push({ error });
    }
  };
  const pulling = pull ? pullAll() : undefined;
  return { outlet, id, stream, handed, pulling };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const SHARED = 'subscription { edits { version } }';

describe('pushed subscribers', () => {
  it('write every event to every subscriber once, in order, under its own id, from one execution per event', async () => {
    const { calls, publish, channels } = setup();
    const crowd = await Promise.all(Array.from({ length: 20 }, (_, i) => subscriber(SHARED, i)));
    expect(channels.count('edits')).toBe(20);
    for (let version = 1; version <= 5; version++) publish({ version });
    await turn();
    for (const { outlet, id, handed } of crowd) {
      expect(outlet.sent).toEqual([1, 2, 3, 4, 5].map((version) => ({ id, version })));
      expect(handed).toEqual([]);
    }
    expect(calls.executions).toBe(5);
    await Promise.all(crowd.map(({ stream }) => stream.return(undefined)));
    expect(channels.count('edits')).toBe(0);
  });

  it('keep each subscriber in order while one decision waits, and give a refused subscriber nothing', async () => {
    const { publish } = setup();
    let release: (decision: Decision) => void = () => undefined;
    const slow = await subscriber(SHARED, 0, (payload) => (payload.version === 1 ? new Promise<Decision>((resolve) => (release = resolve)) : 'deliver'));
    const refused = await subscriber(SHARED, 1, () => 'skip');
    const fast = await subscriber(SHARED, 2);
    publish({ version: 1 });
    publish({ version: 2 });
    await turn();
    expect(fast.outlet.sent.map((s) => s.version)).toEqual([1, 2]);
    expect(slow.outlet.sent).toEqual([]);
    release('deliver');
    await turn();
    expect(slow.outlet.sent.map((s) => s.version)).toEqual([1, 2]);
    expect(refused.outlet.sent).toEqual([]);
    expect(refused.handed).toEqual([]);
    await Promise.all([slow, refused, fast].map(({ stream }) => stream.return(undefined)));
  });

  it('drop, unexecuted, every event once the outlet stops accepting (an expired token), for that subscriber only', async () => {
    const { publish, calls } = setup();
    const expiring = await subscriber(SHARED, 0);
    const other = await subscriber(SHARED, 1);
    publish({ version: 1 });
    await turn();
    expiring.outlet.open = false;
    publish({ version: 2 });
    await turn();
    expect(expiring.outlet.sent.map((s) => s.version)).toEqual([1]);
    expect(expiring.handed).toEqual([]);
    expect(other.outlet.sent.map((s) => s.version)).toEqual([1, 2]);
    expiring.outlet.open = true;
    other.outlet.open = false;
    publish({ version: 3 });
    await turn();
    // Version 3 was executed for the one subscriber still accepting, and only once.
    expect(calls.executions).toBe(3);
    expect(expiring.outlet.sent.map((s) => s.version)).toEqual([1, 3]);
    await Promise.all([expiring, other].map(({ stream }) => stream.return(undefined)));
  });

  it('end a subscriber whose decision says so: nothing more is written and the transport completes', async () => {
    const { publish, channels } = setup();
    const leaving = await subscriber(SHARED, 0, (payload) => (payload.version >= 2 ? 'end' : 'deliver'));
    publish({ version: 1 });
    publish({ version: 2 });
    publish({ version: 3 });
    await leaving.pulling;
    expect(leaving.outlet.sent.map((s) => s.version)).toEqual([1]);
    expect(leaving.handed).toEqual(['done']);
    expect(channels.count('edits')).toBe(0);
  });

  it('hand results to the transport, in order, while the connection is backed up, then write again', async () => {
    const { publish } = setup();
    const s = await subscriber(SHARED, 0);
    s.outlet.backedUp = true;
    publish({ version: 1 });
    publish({ version: 2 });
    await turn();
    s.outlet.backedUp = false;
    publish({ version: 3 });
    await turn();
    expect(s.handed.map((r) => (r as ExecutionResult<{ edits: Payload }>).data?.edits.version)).toEqual([1, 2]);
    expect(s.outlet.sent.map((r) => r.version)).toEqual([3]);
    await s.stream.return(undefined);
  });

  it('hand a result that reads the viewer to the transport, each subscriber its own', async () => {
    const { publish, calls } = setup();
    const crowd = await Promise.all(Array.from({ length: 3 }, (_, i) => subscriber('subscription { edits { version byViewer } }', i)));
    publish({ version: 7, actor: 'user-1' });
    await turn();
    expect(crowd.map(({ handed }) => (handed[0] as ExecutionResult<{ edits: { byViewer: boolean } }>).data!.edits.byViewer)).toEqual([false, true, false]);
    expect(crowd.every(({ outlet }) => outlet.sent.length === 0)).toBe(true);
    expect(calls.executions).toBe(3);
    await Promise.all(crowd.map(({ stream }) => stream.return(undefined)));
  });

  it('end a subscriber that falls more than MAX_UNREAD events behind instead of buffering without bound', async () => {
    const { publish, channels } = setup();
    const s = await subscriber(SHARED, 0, undefined, { pull: false });
    s.outlet.backedUp = true;
    // The transport takes one result and never asks for the next (its socket does not drain).
    const first = s.stream.next();
    for (let version = 1; version <= MAX_UNREAD + 2; version++) publish({ version });
    await turn();
    expect(((await first).value as ExecutionResult<{ edits: Payload }>).data?.edits.version).toBe(1);
    expect(channels.count('edits')).toBe(0);
    // What piled up behind it is dropped with the subscription.
    expect(await s.stream.next()).toEqual({ value: undefined, done: true });
    expect(s.outlet.sent).toEqual([]);
  });
});
