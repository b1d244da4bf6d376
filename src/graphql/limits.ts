/**
 * Operations too expensive to serve are refused before execution with
 * QUERY_TOO_COMPLEX: tokens (graphql-js's own parser limit), depth, aliases
 * and directives (GraphQL Armor's validation rules), and a cost
 * (graphql-query-complexity) in which every list counts its selection as many
 * times as it can hold items: a connection its `first`, any other list of
 * objects the bound its field declares (`@ListBound`). The same checks run
 * for HTTP (Apollo) and WebSocket (graphql-ws). What one response may hold
 * is bounded as it executes (response-bounds.ts).
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  visit,
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  type ASTNode,
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLError,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { Extensions } from 'type-graphql';
import type { Limits } from '../config';
import { DEFAULT_PAGE, MAX_PAGE } from './connection';
import { QueryTooComplexError } from '../errors';

const MAX_DIRECTIVES = 50;

/**
 * graphql-js's message when a document passes `maxTokens`. Matched by text because graphql-js offers nothing
 * better: the parser throws its ordinary syntax error (no code or class of its own) for this limit.
 */
export const TOO_MANY_TOKENS = /Document contains more tha[nt] \d+ tokens/;

function refuse(limit: string) {
  return (context: ValidationContext | null, error: GraphQLError) =>
    context?.reportError(new QueryTooComplexError(error.message.replace(/^Syntax Error: /, ''), { limit }));
}

/** Validation rules for depth, aliases and directives. */
export function limitRules(limits: Limits): ValidationRule[] {
  const common = { propagateOnRejection: false, exposeLimits: true };
  return [
    maxDepthRule({ ...common, n: limits.maxDepth, flattenFragments: true, onReject: [refuse('depth')] }) as unknown as ValidationRule,
    maxAliasesRule({ ...common, n: limits.maxAliases, onReject: [refuse('aliases')] }) as unknown as ValidationRule,
    maxDirectivesRule({ ...common, n: MAX_DIRECTIVES, onReject: [refuse('directives')] }) as unknown as ValidationRule,
  ];
}

const LIST_BOUND = 'listBound';

/**
 * Declares how many items a list field holds: at most (a limit the domain
 * enforces), or at most in any real use (where nothing caps it; the response
 * bounds stop a response that grows past that). The cost check counts the
 * field's selection that many times. Every list of objects in the schema
 * declares one (test/graphql/limits.test.ts walks the schema).
 */
export function ListBound(items: number): MethodDecorator & PropertyDecorator {
  return Extensions({ [LIST_BOUND]: items });
}

/** A list of objects (or interfaces, or unions), at any nesting of lists and non-nulls. */
export function isListOfObjects(type: GraphQLOutputType): boolean {
  let list = false;
  for (let inner: GraphQLOutputType = type; isListType(inner) || isNonNullType(inner); inner = inner.ofType) list ||= isListType(inner);
  return list && isCompositeType(getNamedType(type));
}

/** A connection type: its `edges` are counted by the field that returns it (its `first`). */
const isConnection = (type: GraphQLCompositeType | GraphQLOutputType) => getNamedType(type).name.endsWith('Connection');

/**
 * How many items the cost counts for the list field `field` of `parent`: its
 * declared bound; 1 for a connection's edges (the connection counts `first`);
 * undefined when nothing declares it.
 */
export function declaredListBound(parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>): number | undefined {
  const declared = field.extensions?.[LIST_BOUND];
  if (typeof declared === 'number') return declared;
  if (isObjectType(parent) && isConnection(parent) && field.name === 'edges') return 1;
  return undefined;
}

/** A list whose field declares no bound (the schema test keeps there being none) counts as a full page. */
const UNDECLARED_LIST_BOUND = MAX_PAGE;

/** A connection costs 1 plus `first` (default page size) times what each node selects. */
const connectionEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!isConnection(field.type)) return undefined;
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE;
  return 1 + Math.max(first, 1) * Math.max(childComplexity, 1);
};

/** Any other list of objects costs 1 plus its bound times what each item selects (introspection's, as long as the schema, as before). */
const listEstimator: ComplexityEstimator = ({ type, field, childComplexity }) => {
  if (type.name.startsWith('__') || field.name.startsWith('__') || !isListOfObjects(field.type)) return undefined;
  const bound = declaredListBound(type, field) ?? UNDECLARED_LIST_BOUND;
  return 1 + bound * Math.max(childComplexity, 1);
};

const estimators = [connectionEstimator, listEstimator, simpleEstimator({ defaultComplexity: 1 })];

/**
 * graphql-query-complexity's error when fragments make the selection too large to even cost. Matched by text
 * because the library offers nothing better: a plain GraphQLError with no code, class or extension.
 */
const TOO_MANY_NODES = /maximum allowed number of nodes/;

/**
 * Costs by schema, document and (operation, the variables the cost depends on): the HTTP and WebSocket
 * servers hand the same parsed document for the same query text (their document caches), so a client
 * repeating a query costs it once per page size. The cost reads variables only through `first` arguments
 * and directives (`@include(if:)`, `@skip(if:)`): a mutation's input, however large and however often it
 * changes (a keystroke's update), is no part of the key. Only a few scalars are a key; a document keeps a
 * few. Only numbers are kept: a cost left unknown because the variables did not coerce is asked again.
 */
const costs = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, number>>>();
const MAX_COST_KEY = 1024;
const MAX_COST_VARIABLES = 16;
const COSTS_PER_DOCUMENT = 32;

/** By document: the variables used in `first` arguments and in directives, the only ones its cost reads. */
const costVariablesByDocument = new WeakMap<DocumentNode, ReadonlySet<string>>();

function costVariablesOf(document: DocumentNode): ReadonlySet<string> {
  let names = costVariablesByDocument.get(document);
  if (names) return names;
  const found = new Set<string>();
  const collect = (node: ASTNode) => visit(node, { Variable: (variable) => void found.add(variable.name.value) });
  visit(document, {
    VariableDefinition: () => false,
    Argument: (argument) => (argument.name.value === 'first' ? (collect(argument.value), false) : undefined),
    Directive: (directive) => (collect(directive), false),
  });
  names = found;
  costVariablesByDocument.set(document, names);
  return names;
}

/** The cost of an operation; undefined when its variables do not coerce (execution reports them as BAD_USER_INPUT). */
export function costOf(schema: GraphQLSchema, document: DocumentNode, variables?: Record<string, unknown>, operationName?: string | null): number | undefined {
  const key = costKey(operationName, variables, costVariablesOf(document));
  if (key === undefined) return computeCost(schema, document, variables, operationName);
  let byDocument = costs.get(schema);
  if (!byDocument) costs.set(schema, (byDocument = new WeakMap()));
  let known = byDocument.get(document);
  if (!known) byDocument.set(document, (known = new Map()));
  const kept = known.get(key);
  if (kept !== undefined) return kept;
  const cost = computeCost(schema, document, variables, operationName);
  if (cost === undefined) return cost;
  if (known.size >= COSTS_PER_DOCUMENT) known.clear();
  known.set(key, cost);
  return cost;
}

/** The variables the cost reads (`relevant`) as a key when they are a few scalars (a page size, a flag), else undefined. */
function costKey(operationName: string | null | undefined, variables: Record<string, unknown> | undefined, relevant: ReadonlySet<string>): string | undefined {
  let key = operationName ?? '';
  let count = 0;
  for (const name in variables) {
    if (!relevant.has(name)) continue;
    const value = variables[name];
    if (++count > MAX_COST_VARIABLES || (value !== null && typeof value === 'object')) return undefined;
    key += `\u0000${name}=${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
    if (key.length > MAX_COST_KEY) return undefined;
  }
  return key;
}

function computeCost(schema: GraphQLSchema, document: DocumentNode, variables?: Record<string, unknown>, operationName?: string | null): number | undefined {
  try {
    return getComplexity({ schema, query: document, variables: variables ?? {}, operationName: operationName ?? undefined, estimators });
  } catch (error) {
    // Fragments spread within fragments can make a short document select millions of fields: too complex, not free.
    if (error instanceof Error && TOO_MANY_NODES.test(error.message)) return Number.POSITIVE_INFINITY;
    return undefined;
  }
}

/** Throws QUERY_TOO_COMPLEX when the operation costs more than the limit. */
export function assertAffordable(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined | null,
  limits: Limits,
): void {
  const cost = costOf(schema, document, variables, operationName);
  if (cost !== undefined && cost > limits.maxCost) {
    const shown = Number.isFinite(cost) ? cost : 'beyond counting';
    throw new QueryTooComplexError(`Query cost ${shown} exceeds the limit of ${limits.maxCost}: ask for smaller pages (first) or fewer nested lists`, {
      limit: 'cost',
      cost: Number.isFinite(cost) ? cost : null,
      maxCost: limits.maxCost,
    });
  }
}
