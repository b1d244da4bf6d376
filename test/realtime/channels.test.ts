/**
 * The per-channel registry and the stream each subscriber reads a channel
 * through (src/realtime/channels.ts): listening from the first `next()` to
 * `return()`, never longer, and never buffering without bound.
 */
import { describe, expect, it } from 'vitest';
import { Channels, ChannelStream, MAX_UNREAD } from '../../src/realtime/channels';

describe('ChannelStream', () => {
  it('listens from its first next() and hands every listener the same payload object, in order', async () => {
    const channels = new Channels();
    const [a, b] = [new ChannelStream(channels, 'c'), new ChannelStream(channels, 'c')];
    expect(channels.count('c')).toBe(0);
    const first = [a.next(), b.next()];
    expect(channels.count('c')).toBe(2);
    const payload = { n: 1 };
    channels.deliver('c', payload);
    channels.deliver('c', { n: 2 });
    channels.deliver('other', { n: 3 });
    const [fromA, fromB] = await Promise.all(first);
    expect(fromA.value).toBe(payload);
    expect(fromB.value).toBe(payload);
    expect((await a.next()).value).toEqual({ n: 2 });
    await Promise.all([a.return(), b.return()]);
  });

  it('stops listening at return(), ending a next() that waits for an event, and opens and closes the channel once', async () => {
    const opened: string[] = [];
    const closed: string[] = [];
    const channels = new Channels({ opened: (c) => opened.push(c), closed: (c) => closed.push(c) });
    const streams = Array.from({ length: 3 }, () => new ChannelStream(channels, 'c'));
    const waiting = streams.map((stream) => stream.next());
    expect(channels.count('c')).toBe(3);
    await Promise.all(streams.map((stream) => stream.return()));
    expect(await Promise.all(waiting)).toEqual(Array(3).fill({ value: undefined, done: true }));
    expect(channels.count('c')).toBe(0);
    expect(channels.has('c')).toBe(false);
    expect([opened, closed]).toEqual([['c'], ['c']]);
    expect(await streams[0].next()).toEqual({ value: undefined, done: true });
  });

  it('ends a subscriber who falls more than MAX_UNREAD events behind instead of buffering without bound', async () => {
    const channels = new Channels();
    const stream = new ChannelStream(channels, 'c');
    const first = await Promise.race([stream.next(), Promise.resolve('waiting')]);
    expect(first).toBe('waiting');
    for (let n = 0; n <= MAX_UNREAD + 1; n++) channels.deliver('c', { n });
    expect(channels.count('c')).toBe(0);
    // The event the first next() waited for was delivered; what piled up after it is dropped with the stream.
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });
});
