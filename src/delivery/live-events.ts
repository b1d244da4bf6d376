/**
 * Steps 1 and 2 of delivery (see index.ts): one subscriber's events from its
 * channel, each decided (deliver, skip, or end the subscription) in a fresh
 * request scope, so a subscriber who loses access stops receiving at once.
 *
 * One small object per subscriber, not an async generator: with thousands of
 * subscribers on one request, each layer of generators and promises between
 * the pub/sub and the socket is paid once per subscriber and event, and what
 * a generator keeps alive is paid once per subscriber while connected. Events
 * are pushed to it by its channel's feed as they are published, so an event
 * reaches a whole crowd in one synchronous loop; a decision that needs no
 * query may be returned synchronously and costs no extra turn of the event
 * loop. One event is decided and delivered at a time, in order; events
 * published meanwhile wait, at most MAX_UNREAD of them before the subscriber
 * is ended.
 */
import { MAX_UNREAD, type Feed } from '../realtime/channels';
import { Handoff } from './handoff';

/**
 * The request scope a subscriber's events are decided and executed in, as
 * delivery needs it (the hub's HubContext is one): renewed before each event.
 */
export interface SubscriberScope {
  /** Starts a fresh scope in place (new EntityManager fork and loaders): no identity map or cache outlives one event. */
  renew(): void;
}

export type Decision = 'deliver' | 'skip' | 'end';

/**
 * A subscription's decisions and end. Called as methods of this object: a class instance holding a
 * subscriber's state (one object per subscriber) serves as well as an object literal of functions.
 */
export interface LiveOptions<P, S extends SubscriberScope> {
  /** Decides for each event, in the renewed scope (may query the database). */
  decide?: (scope: S, payload: P) => Decision | Promise<Decision>;
  /** Runs once when the subscription ends, however it ends (`end`, client gone, failure). */
  onEnd?: () => void | Promise<void>;
}

/** What a subscriber's decided events are handed to (step 3, subscriber.ts). */
export interface LiveSink<P> {
  /** An event decided for delivery: true once done with it, false when the sink will call `resume()` once done. */
  deliver(payload: P): boolean;
  /** The subscription ended on its own (a decision, or too far behind), after `onEnd` ran. */
  ended(): void;
  /** A decision failed; the subscription ended, after `onEnd` ran. */
  failed(error: unknown): void;
}

/**
 * A subscriber's decided events. Async-iterable, as graphql-js requires of a
 * subscription field's `subscribe` (any consumer may pull them), but the hub
 * reads them through `pushTo` (src/delivery/subscriber.ts).
 */
export class LiveEvents<P, S extends SubscriberScope = SubscriberScope> implements AsyncIterable<P> {
  private ending: Promise<void> | undefined;
  /** The sink, whether an event is being decided or delivered, and the events waiting behind it. */
  private sink: LiveSink<P> | undefined;
  private busy = false;
  private backlog: P[] | undefined;

  constructor(
    private readonly scope: S,
    private readonly feed: Feed<P>,
    private readonly options: LiveOptions<P, S>,
  ) {}

  /**
   * Starts listening, handing each event decided for delivery to `sink` as
   * soon as it is published. The scope is renewed before each decision and
   * dropped once the sink is done with the event; between events a
   * subscription holds no scope (the subscribe-time one is dropped here).
   */
  pushTo(sink: LiveSink<P>): void {
    if (this.ending || this.sink) return;
    this.sink = sink;
    this.scope.renew();
    this.feed.listen(this);
  }

  /** An event from the channel. */
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

  /** Stops listening (the consumer is gone), then runs `onEnd`. Idempotent. */
  stop(): Promise<void> {
    return (this.ending ??= (async () => {
      this.scope.renew();
      this.feed.close();
      // After the stack unwinds: an `onEnd` that publishes (a client leaving) may end other subscriptions, whose own
      // `onEnd` would otherwise nest inside this one (thousands leaving at once overflowed the stack).
      await Promise.resolve();
      await this.options.onEnd?.();
    })());
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<P> {
    return new PulledEvents(this);
  }

  /** Decides one event and hands it on; sets `busy` while the decision or the delivery is still running. */
  private take(payload: P): void {
    this.scope.renew();
    let decided: Decision | Promise<Decision>;
    try {
      decided = this.options.decide ? this.options.decide(this.scope, payload) : 'deliver';
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
    if (!this.busy) this.scope.renew();
  }

  /** Ends on its own, then tells the sink. */
  private finish(error?: unknown): void {
    if (this.ending) return;
    this.backlog = undefined;
    const sink = this.sink!;
    this.stop().then(
      () => (error === undefined ? sink.ended() : sink.failed(error)),
      (failure: unknown) => sink.failed(failure),
    );
  }
}

/**
 * A handoff fed by a subscriber's live events: the consumer's first `next()`
 * starts them, taking a value resumes them, stopping stops them; their end or
 * failure is handed on. Pulled events (below) and a socket's results
 * (subscriber.ts) are both one.
 */
export abstract class LiveHandoff<T, P> extends Handoff<T> implements LiveSink<P> {
  constructor(protected readonly events: Pick<LiveEvents<P>, 'pushTo' | 'resume' | 'stop'>) {
    super();
  }

  abstract deliver(payload: P): boolean;

  ended(): void {
    this.finish();
  }

  failed(error: unknown): void {
    this.finish(error);
  }

  protected start(): void {
    this.events.pushTo(this);
  }

  /** The consumer took what it was handed: the live events may go on. */
  protected taken(): void {
    this.events.resume();
  }

  protected stop(): Promise<void> {
    return this.events.stop();
  }
}

/** A subscriber's decided events, pulled: each decided event waits for a `next()`, and the next one is decided once it is asked for. */
class PulledEvents<P> extends LiveHandoff<P, P> {
  deliver(payload: P): boolean {
    this.hand(payload);
    return false;
  }
}

/**
 * How a feature declares a subscription's stream: the events of `feed` (a
 * topic's channel: `topic.feed(ctx.pubsub, key)`), each decided by `decide`
 * in the subscriber's renewed scope; `onEnd` once it ends. Return it from the
 * field's `subscribe`.
 */
export function liveEvents<P, S extends SubscriberScope>(scope: S, feed: Feed<P>, options: LiveOptions<P, S> = {}): LiveEvents<P, S> {
  return new LiveEvents(scope, feed, options);
}
