/**
 * Delivers a topic's events to one subscriber: a fresh request scope per
 * event, and a per-event decision (deliver, skip, or end the subscription),
 * so a subscriber who loses access stops receiving at once.
 */
import type { HubContext } from '../graphql/context';

export type Decision = 'deliver' | 'skip' | 'end';

export interface LiveOptions<P> {
  /** Decides for each event, in the renewed scope (may query the database). */
  decide?: (ctx: HubContext, payload: P) => Decision | Promise<Decision>;
}

export async function* liveEvents<P>(ctx: HubContext, source: AsyncIterable<P>, options: LiveOptions<P> = {}): AsyncGenerator<P> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    // Between events a subscription holds no scope (no fork, no loaders): the
    // subscribe-time one is dropped here, each event's once it has been
    // delivered (the consumer asks for the next event after executing this one).
    ctx.renew();
    while (true) {
      const next = await iterator.next();
      if (next.done) return;
      ctx.renew();
      const decision = options.decide ? await options.decide(ctx, next.value) : 'deliver';
      if (decision === 'end') return;
      if (decision === 'deliver') {
        yield next.value;
        ctx.renew();
      }
    }
  } finally {
    await iterator.return?.();
  }
}
