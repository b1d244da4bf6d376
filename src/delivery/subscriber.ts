/**
 * Steps 3 and 4 of delivery (see index.ts) for one subscriber: each event its
 * live stream decided to deliver is executed once for everyone who shares the
 * selection (execute-once.ts), and written. A shared result goes straight to
 * the subscriber's socket as the JSON text made once per event, in the same
 * synchronous loop for a whole crowd (no promise, no async iteration step,
 * no transport hook per subscriber). What cannot go that way is handed to the
 * transport's loop (graphql-ws's, through `next()`), which formats, serializes
 * and paces it as any result: a result executed for one subscriber (personal
 * or with errors), and any result for a connection that is backed up (the
 * transport then waits for each write, and a subscriber too far behind is
 * ended, see MAX_UNREAD). The live stream takes no further event until this
 * one is done (written, or taken by the transport and sent), so events stay
 * in order.
 */
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import { executionFor, ownResult, resultOf, sharedJson, type Execution, type ExecutionWaiter, type SharedResult } from './execute-once';
import { LiveHandoff, type LiveEvents } from './live-events';

/** Where a subscriber's shared results are written when they can go at once (the hub's socket: HubSocket). */
export interface SubscriberSocket {
  /**
   * Whether the connection may still receive: false once its token has expired (the socket then closes
   * with 4401). Asked once per event, before it is executed: an event refused is dropped unexecuted.
   */
  accepting(): boolean;
  /**
   * Writes a `next` message for operation `id` whose payload is `payloadJson`, if nothing is waiting to be
   * written on the connection (true; also when the connection is gone); false, writing nothing, when it is
   * backed up: the result then goes through the transport, which paces it.
   */
  sendNow(id: string, payloadJson: string): boolean;
}

/** No socket: every result goes through the transport's `next()`. */
const NO_SOCKET: SubscriberSocket = { accepting: () => true, sendNow: () => false };

export class SubscriberResults extends LiveHandoff<ExecutionResult, unknown> implements ExecutionWaiter {
  private socket = NO_SOCKET;
  private id = '';
  /** The event waiting for its execution (see `executed`). */
  private pending: unknown;

  constructor(
    events: LiveEvents<unknown>,
    private readonly args: ExecutionArgs,
    private readonly key: string,
  ) {
    super(events);
  }

  /** Writes shared results straight to `socket` as operation `id`'s (graphql-ws's `onOperation` calls it, before the first `next()`). */
  writeTo(socket: SubscriberSocket, id: string): void {
    this.socket = socket;
    this.id = id;
  }

  /** An event decided for delivery: executed once for all who share it, then written. */
  deliver(payload: unknown): boolean {
    if (this.done || !this.socket.accepting()) return true;
    const execution = executionFor(this.args, this.key, payload);
    if (!execution) return this.handOn(ownResult(this.args, payload));
    const settled = execution.settled;
    if (settled) return this.write(execution, settled, payload);
    this.pending = payload;
    (execution.waiters ??= []).push(this);
    return false;
  }

  /** The execution this subscriber waited for settled (called in one loop for all its waiters). */
  executed(execution: Execution, shared: SharedResult): void {
    const payload = this.pending;
    this.pending = undefined;
    if (this.done) return;
    let finished: boolean;
    try {
      finished = this.write(execution, shared, payload);
    } catch (error) {
      finished = this.handOn(Promise.reject(error));
    }
    if (finished) this.events.resume();
  }

  /** Writes a shared result at once when nothing is ahead of it; true when done with the event. */
  private write(execution: Execution, shared: SharedResult, payload: unknown): boolean {
    const result = resultOf(execution, shared, this.args, payload);
    if (!shared.personal && !this.behind && this.socket.sendNow(this.id, sharedJson(shared.result)!)) return true;
    return this.handOn(result);
  }

  /** Hands a result to the transport (its pending `next()`, or the next one); false: not done with the event yet. */
  private handOn(result: ExecutionResult | Promise<ExecutionResult>): false {
    if ('then' in result) {
      result.then(
        (value) => this.handOn(value),
        (error: unknown) => this.finish(error),
      );
      return false;
    }
    this.hand(result);
    return false;
  }
}
