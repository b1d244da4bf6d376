/**
 * Operations too expensive to serve are refused before execution with
 * QUERY_TOO_COMPLEX: tokens (graphql-js's own parser limit), depth, aliases
 * and directives (GraphQL Armor's validation rules), and a cost in which a
 * connection costs its `first` times its selection (graphql-query-complexity).
 * The same checks run for HTTP (Apollo) and WebSocket (graphql-ws).
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { getNamedType, type DocumentNode, type GraphQLError, type GraphQLSchema, type ValidationContext, type ValidationRule } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Limits } from '../config';
import { DEFAULT_PAGE } from './connection';
import { QueryTooComplexError } from './errors';

const MAX_DIRECTIVES = 50;

/** graphql-js's message when a document passes `maxTokens`. */
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

/** A connection costs 1 plus `first` (default page size) times what each node selects. */
const connectionEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!getNamedType(field.type).name.endsWith('Connection')) return undefined;
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE;
  return 1 + Math.max(first, 1) * Math.max(childComplexity, 1);
};

const estimators = [connectionEstimator, simpleEstimator({ defaultComplexity: 1 })];

/** Throws QUERY_TOO_COMPLEX when the operation costs more than the limit. */
export function assertAffordable(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined | null,
  limits: Limits,
): void {
  let cost: number;
  try {
    cost = getComplexity({ schema, query: document, variables: variables ?? {}, operationName: operationName ?? undefined, estimators });
  } catch {
    // Variables that do not coerce: execution reports them as BAD_USER_INPUT.
    return;
  }
  if (cost > limits.maxCost) {
    throw new QueryTooComplexError(`Query cost ${cost} exceeds the limit of ${limits.maxCost}: ask for smaller pages (first) or fewer nested lists`, {
      limit: 'cost',
      cost,
      maxCost: limits.maxCost,
    });
  }
}
