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
 * made once (`sharedJson`, which the WebSocket server sends as is). A
 * selection that reads the viewer (e.g. `byViewer`, or a field that checks a
 * permission) is executed per subscriber as before. Whether a subscriber
 * receives an event at all is still decided per subscriber, by the source
 * stream (liveEvents' `decide`), before any of this.
 *
 * Sharing needs the pub/sub to hand every subscriber the same payload object
 * (both buses here do) and subscribers to share the parsed document (the
 * WebSocket server caches documents by their text).
 */
import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';

interface SharedResult {
  result: ExecutionResult;
  /** The execution read the viewer (or failed): not for anyone else. */
  personal: boolean;
}

interface Execution {
  running: Promise<SharedResult>;
  /** Set once `running` settles: later subscribers take it without waiting a turn. */
  settled?: SharedResult;
}

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

function executeOnce(args: ExecutionArgs, key: string, payload: unknown): ExecutionResult | Promise<ExecutionResult> {
  const own = () => execute({ ...args, rootValue: payload });
  if (typeof payload !== 'object' || payload === null || typeof args.contextValue !== 'object' || args.contextValue === null) return own();
  let executions = executionsByPayload.get(payload);
  if (!executions) {
    executions = new Map();
    executionsByPayload.set(payload, executions);
  }
  const known = executions.get(key);
  if (known) {
    const settled = known.settled;
    if (settled) return settled.personal ? own() : settled.result;
    return known.running.then((shared) => (shared.personal ? own() : shared.result));
  }
  let readViewer = false;
  const context = new Proxy(args.contextValue, {
    get(target, property) {
      if (property === 'viewer') readViewer = true;
      return Reflect.get(target, property, target);
    },
  });
  const execution: Execution = {
    running: Promise.resolve(execute({ ...args, rootValue: payload, contextValue: context })).then((result) => {
      const shared = { result, personal: readViewer || Boolean(result.errors?.length) };
      if (!shared.personal) sharedText.set(result, null);
      execution.settled = shared;
      return shared;
    }),
  };
  executions.set(key, execution);
  return execution.running.then((shared) => shared.result);
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/** One subscriber's results: its source events, each executed (or taken shared). */
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

/** A drop-in for graphql-js `subscribe` (graphql-ws's `subscribe` option) that shares viewer-independent results. */
export async function subscribeShared(args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
  return new SharedResults((source as AsyncIterable<unknown>)[Symbol.asyncIterator](), args, selectionKey(args));
}
