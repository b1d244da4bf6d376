/**
 * The hub's pub/sub: in-process by default; with REDIS_URL, events fan out to
 * every hub instance through Redis (graphql-yoga's Redis event target).
 * Services publish only after their transaction commits.
 */
import { createPubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface PubSub {
  publish(topic: string, payload: unknown): void;
  subscribe(topic: string): AsyncIterable<unknown>;
}

export interface RealtimeBus {
  pubsub: PubSub;
  /** Whether events cross instances. */
  distributed: boolean;
  /** A command connection to Redis, when REDIS_URL is set (shared limits use it). */
  redis?: Redis;
  close(): Promise<void>;
}

export async function createRealtimeBus(redisUrl: string | undefined, logger: Logger): Promise<RealtimeBus> {
  if (!redisUrl) {
    return { pubsub: createPubSub() as unknown as PubSub, distributed: false, close: async () => {} };
  }
  const options = { lazyConnect: true, maxRetriesPerRequest: 3, enableOfflineQueue: true };
  const publishClient = new Redis(redisUrl, options);
  const subscribeClient = new Redis(redisUrl, options);
  for (const [role, client] of [['publish', publishClient], ['subscribe', subscribeClient]] as const) {
    client.on('error', (error: Error) => logger.warn({ err: error, role }, 'redis connection problem'));
  }
  try {
    await Promise.all([publishClient.connect(), subscribeClient.connect()]);
  } catch (error) {
    publishClient.disconnect();
    subscribeClient.disconnect();
    throw new Error(`REDIS_URL is set but Redis did not answer: ${(error as Error).message}`);
  }
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  return {
    pubsub: createPubSub({ eventTarget }) as unknown as PubSub,
    distributed: true,
    redis: publishClient,
    close: async () => {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
