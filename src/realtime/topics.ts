/**
 * Typed topics: a feature declares `const partnershipTopic = topic<Payload>('partnerships')`
 * and publishes (after its transaction commits) and subscribes through it.
 * Payloads must be plain JSON (they cross instances through Redis): ids and
 * small values, never entities.
 */
import type { PubSub } from './pubsub';

export interface Topic<P> {
  /** The channel for one key (e.g. a waiver request id), or the topic's only channel. */
  channel(key?: string): string;
  publish(pubsub: PubSub, payload: P, key?: string): void;
  subscribe(pubsub: PubSub, key?: string): AsyncIterable<P>;
}

export function topic<P>(name: string): Topic<P> {
  const channel = (key?: string) => (key ? `${name}:${key}` : name);
  return {
    channel,
    publish: (pubsub, payload, key) => pubsub.publish(channel(key), payload),
    subscribe: (pubsub, key) => pubsub.subscribe(channel(key)) as AsyncIterable<P>,
  };
}
