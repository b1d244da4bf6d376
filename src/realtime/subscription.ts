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
 *
 * It is read either by pulling (`next()`, any consumer) or, by the shared
 * execution (src/realtime/shared-execution.ts), by having each event pushed
 * to a sink as the pub/sub publishes it (`pushTo`): then an event reaches a
 * whole crowd in one synchronous loop, with no promise per subscriber unless
 * its decision or its delivery has to wait. Either way one event is decided
 * and delivered at a time, in order; events published meanwhile wait, at
 * most MAX_UNREAD of them before the subscriber is ended.
 */
import type { HubContext } from '../graphql/context';
import { canPush, MAX_UNREAD } from './channels';

export type Decision = 'deliver' | 'skip' | 'end';

export interface LiveOptions<P> {
  /** Decides for each event, in the renewed scope (may query the database). */
  decide?: (ctx: HubContext, payload: P) => Decision | Promise<Decision>;
  /** Runs once when the subscription ends, however it ends (source done, `end`, client gone, failure). */
  onEnd?: () => void | Promise<void>;
}

/** What a pushed subscription hands its events to (see `LiveEvents.pushTo`). */
export interface LiveSink<P> {
  /** An event decided for delivery: true once done with it, false when the sink will call `resume()` once done. */
  deliver(payload: P): boolean;
  /** The subscription ended on its own (a decision, the source, or too far behind), after `onEnd` ran. */
  ended(): void;
  /** A decision failed; the subscription ended, after `onEnd` ran. */
  failed(error: unknown): void;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

export class LiveEvents<P> implements AsyncIterableIterator<P> {
  private iterator: AsyncIterator<P> | undefined;
  private ending: Promise<void> | undefined;
  /** Pushed mode: the sink, whether an event is being decided or delivered, and the events waiting behind it. */
  private sink: LiveSink<P> | undefined;
  private busy = false;
  private backlog: P[] | undefined;

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

  /**
   * Starts listening, handing each event decided for delivery to `sink` as
   * soon as it is published (instead of through `next()`, which must not be
   * used then). The scope is renewed before each decision and dropped once
   * the sink is done with the event.
   */
  pushTo(sink: LiveSink<P>): void {
    if (this.ending || this.sink) return;
    this.sink = sink;
    this.ctx.renew();
    const iterator = (this.iterator ??= this.source[Symbol.asyncIterator]());
    if (canPush(iterator)) iterator.attach(this);
    else void this.pump(iterator);
  }

  /** An event from the source (pushed mode). */
  push(payload: P): void {
    if (this.ending) return;
    if (this.busy) {
      const backlog = (this.backlog ??= []);
      backlog.push(payload);
      if (backlog.length > MAX_UNREAD) this.finish();
      return;
    }
    this.take(payload);
    this.drain();
  }

  /** The sink is done with the event it took asynchronously: the next waiting one is taken. */
  resume(): void {
    this.busy = false;
    this.drain();
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

  /** Decides one event and hands it on; sets `busy` while the decision or the delivery is still running. */
  private take(payload: P): void {
    this.ctx.renew();
    let decided: Decision | Promise<Decision>;
    try {
      decided = this.options.decide ? this.options.decide(this.ctx, payload) : 'deliver';
    } catch (error) {
      return this.finish(error);
    }
    if (typeof decided === 'string') return this.act(decided, payload);
    this.busy = true;
    decided.then(
      (decision) => {
        this.busy = false;
        this.act(decision, payload);
        this.drain();
      },
      (error: unknown) => this.finish(error),
    );
  }

  private act(decision: Decision, payload: P): void {
    if (this.ending) return;
    if (decision === 'end') return this.finish();
    if (decision === 'deliver' && !this.sink!.deliver(payload)) this.busy = true;
  }

  /** Takes waiting events while each is done at once; drops the scope when idle. */
  private drain(): void {
    while (!this.busy && !this.ending && this.backlog?.length) this.take(this.backlog.shift()!);
    if (!this.busy) this.ctx.renew();
  }

  /** A source that cannot push is pulled here and pushed on. */
  private async pump(iterator: AsyncIterator<P>): Promise<void> {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done || this.ending) break;
        this.push(next.value);
      }
    } catch (error) {
      return this.finish(error);
    }
    this.finish();
  }

  /** Ends on its own (pushed mode), then tells the sink. */
  private finish(error?: unknown): void {
    if (this.ending) return;
    this.backlog = undefined;
    const sink = this.sink!;
    this.end().then(
      () => (error === undefined ? sink.ended() : sink.failed(error)),
      (failure: unknown) => sink.failed(failure),
    );
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
