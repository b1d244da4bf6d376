/**
 * Subscriptions executed once per event and selection, not once per
 * subscriber, when the result cannot differ between subscribers.
 *
 * graphql-js executes a subscription's selection for every subscriber and
 * every event; with thousands of subscribers on one waiver request that is
 * most of the cost of an edit. Here the first subscriber to receive an event
 * executes the selection with a context that notices any read of `viewer`;
 * if none happened (and there were no errors), the result depends only on the
 * event, the document and the variables, and every other subscriber with the
 * same document and variables receives that same result. A selection that
 * reads the viewer (e.g. `byViewer`, or a field that checks a permission) is
 * executed per subscriber as before. Whether a subscriber receives an event
 * at all is still decided per subscriber, by the source stream (liveEvents'
 * `decide`), before any of this.
 *
 * Sharing needs the pub/sub to hand every subscriber the same payload object
 * (both buses here do) and subscribers to share the parsed document (the
 * WebSocket server caches documents by their text).
 */
import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';

interface SharedResult {
  result: ExecutionResult;
  /** The execution read the viewer (or failed): not for anyone else. */
  personal: boolean;
}

/** Per event payload: results by selection. Dropped with the payload. */
const resultsByPayload = new WeakMap<object, Map<string, Promise<SharedResult>>>();
const documentIds = new WeakMap<object, number>();
let nextDocumentId = 1;

function selectionKey(args: ExecutionArgs): string {
  let id = documentIds.get(args.document);
  if (id === undefined) {
    id = nextDocumentId++;
    documentIds.set(args.document, id);
  }
  return `${id}:${args.operationName ?? ''}:${JSON.stringify(args.variableValues ?? {})}`;
}

async function executeOnce(args: ExecutionArgs, key: string, payload: unknown): Promise<ExecutionResult> {
  const own = () => execute({ ...args, rootValue: payload });
  if (typeof payload !== 'object' || payload === null || typeof args.contextValue !== 'object' || args.contextValue === null) return own();
  let results = resultsByPayload.get(payload);
  if (!results) {
    results = new Map();
    resultsByPayload.set(payload, results);
  }
  const known = results.get(key);
  if (known) {
    const shared = await known;
    return shared.personal ? own() : shared.result;
  }
  let readViewer = false;
  const context = new Proxy(args.contextValue, {
    get(target, property) {
      if (property === 'viewer') readViewer = true;
      return Reflect.get(target, property, target);
    },
  });
  const running = Promise.resolve(execute({ ...args, rootValue: payload, contextValue: context })).then((result) => ({
    result,
    personal: readViewer || Boolean(result.errors?.length),
  }));
  results.set(key, running);
  return (await running).result;
}

/** A drop-in for graphql-js `subscribe` (graphql-ws's `subscribe` option) that shares viewer-independent results. */
export async function subscribeShared(args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const key = selectionKey(args);
  const close = async () => {
    await iterator.return?.();
  };
  const stream: AsyncGenerator<ExecutionResult> = {
    async next() {
      const next = await iterator.next();
      if (next.done) return { value: undefined, done: true };
      try {
        return { value: await executeOnce(args, key, next.value), done: false };
      } catch (error) {
        await close();
        throw error;
      }
    },
    async return() {
      await close();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}
