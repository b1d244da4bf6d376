/**
 * Execution of HTTP operations by compiled queries (graphql-jit).
 *
 * graphql-js interprets a document anew for every field of every object: on
 * the nested network query (thousands of objects) its per-field bookkeeping
 * (argument objects, resolve infos, promise tracking) was a third of the
 * request's allocations. graphql-jit compiles each operation once into a
 * function specialised to the schema and the selection, and executes it with
 * the same resolvers, the same coercion of variables and the same error
 * semantics (the graphql-js test suite runs against it).
 *
 * Apollo Server 5 takes an executor only through its gateway interface (the
 * `executor` option of earlier versions went there), so this module is a
 * gateway for one local schema. Parsing, validation, the hub's limits and
 * every plugin run as before; only `execute` changes. Compiled operations are
 * kept per parsed document, which Apollo's bounded document store keeps (so
 * they go when their document goes). Each execution runs within the
 * schema's response bounds (response-bounds.ts). Subscriptions over WebSocket
 * execute with graphql-js.
 */
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  astFromValue,
  getVariableValues,
  GraphQLError,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  typeFromAST,
  valueFromASTUntyped,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLInputType,
  type GraphQLSchema,
  type VariableDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { executeWithinBounds } from './response-bounds';

type Compiled = CompiledQuery | ExecutionResult;

/**
 * The variables with the defaults of omitted non-null input fields written
 * in: graphql-jit 0.8 applies an input field's default only when the field is
 * nullable (`resolved: Boolean! = true` came back "was not provided").
 */
function withInputDefaults(schema: GraphQLSchema, definitions: readonly VariableDefinitionNode[], variables: Record<string, unknown>): Record<string, unknown> {
  const completed = { ...variables };
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    if (type && isInputType(type) && name in completed) completed[name] = completeInput(type, completed[name]);
  }
  return completed;
}

function completeInput(type: GraphQLInputType, value: unknown): unknown {
  if (isNonNullType(type)) return completeInput(type.ofType, value);
  if (isListType(type)) return Array.isArray(value) ? value.map((item) => completeInput(type.ofType, item)) : completeInput(type.ofType, value);
  if (!isInputObjectType(type) || value === null || typeof value !== 'object') return value;
  const input = { ...(value as Record<string, unknown>) };
  for (const field of Object.values(type.getFields())) {
    if (field.name in input) input[field.name] = completeInput(field.type, input[field.name]);
    else if (isNonNullType(field.type) && field.defaultValue !== undefined) {
      const literal = astFromValue(field.defaultValue, field.type);
      if (literal) input[field.name] = valueFromASTUntyped(literal);
    }
  }
  return input;
}

/**
 * The result with every error a graphql-js `GraphQLError` carrying an
 * `extensions` object: graphql-jit leaves `extensions` undefined on errors
 * whose cause has none (a library error thrown in a resolver), and Apollo's
 * error enrichment then throws before the hub's formatter runs (answering an
 * unlogged "Internal server error" and skipping the library-error mapping).
 */
function withExtensions(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.some((error) => !error.extensions)) return result;
  const errors = result.errors.map((error) => {
    if (error.extensions) return error;
    const normalized = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: {} });
    // graphql-jit reports locations without the AST nodes graphql-js would compute them from.
    Object.defineProperty(normalized, 'locations', { value: error.locations, enumerable: Boolean(error.locations?.length) });
    return normalized;
  });
  return { ...result, errors };
}

/** A gateway that executes `schema`'s operations compiled. */
export function compiledExecution(schema: GraphQLSchema): GatewayInterface {
  const compiled = new WeakMap<DocumentNode, Map<string, Compiled>>();

  const compile = (document: DocumentNode, operationName: string | undefined): Compiled => {
    let byOperation = compiled.get(document);
    if (!byOperation) {
      byOperation = new Map();
      compiled.set(document, byOperation);
    }
    const key = operationName ?? '';
    let query = byOperation.get(key);
    if (!query) {
      query = compileQuery(schema, document, operationName);
      byOperation.set(key, query);
    }
    return query;
  };

  const executor: GatewayExecutor = async ({ document, operation, request, context }) => {
    const query = compile(document, request.operationName ?? undefined);
    if (!isCompiledQuery(query)) return query;
    // graphql-js checks the variables first: its errors (and its limit of 50 of them) as before.
    const definitions = operation?.variableDefinitions ?? [];
    const checked = getVariableValues(schema, definitions, request.variables ?? {}, { maxErrors: 50 });
    if (checked.errors) return { errors: checked.errors };
    const variables = withInputDefaults(schema, definitions, request.variables ?? {});
    return withExtensions(await executeWithinBounds(schema, context, () => query.query(undefined, context, variables)));
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    load: async () => ({ executor }),
    stop: async () => {},
  };
}
