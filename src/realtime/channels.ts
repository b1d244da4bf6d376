/**
 * The listeners of each pub/sub channel on this instance, and the two ways
 * to read a channel: pulled (`ChannelStream`, an async iterator that buffers
 * what its reader has not taken yet) or pushed (`ChannelFeed`, each event
 * handed to one listener as it is published; subscription delivery reads
 * channels this way, see src/delivery/).
 *
 * A hub holds thousands of subscribers on one waiver request, so what each
 * costs while connected and per event matters: a reader is one small object
 * (no generator, no promise until it waits, no closure), registered in a set
 * per channel; an event is handed to every listener of the channel in one
 * synchronous loop, the same payload object to each (shared execution relies
 * on it, see src/delivery/execute-once.ts).
 */

/** A channel's listener: handed each event as it is published. */
export interface ChannelListener<P = unknown> {
  push(payload: P): void;
}

/** Called when a channel gets its first listener or loses its last one (Redis subscribes and unsubscribes there). */
export interface ChannelHooks {
  opened?(channel: string): void;
  closed?(channel: string): void;
}

/** A channel's listeners, and its name as the first listener gave it (the one string its listeners keep). */
class Listeners extends Set<ChannelListener> {
  constructor(readonly channel: string) {
    super();
  }
}

export class Channels {
  private readonly listeners = new Map<string, Listeners>();

  constructor(private readonly hooks: ChannelHooks = {}) {}

  /** Adds a listener; returns the channel's name as the channel keeps it, for the listener to keep instead of its own copy. */
  add(channel: string, listener: ChannelListener): string {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Listeners(channel);
      this.listeners.set(channel, set);
      this.hooks.opened?.(channel);
    }
    set.add(listener);
    return set.channel;
  }

  remove(channel: string, listener: ChannelListener): void {
    const set = this.listeners.get(channel);
    if (!set?.delete(listener) || set.size > 0) return;
    this.listeners.delete(channel);
    this.hooks.closed?.(channel);
  }

  has(channel: string): boolean {
    return this.listeners.has(channel);
  }

  /** Listeners on a channel (tests count them). */
  count(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }

  deliver(channel: string, payload: unknown): void {
    const set = this.listeners.get(channel);
    if (set) for (const listener of set) listener.push(payload);
  }
}

/** The end of an iteration: the one constant every stream of the hub returns. */
export const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * Events a subscriber has not read yet, at most this many: a subscriber this
 * far behind (its socket not draining) is ended rather than buffered without bound.
 */
export const MAX_UNREAD = 1024;

/** A channel's events pushed to one listener, from `listen` until `close` (idempotent; a closed feed stays closed). */
export interface Feed<P> {
  listen(listener: ChannelListener<P>): void;
  close(): void;
}

/** A feed on one channel of this instance. */
export class ChannelFeed<P = unknown> implements Feed<P> {
  private listener: ChannelListener<P> | undefined;
  private closed = false;

  constructor(
    private readonly channels: Channels,
    private channel: string,
  ) {}

  listen(listener: ChannelListener<P>): void {
    if (this.closed || this.listener) return;
    this.listener = listener;
    // A crowd on one channel keeps one copy of its name (each subscriber's was made from its own variables).
    this.channel = this.channels.add(this.channel, listener as ChannelListener);
  }

  close(): void {
    this.closed = true;
    if (this.listener) this.channels.remove(this.channel, this.listener as ChannelListener);
    this.listener = undefined;
  }
}

const IDLE = 0;
const LISTENING = 1;
const ENDED = 2;

/**
 * One reader's events on one channel, pulled. It starts listening on its first
 * `next()` (as graphql-yoga's Repeater-based streams did) and stops at
 * `return()`, which also ends a `next()` waiting for an event.
 */
export class ChannelStream implements AsyncIterableIterator<unknown>, ChannelListener {
  private state = IDLE;
  private unread: unknown[] | undefined;
  private waiting: ((result: IteratorResult<unknown>) => void) | undefined;

  constructor(
    private readonly channels: Channels,
    private readonly channel: string,
  ) {}

  next(): Promise<IteratorResult<unknown>> {
    if (this.state === ENDED) return Promise.resolve(DONE);
    if (this.state === IDLE) {
      this.state = LISTENING;
      this.channels.add(this.channel, this);
    }
    if (this.unread?.length) return Promise.resolve({ value: this.unread.shift(), done: false });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  push(payload: unknown): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting({ value: payload, done: false });
      return;
    }
    (this.unread ??= []).push(payload);
    if (this.unread.length > MAX_UNREAD) this.end();
  }

  return(): Promise<IteratorResult<unknown>> {
    this.end();
    return Promise.resolve(DONE);
  }

  throw(error: unknown): Promise<IteratorResult<unknown>> {
    this.end();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private end(): void {
    if (this.state === LISTENING) this.channels.remove(this.channel, this);
    this.state = ENDED;
    this.unread = undefined;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(DONE);
  }
}
