/**
 * A subscriber's live events (src/delivery/live-events.ts) read by pulling,
 * as any consumer of an async iterable may (graphql-js's own `subscribe`
 * does): every event decided in a renewed scope, in order, one at a time,
 * skipped or ending the stream as decided, and `onEnd` run once.
 */
import { describe, expect, it } from 'vitest';
import { liveEvents, type Decision, type LiveEvents } from '../../src/delivery';
import { ChannelFeed, Channels } from '../../src/realtime/channels';

function setup(decide: (payload: number) => Decision | Promise<Decision>) {
  const channels = new Channels();
  const scope = {
    renewals: 0,
    renew() {
      this.renewals += 1;
    },
  };
  const calls = { decided: [] as number[], ended: 0 };
  const events = liveEvents(scope, new ChannelFeed<number>(channels, 'edits'), {
    decide: (_scope, payload) => (calls.decided.push(payload), decide(payload)),
    onEnd: () => void (calls.ended += 1),
  });
  return { channels, scope, calls, iterator: events[Symbol.asyncIterator]() };
}

describe('live events, pulled', () => {
  it('hand on the events decided for delivery, in order, deciding the next only once it is asked for', async () => {
    const { channels, calls, iterator } = setup((payload) => (payload === 2 ? 'skip' : 'deliver'));
    const first = iterator.next();
    expect(channels.count('edits')).toBe(1);
    for (const payload of [1, 2, 3]) channels.deliver('edits', payload);
    expect(await first).toEqual({ value: 1, done: false });
    expect(calls.decided).toEqual([1]);
    expect(await iterator.next()).toEqual({ value: 3, done: false });
    expect(calls.decided).toEqual([1, 2, 3]);
    await iterator.return!();
    expect(channels.count('edits')).toBe(0);
    expect(calls.ended).toBe(1);
  });

  it('end when a decision says so, stop listening and run onEnd once', async () => {
    const { channels, calls, iterator, scope } = setup(async (payload) => (payload === 2 ? 'end' : 'deliver'));
    const first = iterator.next();
    channels.deliver('edits', 1);
    channels.deliver('edits', 2);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(channels.count('edits')).toBe(0);
    await iterator.return!();
    expect(calls.ended).toBe(1);
    expect(scope.renewals).toBeGreaterThanOrEqual(2);
  });

  it('fail the next read when a decision fails', async () => {
    const { channels, calls, iterator } = setup(() => {
      throw new Error('the database went away');
    });
    const first = iterator.next();
    channels.deliver('edits', 1);
    await expect(first).rejects.toThrow('the database went away');
    expect(channels.count('edits')).toBe(0);
    expect(calls.ended).toBe(1);
  });
});

describe('live events, options as an object', () => {
  it('call decide and onEnd as methods of the options, so one object per subscriber can hold its state', async () => {
    const channels = new Channels();
    /** A subscriber's state and its decisions on one object, as a waiver request's follower is. */
    class EveryOther {
      decided = 0;
      ended = 0;
      decide(): Decision {
        this.decided += 1;
        return this.decided % 2 === 1 ? 'deliver' : 'skip';
      }
      onEnd(): void {
        this.ended += 1;
      }
    }
    const follower = new EveryOther();
    const iterator = liveEvents({ renew() {} }, new ChannelFeed<number>(channels, 'edits'), follower)[Symbol.asyncIterator]();
    const first = iterator.next();
    for (const payload of [1, 2, 3]) channels.deliver('edits', payload);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await iterator.next()).toEqual({ value: 3, done: false });
    expect(follower.decided).toBe(3);
    await iterator.return!();
    expect(follower.ended).toBe(1);
  });
});

describe('live events, ending', () => {
  it('run onEnd after the stack unwinds, so ends that end others (a crowd leaving at once) never nest', async () => {
    const channels = new Channels();
    const scope = { renew() {} };
    const count = 50_000;
    let ended = 0;
    let done!: () => void;
    const all = new Promise<void>((resolve) => (done = resolve));
    const chain: Array<LiveEvents<number>> = [];
    for (let i = 0; i < count; i++) {
      chain.push(
        liveEvents(scope, new ChannelFeed<number>(channels, 'edits'), {
          onEnd: () => {
            ended += 1;
            if (i + 1 < count) void chain[i + 1].stop();
            else done();
          },
        }),
      );
    }
    await chain[0].stop();
    await all;
    expect(ended).toBe(count);
  });
});
