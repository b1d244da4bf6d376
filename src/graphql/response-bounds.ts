/**
 * What one response may hold: at most so many objects in lists, and at most
 * so many bytes of text. The cost check (limits.ts) refuses what is costly on
 * paper; this bounds what an execution really builds, whatever the rows turn
 * out to be (a list longer than its declared bound, module bodies of 100 kB).
 *
 * Objects are counted as lists resolve: every list of objects in the schema
 * (connections' `edges` included) adds its length to the execution's budget,
 * and once the budget is spent every further list, page or loaded object
 * fails at once, so the execution winds down instead of building the rest. Bytes are counted on the
 * finished result, before any JSON text is made of it. Either way the
 * response is one QUERY_TOO_COMPLEX error naming the limit (`responseNodes`,
 * `responseBytes`) and nothing of the partial result.
 *
 * One budget per execution: per HTTP request (compiled-execution.ts), per
 * WebSocket query or mutation, and per subscription event (each execution of
 * an event, shared or not). Budgets are found by the execution's context
 * object; no async context tracking (it would slow every promise in the process).
 */
import {
  defaultFieldResolver,
  execute,
  getNamedType,
  isCompositeType,
  isObjectType,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import type { Limits } from '../config';
import { QueryTooComplexError } from '../errors';
import { isListOfObjects } from './limits';

type PromiseOrValue<T> = T | Promise<T>;

interface Bounds {
  maxNodes: number;
  maxBytes: number;
}

class Budget {
  nodes = 0;
  spent: QueryTooComplexError | undefined;

  constructor(readonly bounds: Bounds) {}

  /** Counts a resolved list; throws (and stays spent) past the bound. */
  count<T>(items: T): T {
    if (this.spent) throw this.spent;
    if (Array.isArray(items)) this.nodes += items.length;
    if (this.nodes > this.bounds.maxNodes) {
      this.spent = new QueryTooComplexError(
        `The response would hold more than ${this.bounds.maxNodes} objects: ask for smaller pages (first) or fewer nested lists`,
        { limit: 'responseNodes', maxNodes: this.bounds.maxNodes },
      );
      throw this.spent;
    }
    return items;
  }
}

const boundsBySchema = new WeakMap<GraphQLSchema, Bounds>();
/** The budget of the execution running with this context. */
const budgets = new WeakMap<object, Budget>();

const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * Makes every list of objects in `schema` count against its execution's
 * budget, and every other field that resolves objects (a loader, a
 * connection's page) refuse to start once the budget is spent; records the
 * bounds for the executions below. In place; returns the schema.
 */
export function boundResponses(schema: GraphQLSchema, limits: Pick<Limits, 'maxResponseNodes' | 'maxResponseBytes'>): GraphQLSchema {
  boundsBySchema.set(schema, { maxNodes: limits.maxResponseNodes, maxBytes: limits.maxResponseBytes });
  const subscription = schema.getSubscriptionType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type === subscription) continue;
    for (const field of Object.values(type.getFields())) {
      if (isListOfObjects(field.type)) field.resolve = counted(field.resolve ?? defaultFieldResolver);
      else if (field.resolve && isCompositeType(getNamedType(field.type))) field.resolve = guarded(field.resolve);
    }
  }
  return schema;
}

const budgetOf = (context: unknown) => (typeof context === 'object' && context !== null ? budgets.get(context) : undefined);

/** A list field's resolver that counts its items. */
function counted(resolve: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) => {
    const budget = budgetOf(context);
    if (!budget) return resolve(source, args, context, info);
    if (budget.spent) throw budget.spent;
    const items = resolve(source, args, context, info);
    return isPromise(items) ? items.then((resolved) => budget.count(resolved)) : budget.count(items);
  };
}

/** An object field's resolver that does not start once the budget is spent. */
function guarded(resolve: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) => {
    const spent = budgetOf(context)?.spent;
    if (spent) throw spent;
    return resolve(source, args, context, info);
  };
}

/**
 * The size of `value` as JSON text, counted until it passes `max`: strings in
 * UTF-8 bytes (escapes aside), numbers and booleans at a few bytes each.
 */
export function jsonSize(value: unknown, max: number): number {
  let size = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && size <= max) {
    const item = pending.pop();
    if (typeof item === 'string') size += (item.length < 64 ? item.length : Buffer.byteLength(item)) + 3;
    else if (item === null || typeof item !== 'object') size += 6;
    else if (Array.isArray(item)) {
      size += 2;
      for (const element of item) pending.push(element);
    } else {
      size += 2;
      for (const key in item) {
        size += key.length + 4;
        pending.push((item as Record<string, unknown>)[key]);
      }
    }
  }
  return size;
}

function refused(error: QueryTooComplexError): ExecutionResult {
  return { data: null, errors: [error] };
}

/** The result, or the refusal when its execution spent its budget or its text would pass the byte bound. */
function checked(budget: Budget, result: ExecutionResult): ExecutionResult {
  if (budget.spent) return refused(budget.spent);
  const { maxBytes } = budget.bounds;
  const bytes =
    jsonSize(result.data, maxBytes) +
    jsonSize(
      result.errors?.map((error) => [error.message, error.path]),
      maxBytes,
    );
  if (bytes <= maxBytes) return result;
  return refused(
    new QueryTooComplexError(`The response would be larger than ${maxBytes} bytes: ask for fewer fields, smaller pages (first) or fewer aliases`, {
      limit: 'responseBytes',
      maxBytes,
    }),
  );
}

/**
 * Runs one execution (`run`, with `context` as its context value) within the
 * response bounds of `schema`; as is when the schema has none or the context
 * is not an object.
 */
export function executeWithinBounds(schema: GraphQLSchema, context: unknown, run: () => PromiseOrValue<ExecutionResult>): PromiseOrValue<ExecutionResult> {
  const bounds = boundsBySchema.get(schema);
  if (!bounds || typeof context !== 'object' || context === null) return run();
  const budget = new Budget(bounds);
  budgets.set(context, budget);
  const done = (result: ExecutionResult) => {
    if (budgets.get(context) === budget) budgets.delete(context);
    return checked(budget, result);
  };
  let result: PromiseOrValue<ExecutionResult>;
  try {
    result = run();
  } catch (error) {
    budgets.delete(context);
    throw error;
  }
  return isPromise(result)
    ? result.then(done, (error: unknown) => {
        if (budgets.get(context) === budget) budgets.delete(context);
        throw error;
      })
    : done(result);
}

/** graphql-js `execute` within the response bounds of `args.schema` (WebSocket operations and subscription events). */
export function executeBounded(args: ExecutionArgs): PromiseOrValue<ExecutionResult> {
  return executeWithinBounds(args.schema, args.contextValue, () => execute(args));
}
