/**
 * Step 3 of delivery (see index.ts): a subscription's selection executed
 * (and serialized) once per event and selection, not once per subscriber,
 * when the result cannot differ between subscribers.
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
 * `byViewer`, or a field that checks a permission) is executed per subscriber.
 *
 * Sharing needs the pub/sub to hand every subscriber the same payload object
 * (both buses do, see src/realtime/channels.ts) and subscribers to share the
 * parsed document (the WebSocket server caches documents by their text).
 */
import { getOperationAST, Kind, visit, type DocumentNode, type ExecutionArgs, type ExecutionResult, type FieldNode } from 'graphql';
import { Extensions } from 'type-graphql';
import { executeBounded } from '../graphql/response-bounds';

const SUBSCRIBE_ONLY = 'subscribeOnlyArguments';

/**
 * Declares arguments of a subscription field that shape only its `subscribe`
 * (where its stream starts, whose echo it skips), never how an event's result
 * is resolved: subscribers whose variables differ only there share one
 * execution per event. (A sync subscription's `stateVector` and `clientId`:
 * without this, 5,000 readers of a section were 5,000 executions a keystroke.)
 */
export function SubscribeOnlyArguments(...names: string[]): MethodDecorator {
  return Extensions({ [SUBSCRIBE_ONLY]: names });
}

export interface SharedResult {
  result: ExecutionResult;
  /** The execution read the viewer (or failed): not for anyone else. */
  personal: boolean;
}

/** A subscriber waiting for an execution another subscriber started. */
export interface ExecutionWaiter {
  executed(execution: Execution, shared: SharedResult): void;
}

export interface Execution {
  running: Promise<SharedResult>;
  /** Set once `running` settles: later subscribers take it without waiting a turn. */
  settled?: SharedResult;
  /** The context it was executed with: a personal result is its owner's own. */
  owner: object;
  /** Subscribers waiting for it, in arrival order: handed the result in one loop when it settles. */
  waiters?: ExecutionWaiter[];
}

/** Per event payload: executions by selection. Dropped with the payload. */
const executionsByPayload = new WeakMap<object, Map<string, Execution>>();
/** Selection keys by document, then by operation and variables: a crowd with one selection shares one key string. */
const keysByDocument = new WeakMap<DocumentNode, Map<string, string>>();
let nextDocumentId = 1;
/** Results given to more than one subscriber, with their JSON once made. */
const sharedText = new WeakMap<ExecutionResult, string | null>();

const NONE: ReadonlySet<string> = new Set();
/** Per document and operation: the variables only subscribe-only arguments take. */
const subscribeOnlyByDocument = new WeakMap<DocumentNode, Map<string, ReadonlySet<string>>>();

/** The variables of `args`' operation that only subscribe-only arguments of its root field use (nowhere else in the document). */
function subscribeOnlyVariables(args: ExecutionArgs): ReadonlySet<string> {
  let byOperation = subscribeOnlyByDocument.get(args.document);
  if (!byOperation) subscribeOnlyByDocument.set(args.document, (byOperation = new Map()));
  const operationName = args.operationName ?? '';
  let found = byOperation.get(operationName);
  if (found) return found;
  found = NONE;
  const operation = getOperationAST(args.document, args.operationName);
  const root = operation?.operation === 'subscription' ? operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD) : undefined;
  const declared = root && (args.schema.getSubscriptionType()?.getFields()[root.name.value]?.extensions?.[SUBSCRIBE_ONLY] as string[] | undefined);
  if (root && declared?.length) {
    const candidates = new Set(
      (root.arguments ?? []).flatMap((argument) =>
        declared.includes(argument.name.value) && argument.value.kind === Kind.VARIABLE ? [argument.value.name.value] : [],
      ),
    );
    const uses = new Map<string, number>();
    visit(args.document, {
      VariableDefinition: () => false,
      Variable: (node) => void uses.set(node.name.value, (uses.get(node.name.value) ?? 0) + 1),
    });
    const only = [...candidates].filter((name) => uses.get(name) === 1);
    if (only.length) found = new Set(only);
  }
  byOperation.set(operationName, found);
  return found;
}

/**
 * What subscribers must have in common to share an execution: the document, the operation and the
 * variables (but those only subscribe-only arguments take, see `SubscribeOnlyArguments`).
 */
export function selectionKey(args: ExecutionArgs): string {
  let keys = keysByDocument.get(args.document);
  if (!keys) {
    keys = new Map([['', `${nextDocumentId++}`]]);
    keysByDocument.set(args.document, keys);
  }
  const ignored = subscribeOnlyVariables(args);
  const variables = ignored.size
    ? Object.fromEntries(Object.entries(args.variableValues ?? {}).filter(([name]) => !ignored.has(name)))
    : (args.variableValues ?? {});
  const local = `${args.operationName ?? ''}:${JSON.stringify(variables)}`;
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
export function ownResult(args: ExecutionArgs, payload: unknown): ExecutionResult | Promise<ExecutionResult> {
  return executeBounded({ ...args, rootValue: payload });
}

/** The execution of this event and selection, started by the first subscriber to ask; undefined when it cannot be shared. */
export function executionFor(args: ExecutionArgs, key: string, payload: unknown): Execution | undefined {
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
export function resultOf(execution: Execution, shared: SharedResult, args: ExecutionArgs, payload: unknown): ExecutionResult | Promise<ExecutionResult> {
  return shared.personal && execution.owner !== args.contextValue ? ownResult(args, payload) : shared.result;
}
