/**
 * Subscription results that cannot differ between subscribers are executed
 * once per event (src/delivery/execute-once.ts); those that read the
 * viewer are executed per subscriber.
 */
import { describe, expect, it } from 'vitest';
import { buildSchema, parse, type ExecutionResult } from 'graphql';
import { ChannelFeed, Channels, ChannelStream } from '../../src/realtime/channels';
import { liveEvents, subscribeShared, type SubscriberScope } from '../../src/delivery';

const schema = buildSchema(`
  type Query { noop: Boolean }
  type Edit { version: Int! body: String! byViewer: Boolean! }
  type Subscription { edits: Edit! }
`);

function setup() {
  const channels = new Channels();
  const pubsub = {
    publish: (topic: string, payload: unknown) => channels.deliver(topic, payload),
    subscribe: (topic: string) => new ChannelStream(channels, topic),
    feed: (topic: string) => new ChannelFeed(channels, topic),
  };
  const calls = { body: 0, byViewer: 0 };
  const rootValue = undefined;
  // Field resolvers through the schema's types (as type-graphql's would be).
  const edit = schema.getType('Edit') as import('graphql').GraphQLObjectType;
  edit.getFields().body.resolve = (source: { body: string }) => {
    calls.body += 1;
    return source.body;
  };
  edit.getFields().byViewer.resolve = (source: { actor: string }, _args, ctx: { viewer: { id: string } }) => {
    calls.byViewer += 1;
    return source.actor === ctx.viewer.id;
  };
  const subscription = schema.getSubscriptionType()!;
  subscription.getFields().edits.subscribe = (_root, _args, scope: SubscriberScope) => liveEvents(scope, pubsub.feed('edits'));
  subscription.getFields().edits.resolve = (payload) => payload;
  return { pubsub, calls, rootValue };
}

async function subscribers(count: number, query: string, rootValue: unknown) {
  const document = parse(query);
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const stream = (await subscribeShared({
        schema,
        document,
        rootValue,
        contextValue: { viewer: { id: `user-${i}` }, renew: () => undefined },
      })) as AsyncGenerator<ExecutionResult>;
      return stream;
    }),
  );
}

describe('subscribeShared', () => {
  it('executes a selection that does not read the viewer once per event for every subscriber', async () => {
    const { pubsub, calls, rootValue } = setup();
    const streams = await subscribers(50, 'subscription { edits { version body } }', rootValue);
    const next = streams.map((stream) => stream.next());
    await new Promise((resolve) => setImmediate(resolve));
    pubsub.publish('edits', { version: 2, body: 'Students advance on mastery.', actor: 'user-3' });
    const results = await Promise.all(next);
    expect(results.map((r) => r.value)).toEqual(Array(50).fill({ data: { edits: { version: 2, body: 'Students advance on mastery.' } } }));
    expect(calls.body).toBe(1);
    await Promise.all(streams.map((stream) => stream.return(undefined)));
  });

  it('executes a selection that reads the viewer per subscriber, each with their own answer', async () => {
    const { pubsub, calls, rootValue } = setup();
    const streams = await subscribers(5, 'subscription { edits { version body byViewer } }', rootValue);
    const next = streams.map((stream) => stream.next());
    await new Promise((resolve) => setImmediate(resolve));
    pubsub.publish('edits', { version: 3, body: 'Rubrics by competency.', actor: 'user-3' });
    const results = await Promise.all(next);
    expect(results.map((r) => (r.value as ExecutionResult<{ edits: { byViewer: boolean } }>).data!.edits.byViewer)).toEqual([false, false, false, true, false]);
    expect(calls.byViewer).toBe(5);
    await Promise.all(streams.map((stream) => stream.return(undefined)));
  });

  it('ends the source stream when the subscriber leaves', async () => {
    const { rootValue } = setup();
    const [stream] = await subscribers(1, 'subscription { edits { version } }', rootValue);
    const pending = stream.next();
    await stream.return(undefined);
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
  });
});
