/**
 * Values handed, in order, to a consumer that pulls them with `next()`
 * (graphql-ws's loop over a subscription, or any `for await`), then the end
 * or a failure. A base class: a subscriber's delivery is one small object,
 * with no closures kept while it waits.
 */
import { DONE } from '../realtime/channels';

/** A failure for the consumer's next `next()`. */
class Failure {
  constructor(readonly error: unknown) {}
}

export abstract class Handoff<T> implements AsyncIterableIterator<T> {
  /** The consumer's `next()` waiting for a value. */
  private resolveNext: ((result: IteratorResult<T>) => void) | undefined;
  private rejectNext: ((error: unknown) => void) | undefined;
  /** What the consumer has not taken yet, in order: values, then the end or a failure. */
  private queue: Array<IteratorResult<T> | Failure> | undefined;
  /** The consumer took a value and has not asked for the next one yet (it is still sending it). */
  private outstanding = false;
  private started = false;
  /** Nothing more is handed: the end was handed, or the consumer stopped. */
  protected done = false;

  /** The consumer's first `next()`. */
  protected abstract start(): void;
  /** The consumer is done with the value it took (it asked for the next one). */
  protected abstract taken(): void;
  /** The consumer stopped (`return()`, `throw()`): stop the events at their source. */
  protected abstract stop(): Promise<void>;

  next(): Promise<IteratorResult<T>> {
    if (!this.started) {
      this.started = true;
      this.start();
    } else if (this.outstanding) {
      this.outstanding = false;
      this.taken();
    }
    const queued = this.queue?.shift();
    if (queued instanceof Failure) return Promise.reject(queued.error);
    if (queued) {
      this.outstanding = !queued.done;
      return Promise.resolve(queued);
    }
    if (this.done) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      this.resolveNext = resolve;
      this.rejectNext = reject;
    });
  }

  async return(): Promise<IteratorResult<T>> {
    this.abandon();
    await this.stop();
    return DONE;
  }

  async throw(error: unknown): Promise<IteratorResult<T>> {
    this.abandon();
    await this.stop();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.return().then(() => undefined);
  }

  /** Whether a value is with the consumer or waiting for it: anything written past it now would overtake it. */
  protected get behind(): boolean {
    return this.outstanding || Boolean(this.queue?.length);
  }

  /** Hands a value to the consumer's pending `next()`, or to its next one. */
  protected hand(value: T): void {
    if (this.done) return;
    const resolve = this.resolveNext;
    if (resolve) {
      this.resolveNext = this.rejectNext = undefined;
      this.outstanding = true;
      resolve({ value, done: false });
    } else (this.queue ??= []).push({ value, done: false });
  }

  /** The events ended (no `error`) or failed on their own: the consumer gets what it has not taken yet, then this. */
  protected finish(error?: unknown): void {
    if (this.done) return;
    this.done = true;
    const last = error === undefined ? DONE : new Failure(error);
    const [resolve, reject] = [this.resolveNext, this.rejectNext];
    this.resolveNext = this.rejectNext = undefined;
    if (resolve && reject) {
      if (last instanceof Failure) reject(last.error);
      else resolve(last);
    } else (this.queue ??= []).push(last);
  }

  /** The consumer stopped: nothing more is handed, a pending `next()` ends. */
  private abandon(): void {
    this.done = true;
    this.queue = undefined;
    const resolve = this.resolveNext;
    this.resolveNext = this.rejectNext = undefined;
    resolve?.(DONE);
  }
}
