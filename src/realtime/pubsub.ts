/**
 * The hub's pub/sub: in-process by default; with REDIS_URL, events fan out to
 * every hub instance through Redis (graphql-yoga's Redis event target).
 * Services publish only after their transaction commits.
 */
import { setMaxListeners } from 'node:events';
import { createPubSub } from '@graphql-yoga/subscription';
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
    // One listener per subscriber on a channel: thousands are expected, not a leak.
    const eventTarget = new EventTarget();
    setMaxListeners(0, eventTarget);
    return { pubsub: createPubSub({ eventTarget }) as unknown as PubSub, distributed: false, close: async () => {} };
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
  const eventTarget = redisEventTarget(publishClient, subscribeClient, logger);
  return {
    pubsub: createPubSub({ eventTarget }) as unknown as PubSub,
    distributed: true,
    redis: publishClient,
    close: async () => {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}

type Listener = (event: CustomEvent) => void;

/**
 * graphql-yoga's Redis event target, with its Redis commands' failures
 * logged instead of left unhandled: an unsubscribe racing shutdown, or a
 * publish while Redis is away, must not crash the process. Each message is
 * parsed once and the same payload object handed to every local listener.
 */
function redisEventTarget(publishClient: Redis, subscribeClient: Redis, logger: Logger) {
  const listeners = new Map<string, Set<Listener>>();
  const failed = (command: string, channel: string) => (error: Error) => logger.warn({ err: error, command, channel }, 'redis command failed');
  subscribeClient.on('message', (channel: string, message: string) => {
    const callbacks = listeners.get(channel);
    if (!callbacks) return;
    let detail: unknown;
    try {
      detail = message === '' ? null : JSON.parse(message);
    } catch (error) {
      logger.warn({ err: error, channel }, 'unreadable message on a redis channel');
      return;
    }
    const event = new CustomEvent(channel, { detail });
    for (const callback of callbacks) callback(event);
  });
  // A SUBSCRIBE that fails while Redis is away is issued again once it is back; otherwise the
  // channel would stay registered here but deaf, for its subscriber and every later one on this hub.
  const unsubscribed = new Set<string>();
  const subscribe = (channel: string) =>
    subscribeClient.subscribe(channel).catch((error: Error) => {
      failed('subscribe', channel)(error);
      unsubscribed.add(channel);
    });
  subscribeClient.on('ready', () => {
    for (const channel of unsubscribed) {
      unsubscribed.delete(channel);
      if (listeners.has(channel)) void subscribe(channel);
    }
  });
  const callbackOf = (listener: Listener | { handleEvent: Listener }): Listener => ('handleEvent' in listener ? listener.handleEvent : listener);
  return {
    addEventListener(channel: string, listener: Listener | { handleEvent: Listener } | null) {
      if (!listener) return;
      let callbacks = listeners.get(channel);
      if (!callbacks) {
        callbacks = new Set();
        listeners.set(channel, callbacks);
        void subscribe(channel);
      }
      callbacks.add(callbackOf(listener));
    },
    removeEventListener(channel: string, listener: Listener | { handleEvent: Listener } | null) {
      const callbacks = listeners.get(channel);
      if (!listener || !callbacks) return;
      callbacks.delete(callbackOf(listener));
      if (callbacks.size > 0) return;
      listeners.delete(channel);
      if (subscribeClient.status === 'ready') subscribeClient.unsubscribe(channel).catch(failed('unsubscribe', channel));
    },
    dispatchEvent(event: CustomEvent) {
      publishClient.publish(event.type, event.detail === undefined ? '' : JSON.stringify(event.detail)).catch(failed('publish', event.type));
      return true;
    },
  };
}
