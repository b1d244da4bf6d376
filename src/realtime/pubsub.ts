/**
 * The hub's pub/sub: in-process by default; with REDIS_URL, events fan out to
 * every hub instance through Redis (one SUBSCRIBE per channel and instance,
 * each message parsed once and the same payload handed to every local
 * subscriber). Services publish only after their transaction commits.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ChannelFeed, Channels, ChannelStream, type Feed } from './channels';

export interface PubSub {
  publish(topic: string, payload: unknown): void;
  /** The topic's events, pulled. */
  subscribe(topic: string): AsyncIterable<unknown>;
  /** The topic's events, pushed to one listener as they are published (how subscriptions are delivered). */
  feed(topic: string): Feed<unknown>;
  /**
   * Calls `listener` each time the bus is back after losing Redis (events
   * published meanwhile may be lost: a feature with its own log catches its
   * live subscribers up from it). Absent on the in-process bus, which never loses any.
   */
  onResume?(listener: () => void): () => void;
}

export interface RealtimeBus {
  pubsub: PubSub;
  /** Whether events cross instances. */
  distributed: boolean;
  /** A command connection to Redis, when REDIS_URL is set (shared limits use it). */
  redis?: Redis;
  /** This instance's subscribers by channel (tests count them). */
  channels: Channels;
  close(): Promise<void>;
}

export async function createRealtimeBus(redisUrl: string | undefined, logger: Logger): Promise<RealtimeBus> {
  if (!redisUrl) {
    const channels = new Channels();
    return {
      pubsub: {
        publish: (topic, payload) => channels.deliver(topic, payload ?? null),
        subscribe: (topic) => new ChannelStream(channels, topic),
        feed: (topic) => new ChannelFeed(channels, topic),
      },
      distributed: false,
      channels,
      close: async () => {},
    };
  }
  // Loaded only when used: an instance without Redis does not carry the client.
  const { Redis } = await import('ioredis');
  const options = { lazyConnect: true, maxRetriesPerRequest: 3, enableOfflineQueue: true };
  const publishClient = new Redis(redisUrl, options);
  const subscribeClient = new Redis(redisUrl, options);
  for (const [role, client] of [
    ['publish', publishClient],
    ['subscribe', subscribeClient],
  ] as const) {
    client.on('error', (error: Error) => logger.warn({ err: error, role }, 'redis connection problem'));
  }
  try {
    await Promise.all([publishClient.connect(), subscribeClient.connect()]);
  } catch (error) {
    publishClient.disconnect();
    subscribeClient.disconnect();
    throw new Error(`REDIS_URL is set but Redis did not answer: ${(error as Error).message}`, { cause: error });
  }
  const channels = redisChannels(publishClient, subscribeClient, logger);
  const resumed = new Set<() => void>();
  let lost = false;
  subscribeClient.on('close', () => (lost = true));
  subscribeClient.on('ready', () => {
    if (!lost) return;
    lost = false;
    for (const listener of resumed) listener();
  });
  return {
    pubsub: {
      publish: (topic, payload) => {
        publishClient.publish(topic, payload === undefined ? '' : JSON.stringify(payload)).catch(failed(logger, 'publish', topic));
      },
      subscribe: (topic) => new ChannelStream(channels, topic),
      feed: (topic) => new ChannelFeed(channels, topic),
      onResume: (listener) => {
        resumed.add(listener);
        return () => resumed.delete(listener);
      },
    },
    distributed: true,
    redis: publishClient,
    channels,
    close: async () => {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}

const failed = (logger: Logger, command: string, channel: string) => (error: Error) => logger.warn({ err: error, command, channel }, 'redis command failed');

/**
 * The channels of this instance, subscribed in Redis while they have
 * listeners. Redis commands' failures are logged instead of left unhandled:
 * an unsubscribe racing shutdown, or a publish while Redis is away, must not
 * crash the process.
 */
function redisChannels(publishClient: Redis, subscribeClient: Redis, logger: Logger): Channels {
  // A SUBSCRIBE that fails while Redis is away is issued again once it is back; otherwise the
  // channel would stay registered here but deaf, for its subscriber and every later one on this hub.
  const unsubscribed = new Set<string>();
  const subscribe = (channel: string) =>
    subscribeClient.subscribe(channel).catch((error: Error) => {
      failed(logger, 'subscribe', channel)(error);
      unsubscribed.add(channel);
    });
  const channels: Channels = new Channels({
    opened: (channel) => void subscribe(channel),
    closed: (channel) => {
      if (subscribeClient.status === 'ready') subscribeClient.unsubscribe(channel).catch(failed(logger, 'unsubscribe', channel));
    },
  });
  subscribeClient.on('ready', () => {
    for (const channel of unsubscribed) {
      unsubscribed.delete(channel);
      if (channels.has(channel)) void subscribe(channel);
    }
  });
  subscribeClient.on('message', (channel: string, message: string) => {
    if (!channels.has(channel)) return;
    let payload: unknown;
    try {
      payload = message === '' ? null : JSON.parse(message);
    } catch (error) {
      logger.warn({ err: error, channel }, 'unreadable message on a redis channel');
      return;
    }
    channels.deliver(channel, payload);
  });
  return channels;
}
