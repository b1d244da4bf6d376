/**
 * Subscriptions executed (and serialized) once per event and selection, not
 * once per subscriber, when the result cannot differ between subscribers.
 *
 * graphql-js executes a subscription's selection for every subscriber and
 * every event, and graphql-ws serializes each result for its socket; with
 * thousands of subscribers on one waiver request that is most of the cost of
 * an edit. Here the first subscriber to receive an event executes the
 * selection with a context that notices any read of `viewer`; if none
 * happened (and there were no errors), the result depends only on the event,
 * the document and the variables, and every other subscriber with the same
 * document and variables receives that same result object, whose JSON text is
 * made once (`sharedJson`). A selection that reads the viewer (e.g.
 * `byViewer`, or a field that checks a permission) is executed per subscriber
 * as before. Whether a subscriber receives an event at all is still decided
 * per subscriber, by the source stream (liveEvents' `decide`), before any of this.
 *
 * When the transport gives a subscriber an outlet (the WebSocket server
 * does, see OUTLET) and its stream is a live one (src/realtime/subscription.ts),
 * events are pushed rather than pulled: the subscribers waiting for an
 * event's shared result are written to in one synchronous loop when it is
 * ready (no promise, no async iteration step, no transport hook per
 * subscriber), the order of each subscriber's events kept. What cannot go
 * that way goes through the transport as any result would, one at a time:
 * a result executed for one subscriber (personal or with errors), and any
 * result for a connection that is backed up (the transport then waits for
 * each write, and a subscriber too far behind is ended, see MAX_UNREAD).
 *
 * Sharing needs the pub/sub to hand every subscriber the same payload object
 * (both buses here do) and subscribers to share the parsed document (the
 * WebSocket server caches documents by their text).
 */
import { createSourceEventStream, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { executeBounded } from '../graphql/response-bounds';
import { LiveEvents, type LiveSink } from './subscription';

interface SharedResult {
  result: ExecutionResult;
  /** The execution read the viewer (or failed): not for anyone else. */
  personal: boolean;
}

interface Execution {
  running: Promise<SharedResult>;
  /** Set once `running` settles: later subscribers take it without waiting a turn. */
  settled?: SharedResult;
  /** The context it was executed with: a personal result is its owner's own. */
  owner: object;
  /** Pushed subscribers waiting for it, in arrival order: handed the result in one loop when it settles. */
  waiters?: PushedResults[];
}

/** Writes a subscriber's shared results straight to its connection (see OUTLET). */
export interface ResultOutlet {
  /**
   * Sends a `next` message for operation `id` whose payload is `payloadJson`, if nothing is waiting to be
   * written on the connection (true; also when the connection is gone); false, sending nothing, when it is
   * backed up: the result then goes through the transport, which paces it.
   */
  sendNow(id: string, payloadJson: string): boolean;
  /** False once the connection may receive nothing more (its token expired): an event is then dropped before it is executed. */
  accepting(): boolean;
}

/** Execution arguments may carry the subscriber's outlet and operation id under this key (the WebSocket server's onSubscribe sets it). */
export const OUTLET = Symbol('cnz.resultOutlet');
export type OutletArgs = ExecutionArgs & { [OUTLET]?: { outlet: ResultOutlet; id: string } };

/** Per event payload: executions by selection. Dropped with the payload. */
const executionsByPayload = new WeakMap<object, Map<string, Execution>>();
/** Selection keys by document, then by operation and variables: a crowd with one selection shares one key string. */
const keysByDocument = new WeakMap<DocumentNode, Map<string, string>>();
let nextDocumentId = 1;
/** Results given to more than one subscriber, with their JSON once made. */
const sharedText = new WeakMap<ExecutionResult, string | null>();

function selectionKey(args: ExecutionArgs): string {
  let keys = keysByDocument.get(args.document);
  if (!keys) {
    keys = new Map([['', `${nextDocumentId++}`]]);
    keysByDocument.set(args.document, keys);
  }
  const local = `${args.operationName ?? ''}:${JSON.stringify(args.variableValues ?? {})}`;
  let key = keys.get(local);
  if (key === undefined) {
    key = `${keys.get('')}:${local}`;
    keys.set(local, key);
  }
  return key;
}

/**
 * The JSON text of a result shared between subscribers, made on first use;
 * undefined for a result executed for one subscriber only.
 */
export function sharedJson(result: ExecutionResult): string | undefined {
  const text = sharedText.get(result);
  if (text === undefined) return undefined;
  if (text !== null) return text;
  const made = JSON.stringify(result);
  sharedText.set(result, made);
  return made;
}

/** The subscriber's own execution of an event. */
function ownResult(args: ExecutionArgs, payload: unknown): ExecutionResult | Promise<ExecutionResult> {
  return executeBounded({ ...args, rootValue: payload });
}

/** The execution of this event and selection, started by the first subscriber to ask; undefined when it cannot be shared. */
function executionFor(args: ExecutionArgs, key: string, payload: unknown): Execution | undefined {
  const owner = args.contextValue;
  if (typeof payload !== 'object' || payload === null || typeof owner !== 'object' || owner === null) return undefined;
  let executions = executionsByPayload.get(payload);
  if (!executions) {
    executions = new Map();
    executionsByPayload.set(payload, executions);
  }
  const known = executions.get(key);
  if (known) return known;
  let readViewer = false;
  const context = new Proxy(owner, {
    get(target, property) {
      if (property === 'viewer') readViewer = true;
      return Reflect.get(target, property, target);
    },
  });
  const settle = (shared: SharedResult) => {
    if (!shared.personal) sharedText.set(shared.result, null);
    execution.settled = shared;
    const waiters = execution.waiters;
    execution.waiters = undefined;
    if (waiters) for (const waiter of waiters) waiter.executed(execution, shared);
    return shared;
  };
  const execution: Execution = {
    owner,
    running: Promise.resolve(executeBounded({ ...args, rootValue: payload, contextValue: context })).then(
      (result) => settle({ result, personal: readViewer || Boolean(result.errors?.length) }),
      // Not shared: each subscriber executes on its own, and meets the failure there.
      () => settle({ result: {}, personal: true }),
    ),
  };
  executions.set(key, execution);
  return execution;
}

/** This subscriber's result of an event: the shared one when there is one, else its own. */
function resultOf(execution: Execution | undefined, shared: SharedResult, args: ExecutionArgs, payload: unknown): ExecutionResult | Promise<ExecutionResult> {
  return shared.personal && execution?.owner !== args.contextValue ? ownResult(args, payload) : shared.result;
}

function executeOnce(args: ExecutionArgs, key: string, payload: unknown): ExecutionResult | Promise<ExecutionResult> {
  const execution = executionFor(args, key, payload);
  if (!execution) return ownResult(args, payload);
  const settled = execution.settled;
  if (settled) return resultOf(execution, settled, args, payload);
  return execution.running.then((shared) => resultOf(execution, shared, args, payload));
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/** One subscriber's results, pulled: its source events, each executed (or taken shared). */
class SharedResults implements AsyncGenerator<ExecutionResult> {
  constructor(
    private readonly iterator: AsyncIterator<unknown>,
    private readonly args: ExecutionArgs,
    private readonly key: string,
  ) {}

  async next(): Promise<IteratorResult<ExecutionResult>> {
    const next = await this.iterator.next();
    if (next.done) return DONE;
    try {
      const result = executeOnce(this.args, this.key, next.value);
      return { value: 'then' in result ? await result : result, done: false };
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    await this.close();
    return DONE;
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.close();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

/** A failure for the transport's next `next()`. */
class Failure {
  constructor(readonly error: unknown) {}
}

/**
 * One subscriber's results, pushed (see the module comment): the live stream
 * hands it each event decided for delivery; a shared result is written to the
 * outlet at once, anything else is handed to the transport's pending `next()`.
 * The live stream takes no further event until this one is done (written, or
 * taken by the transport and sent: its next `next()`), so events stay in order.
 */
class PushedResults implements AsyncGenerator<ExecutionResult>, LiveSink<unknown> {
  /** The transport's `next()` waiting for a result. */
  private resolveNext: ((result: IteratorResult<ExecutionResult>) => void) | undefined;
  private rejectNext: ((error: unknown) => void) | undefined;
  /** What the transport has not taken yet, in order: at most one result, then the end or a failure. */
  private queue: Array<IteratorResult<ExecutionResult> | Failure> | undefined;
  /** The transport took a result and is sending it: nothing may be written before it asks for the next one. */
  private sending = false;
  private started = false;
  private done = false;
  /** The event waiting for its execution (see `executed`). */
  private pending: unknown;

  constructor(
    private readonly source: LiveEvents<unknown>,
    private readonly args: ExecutionArgs,
    private readonly key: string,
    private readonly outlet: ResultOutlet,
    private readonly id: string,
  ) {}

  deliver(payload: unknown): boolean {
    if (this.done || !this.outlet.accepting()) return true;
    const execution = executionFor(this.args, this.key, payload);
    if (!execution) return this.hand(ownResult(this.args, payload));
    const settled = execution.settled;
    if (settled) return this.take(execution, settled, payload);
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
      finished = this.take(execution, shared, payload);
    } catch (error) {
      finished = this.hand(Promise.reject(error));
    }
    if (finished) this.source.resume();
  }

  ended(): void {
    this.close(DONE);
  }

  failed(error: unknown): void {
    this.close(new Failure(error));
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (!this.started) {
      this.started = true;
      this.source.pushTo(this);
    } else if (this.sending) {
      // The transport sent the result it took: the live stream may go on.
      this.sending = false;
      this.source.resume();
    }
    const queued = this.queue?.shift();
    if (queued instanceof Failure) return Promise.reject(queued.error);
    if (queued) {
      this.sending = !queued.done;
      return Promise.resolve(queued);
    }
    if (this.done) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      this.resolveNext = resolve;
      this.rejectNext = reject;
    });
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.stop();
    await this.source.return();
    return DONE;
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.stop();
    await this.source.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.return().then(() => undefined);
  }

  /** Writes a shared result at once when nothing is ahead of it; true when done with the event. */
  private take(execution: Execution, shared: SharedResult, payload: unknown): boolean {
    const result = resultOf(execution, shared, this.args, payload);
    if (!shared.personal && !this.sending && !this.queue?.length && this.outlet.sendNow(this.id, sharedJson(shared.result)!)) return true;
    return this.hand(result);
  }

  /** Hands a result to the transport (its pending `next()`, or the next one); false: not done with the event yet. */
  private hand(result: ExecutionResult | Promise<ExecutionResult>): false {
    if ('then' in result) {
      result.then(
        (value) => this.hand(value),
        (error: unknown) => this.close(new Failure(error)),
      );
      return false;
    }
    if (this.done) return false;
    const resolve = this.resolveNext;
    if (resolve) {
      this.resolveNext = this.rejectNext = undefined;
      this.sending = true;
      resolve({ value: result, done: false });
    } else (this.queue ??= []).push({ value: result, done: false });
    return false;
  }

  /** The subscription ended or failed on its own: the transport gets what it has not taken yet, then this. */
  private close(last: IteratorReturnResult<undefined> | Failure): void {
    if (this.done) return;
    this.done = true;
    const [resolve, reject] = [this.resolveNext, this.rejectNext];
    this.resolveNext = this.rejectNext = undefined;
    if (resolve && reject) {
      if (last instanceof Failure) reject(last.error);
      else resolve(last);
    } else (this.queue ??= []).push(last);
  }

  /** The transport stopped the subscription (client's `complete`, socket closed): nothing more is written or handed. */
  private stop(): void {
    this.done = true;
    this.queue = undefined;
    const resolve = this.resolveNext;
    this.resolveNext = this.rejectNext = undefined;
    resolve?.(DONE);
  }
}

/**
 * A drop-in for graphql-js `subscribe` (graphql-ws's `subscribe` option) that shares viewer-independent
 * results, and writes them straight to the subscriber's outlet when the arguments carry one (OUTLET).
 */
export async function subscribeShared(args: OutletArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const outlet = args[OUTLET];
  if (outlet && iterator instanceof LiveEvents) return new PushedResults(iterator, args, selectionKey(args), outlet.outlet, outlet.id);
  return new SharedResults(iterator, args, selectionKey(args));
}
