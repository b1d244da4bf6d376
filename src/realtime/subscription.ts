/**
 * Delivers a topic's events to one subscriber: a fresh request scope per
 * event, and a per-event decision (deliver, skip, or end the subscription),
 * so a subscriber who loses access stops receiving at once.
 *
 * One small object per subscriber, not an async generator: with thousands of
 * subscribers on one request, each layer of generators and promises between
 * the pub/sub and the socket is paid once per subscriber and event, and what
 * a generator keeps alive is paid once per subscriber while connected. A
 * decision that needs no query may be returned synchronously and costs no
 * extra turn of the event loop.
 */
import type { HubContext } from '../graphql/context';

export type Decision = 'deliver' | 'skip' | 'end';

export interface LiveOptions<P> {
  /** Decides for each event, in the renewed scope (may query the database). */
  decide?: (ctx: HubContext, payload: P) => Decision | Promise<Decision>;
  /** Runs once when the subscription ends, however it ends (source done, `end`, client gone, failure). */
  onEnd?: () => void | Promise<void>;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

class LiveEvents<P> implements AsyncIterableIterator<P> {
  private iterator: AsyncIterator<P> | undefined;
  private ending: Promise<void> | undefined;

  constructor(
    private readonly ctx: HubContext,
    private readonly source: AsyncIterable<P>,
    private readonly options: LiveOptions<P>,
  ) {}

  async next(): Promise<IteratorResult<P>> {
    // Between events a subscription holds no scope (no fork, no loaders): the
    // subscribe-time one is dropped here, each event's once it has been
    // delivered (the consumer asks for the next event after executing this one).
    this.ctx.renew();
    try {
      while (!this.ending) {
        const next = await (this.iterator ??= this.source[Symbol.asyncIterator]()).next();
        if (next.done || this.ending) break;
        this.ctx.renew();
        const decided = this.options.decide ? this.options.decide(this.ctx, next.value) : 'deliver';
        const decision = typeof decided === 'string' ? decided : await decided;
        if (decision === 'end') break;
        if (decision === 'deliver') return { value: next.value, done: false };
      }
    } catch (error) {
      await this.end();
      throw error;
    }
    await this.end();
    return DONE;
  }

  async return(): Promise<IteratorResult<P>> {
    await this.end();
    return DONE;
  }

  async throw(error: unknown): Promise<IteratorResult<P>> {
    await this.end();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Stops the source first: a `next()` waiting for an event then returns at once. */
  private end(): Promise<void> {
    return (this.ending ??= (async () => {
      this.ctx.renew();
      await this.iterator?.return?.();
      await this.options.onEnd?.();
    })());
  }
}

export function liveEvents<P>(ctx: HubContext, source: AsyncIterable<P>, options: LiveOptions<P> = {}): AsyncIterableIterator<P> {
  return new LiveEvents(ctx, source, options);
}
