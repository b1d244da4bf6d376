import { describe, expect, it } from 'vitest';
import { createRealtimeBus, type RealtimeBus } from '../../src/realtime/pubsub';
import { topic } from '../../src/realtime/topics';
import { createLogger } from '../../src/logger';

const logger = createLogger('silent');
const ticks = topic<{ n: number }>('test-ticks');

/**
 * Subscribes, waits until the subscription is live (a handshake event 0 is
 * published until it arrives: the Redis SUBSCRIBE completes asynchronously),
 * then publishes and collects `count` payloads in arrival order.
 */
async function collect(bus: RealtimeBus, key: string, count: number, publish: () => void, handshake = bus): Promise<number[]> {
  const iterator = ticks.subscribe(bus.pubsub, key)[Symbol.asyncIterator]();
  let pending = iterator.next();
  for (let live = false; !live;) {
    ticks.publish(handshake.pubsub, { n: 0 }, key);
    const arrived = await Promise.race([pending.then(() => true), new Promise<false>((resolve) => setTimeout(resolve, 25, false))]);
    if (arrived) live = true;
  }
  // Drain handshakes still in flight, then start the real stream.
  publish();
  const seen: number[] = [];
  while (seen.length < count) {
    pending = iterator.next();
    const { n } = (await pending).value;
    if (n !== 0) seen.push(n);
  }
  await iterator.return?.();
  return seen;
}

describe('in-process pub/sub', () => {
  it('delivers a channel’s events in order to its subscriber only', async () => {
    const bus = await createRealtimeBus(undefined, logger);
    expect(bus.distributed).toBe(false);
    const seen = await collect(bus, 'a', 5, () => {
      for (let n = 1; n <= 5; n++) {
        ticks.publish(bus.pubsub, { n: -n }, 'b');
        ticks.publish(bus.pubsub, { n }, 'a');
      }
    });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    await bus.close();
  });
});

describe.skipIf(!process.env.REDIS_URL)('pub/sub across instances through Redis (REDIS_URL)', () => {
  it('delivers events published by one instance to a subscriber on another, in order', async () => {
    const [one, two] = await Promise.all([createRealtimeBus(process.env.REDIS_URL, logger), createRealtimeBus(process.env.REDIS_URL, logger)]);
    expect(one.distributed && two.distributed).toBe(true);
    const key = `k${Date.now()}`;
    const seen = await collect(
      two,
      key,
      20,
      () => {
        for (let n = 1; n <= 20; n++) ticks.publish(one.pubsub, { n }, key);
      },
      one,
    );
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await Promise.all([one.close(), two.close()]);
  });

  it('fails to start with a clear message when Redis does not answer', async () => {
    await expect(createRealtimeBus('redis://127.0.0.1:1', logger)).rejects.toThrow(/REDIS_URL is set but Redis did not answer/);
  });
});
