/**
 * Typed topics: a feature declares `const partnershipTopic = topic<Payload>('partnerships')`
 * and publishes (after its transaction commits) and subscribes through it.
 * Payloads must be plain JSON (they cross instances through Redis): ids and
 * small values, never entities.
 */
import type { Feed } from './channels';
import type { PubSub } from './pubsub';

export interface Topic<P> {
  /** The channel for one key (e.g. a waiver request id), or the topic's only channel. */
  channel(key?: string): string;
  publish(pubsub: PubSub, payload: P, key?: string): void;
  /** The channel's events, pulled. */
  subscribe(pubsub: PubSub, key?: string): AsyncIterable<P>;
  /** The channel's events, pushed as they are published: what a subscription's `liveEvents` reads (src/delivery/live-events.ts). */
  feed(pubsub: PubSub, key?: string): Feed<P>;
}

export function topic<P>(name: string): Topic<P> {
  const channel = (key?: string) => (key ? `${name}:${key}` : name);
  return {
    channel,
    publish: (pubsub, payload, key) => pubsub.publish(channel(key), payload),
    subscribe: (pubsub, key) => pubsub.subscribe(channel(key)) as AsyncIterable<P>,
    feed: (pubsub, key) => pubsub.feed(channel(key)) as Feed<P>,
  };
}
