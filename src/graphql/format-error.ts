/**
 * Turns every error a client may see into one with a contract code.
 * Known hub errors pass through; library errors are translated; anything
 * unexpected is logged whole and masked as INTERNAL_SERVER_ERROR.
 */
import { getNamedType, isObjectType, type GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { ValidationError } from 'class-validator';
import { ArgumentValidationError, getMetadataStorage } from 'type-graphql';
import type { Logger } from 'pino';
import { conflictFromRace, HubError, isContractCode, raceBehind, type FieldProblem } from '../errors';
import { TOO_MANY_TOKENS } from './limits';

/**
 * graphql-js's message when it stops coercing variables after `maxErrors`. By message text because graphql-js
 * offers nothing better: a plain GraphQLError with no code, class or extension (execution/values.ts).
 */
const TOO_MANY_VARIABLE_ERRORS = /^Too many errors processing variables/;

/** Apollo's and graphql-js's own codes for a request the client got wrong. */
const CLIENT_MISTAKES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

function validationProblems(errors: ValidationError[], prefix: string): FieldProblem[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...validationProblems(error.children ?? [], path)];
  });
}

/** The GraphQL name an input class was registered under. */
function inputTypeName(target: object | undefined): string | undefined {
  if (!target) return undefined;
  return getMetadataStorage().inputTypes.find((type) => type.target === target.constructor)?.name;
}

/**
 * The argument an input object arrived in (e.g. `input`, `filter`), found by
 * walking the error's path through the schema to the field and matching the
 * input's type among its arguments; `@Args()` fields are arguments themselves.
 */
function argumentName(schema: GraphQLSchema | undefined, path: readonly (string | number)[] | undefined, target: object | undefined): string {
  const typeName = inputTypeName(target);
  if (!typeName) return '';
  const names = (path ?? []).filter((step): step is string => typeof step === 'string');
  let parents = [schema?.getQueryType(), schema?.getMutationType(), schema?.getSubscriptionType()].filter((type) => type !== null && type !== undefined);
  for (const [index, name] of names.entries()) {
    const field = parents.map((parent) => parent!.getFields()[name]).find(Boolean);
    if (!field) break;
    if (index === names.length - 1) {
      const argument = field.args.find((arg) => getNamedType(arg.type).name === typeName);
      if (argument) return argument.name;
      break;
    }
    const next = getNamedType(field.type);
    parents = isObjectType(next) ? [next] : [];
  }
  return 'input';
}

/**
 * Best-effort input path from graphql-js's coercion messages. By message text because graphql-js offers
 * nothing better: a coercion error names the variable and the field at fault only in its message
 * (its `path` is the response path, empty before execution).
 */
function pathFromMessage(message: string): string {
  const at = /at "([^"]+)"/.exec(message);
  if (at) return at[1];
  const variable = /Variable "\$([^"]+)"/.exec(message);
  if (variable) return variable[1];
  const argument = /[Aa]rgument "([^"]+)"/.exec(message);
  if (argument) return argument[1];
  const field = /[Ff]ield "([^"]+)"/.exec(message);
  return field ? field[1] : '';
}

function argumentPath(error: GraphQLError): string {
  const field = error.path?.[error.path.length - 1];
  return typeof field === 'string' ? field : '';
}

export interface FormatOptions {
  production: boolean;
  logger: Logger;
  /** Lets validation errors name the argument an input arrived in. */
  schema?: GraphQLSchema;
}

/** Maps one error to what the client sees. */
export function formatHubError(formatted: GraphQLFormattedError, error: unknown, options: FormatOptions): GraphQLFormattedError {
  const original = unwrap(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof ArgumentValidationError) {
    const errors = original.extensions.validationErrors;
    if (!Array.isArray(errors)) {
      // type-graphql wraps whatever a validator threw (validator.js's isEmail throws URIError on odd text): still the input's fault.
      options.logger.warn({ err: errors, path: formatted.path }, 'a validator threw on client input');
      return {
        ...base,
        message: 'Invalid input: a value cannot be checked',
        extensions: { code: 'BAD_USER_INPUT', fields: [{ path: 'input', message: 'cannot be checked' }] },
      };
    }
    const fields = validationProblems(errors, argumentName(options.schema, formatted.path, errors[0]?.target));
    const summary = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
    return { ...base, message: `Invalid input: ${summary || 'check the arguments'}`, extensions: { code: 'BAD_USER_INPUT', fields } };
  }
  // A race the service did not answer itself is answered here, and either way the operator gets a line with the database's own error.
  const raced = conflictFromRace(original);
  const race = raceBehind(raced ?? original);
  if (race) options.logger.warn({ err: race, path: formatted.path }, 'a concurrent change answered as CONFLICT');
  if (raced) return { ...base, message: raced.message, extensions: { code: 'CONFLICT' } };

  if (original instanceof HubError) {
    // `http` is Apollo's instruction for the response status, not for the client.
    const { http: _http, ...extensions } = original.extensions;
    return { ...base, extensions };
  }
  const code = formatted.extensions?.code;
  if (code !== 'INTERNAL_SERVER_ERROR' && isContractCode(code) && !CLIENT_MISTAKES.has(String(code))) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...base, extensions: options.production ? extensions : formatted.extensions };
  }
  // Apollo re-codes validation errors; a `limit` marks the hub's own limit rules.
  if (typeof formatted.extensions?.limit === 'string') {
    return { ...base, extensions: { code: 'QUERY_TOO_COMPLEX', limit: formatted.extensions.limit } };
  }
  // graphql-js stops coercing variables after 50 problems with this uncoded error (a huge list of wrong values).
  if (TOO_MANY_VARIABLE_ERRORS.test(formatted.message)) {
    return { ...base, extensions: { code: 'BAD_USER_INPUT', fields: [{ path: 'variables', message: 'too many invalid values' }] } };
  }
  // By message text: graphql-js reports the token limit as a plain syntax error (Apollo codes every one GRAPHQL_PARSE_FAILED), nothing marks which.
  if (TOO_MANY_TOKENS.test(formatted.message)) {
    return { ...base, extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens' } };
  }
  if ((typeof code === 'string' && CLIENT_MISTAKES.has(code)) || refusedByHttpStatus(original)) {
    const path = pathFromMessage(formatted.message) || argumentPath(error as GraphQLError);
    return {
      ...base,
      extensions: { code: 'BAD_USER_INPUT', reason: code, fields: [{ path, message: formatted.message }] },
    };
  }

  options.logger.error({ err: original ?? error, path: formatted.path }, 'unexpected error in operation');
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/**
 * Apollo refuses some requests with an uncoded error carrying a 4xx status
 * (e.g. an automatic persisted query whose hash does not match): the
 * client's mistake, not an internal error.
 */
function refusedByHttpStatus(error: unknown): boolean {
  const status = (error as { extensions?: { http?: { status?: unknown } } } | undefined)?.extensions?.http?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function unwrap(error: unknown): unknown {
  let current = error as { originalError?: unknown } | undefined;
  while (current && typeof current === 'object' && 'originalError' in current && current.originalError) {
    current = current.originalError as { originalError?: unknown };
  }
  return current;
}
