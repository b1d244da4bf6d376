/**
 * The listeners of each pub/sub channel on this instance, and the stream one
 * subscriber reads a channel through.
 *
 * A hub holds thousands of subscribers on one waiver request, so what each
 * costs while connected and per event matters: a `ChannelStream` is one small
 * object (no generator, no promise until it waits, no closure), registered in
 * a set per channel; an event is handed to every stream of the channel in one
 * synchronous loop, the same payload object to each (shared execution relies
 * on it, see shared-execution.ts).
 */

/** A channel's subscriber as the registry sees it. */
export interface ChannelListener {
  push(payload: unknown): void;
}

/**
 * A stream whose events can be pushed to a consumer as they are published
 * instead of pulled with `next()` (src/realtime/subscription.ts uses it to
 * hand an event to thousands of subscribers in one synchronous loop). The
 * consumer then buffers, paces and bounds them itself; `return()` still stops.
 */
export interface PushSource<T> extends AsyncIterator<T> {
  attach(listener: { push(payload: T): void }): void;
}

/** Whether a stream can push its events (see PushSource). */
export function canPush<T>(stream: AsyncIterator<T>): stream is PushSource<T> {
  return typeof (stream as Partial<PushSource<T>>).attach === 'function';
}

/** Called when a channel gets its first listener or loses its last one (Redis subscribes and unsubscribes there). */
export interface ChannelHooks {
  opened?(channel: string): void;
  closed?(channel: string): void;
}

export class Channels {
  private readonly listeners = new Map<string, Set<ChannelListener>>();

  constructor(private readonly hooks: ChannelHooks = {}) {}

  add(channel: string, listener: ChannelListener): void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      this.hooks.opened?.(channel);
    }
    set.add(listener);
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

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * Events a subscriber has not read yet, at most this many: a subscriber this
 * far behind (its socket not draining) is ended rather than buffered without bound.
 */
export const MAX_UNREAD = 1024;

const IDLE = 0;
const LISTENING = 1;
const ENDED = 2;

/**
 * One subscriber's events on one channel. It starts listening on its first
 * `next()` (as graphql-yoga's Repeater-based streams did) and stops at
 * `return()`, which also ends a `next()` waiting for an event.
 */
export class ChannelStream implements AsyncIterableIterator<unknown>, ChannelListener, PushSource<unknown> {
  private state = IDLE;
  private unread: unknown[] | undefined;
  private waiting: ((result: IteratorResult<unknown>) => void) | undefined;
  /** Set by `attach`: events go straight to it, nothing is buffered here. */
  private consumer: ChannelListener | undefined;

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

  /** Starts listening, handing each event to `consumer` as it is published (instead of through `next()`). */
  attach(consumer: ChannelListener): void {
    if (this.state === ENDED) return;
    this.consumer = consumer;
    if (this.state === IDLE) {
      this.state = LISTENING;
      this.channels.add(this.channel, this);
    }
  }

  push(payload: unknown): void {
    if (this.consumer) return this.consumer.push(payload);
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
    this.consumer = undefined;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(DONE);
  }
}
