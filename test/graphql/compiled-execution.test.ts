/**
 * What `src/graphql/compiled-execution.ts` relies on in graphql-jit (and in
 * Apollo's gateway interface), each assumption asserted on its own, on a
 * small graphql-js schema. A graphql-jit upgrade that changes one of them
 * fails here, by name: either a workaround is no longer needed (the test says
 * which can go) or the hub's HTTP answers would change.
 */
import type { GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import {
  buildSchema,
  execute,
  GraphQLError,
  parse,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { beforeAll, describe, expect, it } from 'vitest';
import { compiledExecution } from '../../src/graphql/compiled-execution';

const SDL = `
  interface Thing { id: ID! }
  type Part implements Thing { id: ID! name: String! parts(first: Int = 2): [Part!]! }
  input Filter { resolved: Boolean! = true, note: String = "none", tags: [String!] }
  enum Size { SMALL LARGE }
  type Query {
    things: [Thing!]!
    part(id: ID!): Part
    echo(filter: Filter!, size: Size): String!
    plain: String
    coded: String
    strict: String!
    viewer: String
  }
`;

/** A small schema with resolvers of every kind the hub has: lists, arguments, an interface, errors, the context. */
function makeSchema(resolveType: (value: { id: string }) => string | Promise<string> = () => 'Part'): GraphQLSchema {
  const schema = buildSchema(SDL);
  const query = schema.getQueryType()!.getFields();
  const part = (id: string) => ({ id, name: `part ${id}` });
  const on = (name: string, resolve: GraphQLFieldResolver<unknown, { viewer?: string }, Record<string, unknown>>) => {
    query[name].resolve = resolve;
  };
  on('things', () => [part('1'), part('2')]);
  on('part', (_source, args) => (args.id === 'missing' ? null : part(String(args.id))));
  on('echo', (_source, args) => JSON.stringify(args));
  on('plain', () => {
    throw new Error('a library failed');
  });
  on('coded', () => {
    throw new GraphQLError('refused', { extensions: { code: 'FORBIDDEN' } });
  });
  on('strict', () => null);
  on('viewer', (_source, _args, context) => context.viewer ?? null);
  (schema.getType('Part') as GraphQLObjectType<{ id: string }>).getFields().parts.resolve = (source, args: { first?: number }) =>
    Array.from({ length: args.first ?? 0 }, (_, i) => part(`${source.id}.${i}`));
  (schema.getType('Thing') as GraphQLInterfaceType).resolveType = (value) => resolveType(value as { id: string });
  return schema;
}

/** graphql-jit's answer, compiled and run as compiled-execution.ts does (no root value, the context as given). */
async function jit(schema: GraphQLSchema, source: string, variables: Record<string, unknown> = {}, context: object = {}): Promise<ExecutionResult> {
  const query = compileQuery(schema, parse(source));
  if (!isCompiledQuery(query)) throw new Error(`not compiled: ${JSON.stringify(query)}`);
  return query.query(undefined, context, variables);
}

/** graphql-js's answer to the same. */
async function js(schema: GraphQLSchema, source: string, variables: Record<string, unknown> = {}, context: object = {}): Promise<ExecutionResult> {
  return execute({ schema, document: parse(source), variableValues: variables, contextValue: context });
}

/** Errors as a client reads them: message, path, locations, extensions. */
const asJson = (result: ExecutionResult) => JSON.parse(JSON.stringify(result)) as ExecutionResult;

let schema: GraphQLSchema;
beforeAll(() => {
  schema = makeSchema();
});

describe('graphql-jit, as compiled-execution.ts uses it', () => {
  it('exports compileQuery and isCompiledQuery; a compiled query runs as query(root, context, variables)', async () => {
    // Assumption: compileQuery(schema, document, operationName) answers a CompiledQuery whose `query` takes
    // (root, context, variables), and isCompiledQuery tells it from an ExecutionResult.
    const compiled = compileQuery(schema, parse('query Named { plain viewer }'), 'Named');
    expect(isCompiledQuery(compiled)).toBe(true);
    expect(typeof (compiled as CompiledQuery).query).toBe('function');
    expect(await (compiled as CompiledQuery).query(undefined, { viewer: 'ada' }, {})).toMatchObject({ data: { viewer: 'ada' } });
  });

  it('answers a document it cannot run with an ExecutionResult of GraphQLErrors, not a throw', () => {
    // Assumption: the executor returns compileQuery's answer as is when it is not a compiled query; it must be a result
    // with coded GraphQL errors (extensions an object), as graphql-js would answer.
    for (const [document, operationName, message] of [
      ['{ plain }', 'Nope', 'Unknown operation named "Nope".'],
      ['query A { plain } query B { plain }', undefined, 'Must provide operation name if query contains multiple operations.'],
    ] as const) {
      const result = compileQuery(schema, parse(document), operationName);
      expect(isCompiledQuery(result)).toBe(false);
      const errors = (result as ExecutionResult).errors!;
      expect(errors.map((error) => error.message)).toEqual([message]);
      expect(errors[0]).toBeInstanceOf(GraphQLError);
      expect(errors[0].extensions).toEqual({});
    }
  });

  it('answers as graphql-js does: data, nulls, lists, arguments and their defaults, enums, interfaces, errors and their paths', async () => {
    // Assumption (the module's premise): same resolvers, same coercion, same error semantics as graphql-js.
    const cases: Array<[string, Record<string, unknown>?]> = [
      ['{ things { id ... on Part { name parts { id parts(first: 1) { name } } } } }'],
      ['query ($id: ID!) { part(id: $id) { name } missing: part(id: "missing") { name } }', { id: '7' }],
      ['query ($f: Filter!, $s: Size) { echo(filter: $f, size: $s) }', { f: { resolved: false, tags: ['a'] }, s: 'LARGE' }],
      ['{ echo(filter: { resolved: true }) }'],
      ['{ plain coded viewer }'],
      ['{ part(id: "1") { name } strict }'],
    ];
    for (const [source, variables] of cases) expect(asJson(await jit(schema, source, variables)), source).toEqual(asJson(await js(schema, source, variables)));
  });

  it('differs in one known way: after a null bubbles to the root, it still reports the errors of the later fields', async () => {
    // Known difference, kept: graphql-js stops a synchronous selection at the first null of a non-null root field; graphql-jit
    // runs the siblings and reports their errors too. Both answer `data: null` with the non-null error.
    const messages = async (run: typeof jit) => (await run(schema, '{ strict plain }')).errors?.map((error) => error.message);
    expect(await messages(jit)).toEqual(['a library failed', 'Cannot return null for non-nullable field Query.strict.']);
    expect(await messages(js)).toEqual(['Cannot return null for non-nullable field Query.strict.']);
  });

  it('passes the context object itself to the resolvers', async () => {
    // Assumption: response bounds (executeWithinBounds) key their budget by the context object the resolvers receive.
    const context = { viewer: 'grace' };
    let seen: unknown;
    const own = makeSchema();
    own.getQueryType()!.getFields().viewer.resolve = (_source, _args, value) => {
      seen = value;
      return 'x';
    };
    await jit(own, '{ viewer }', {}, context);
    expect(seen).toBe(context);
  });

  it("leaves extensions undefined on the error of a plain Error thrown in a resolver, and keeps a GraphQLError's", async () => {
    // Assumption (why withExtensions exists): Apollo's error enrichment fails on `extensions: undefined`.
    // When this fails, graphql-jit fills extensions itself and withExtensions can go.
    const result = await jit(schema, '{ plain coded }');
    const [plain, coded] = result.errors!;
    expect(plain).toBeInstanceOf(GraphQLError);
    expect(plain.extensions).toBeUndefined();
    // Assumption: the error still carries what withExtensions copies: message, path, the original error, locations.
    expect(plain).toMatchObject({ message: 'a library failed', path: ['plain'], locations: [{ line: 1, column: 3 }] });
    expect(plain.originalError?.message).toBe('a library failed');
    // Assumption: graphql-jit reports locations without AST nodes, so a new GraphQLError would compute none: they are copied.
    expect(plain.nodes).toBeUndefined();
    expect(new GraphQLError(plain.message, { path: plain.path }).locations).toBeUndefined();
    expect(coded.extensions).toEqual({ code: 'FORBIDDEN' });
  });

  it('does not apply the default of an omitted non-null input field', async () => {
    // Assumption (why withInputDefaults exists): graphql-jit 0.8 answers "was not provided" for `resolved: Boolean! = true`
    // left out of a variable, where graphql-js applies the default. When this fails, withInputDefaults can go.
    const source = 'query ($f: Filter!) { echo(filter: $f) }';
    const compiled = await jit(schema, source, { f: {} });
    expect(compiled.errors?.map((error) => error.message)).toEqual([expect.stringMatching(/Field value\.resolved of required type Boolean! was not provided/)]);
    expect((await js(schema, source, { f: {} })).data).toEqual({ echo: JSON.stringify({ filter: { resolved: true, note: 'none' } }) });
  });

  it('words variable errors differently from graphql-js', async () => {
    // Assumption (why the executor checks variables with graphql-js's getVariableValues first): graphql-jit's own message
    // names the wrong variable; clients and tests read graphql-js's. When this fails, the pre-check is only a limit of 50 errors.
    const source = 'query ($f: Filter!) { echo(filter: $f) }';
    const variables = { f: { resolved: 'yes' } };
    const compiled = await jit(schema, source, variables);
    const interpreted = await js(schema, source, variables);
    expect(compiled.errors?.[0].message).toMatch(/^Variable "\$resolved" got invalid value "yes"/);
    expect(interpreted.errors?.[0].message).toMatch(/^Variable "\$f" got invalid value "yes" at "f.resolved"/);
  });

  it('needs the type name of an abstract type at once: a resolveType answering a promise fails', async () => {
    // Assumption (why resolveTypesDirectly unwraps type-graphql's async resolveType): graphql-jit does not await it.
    const result = await jit(
      makeSchema(async () => 'Part'),
      '{ things { id } }',
    );
    expect(result.data).toBeNull();
    expect(result.errors?.[0].message).toMatch(/Abstract type Thing must resolve to an Object type at runtime/);
    expect(
      await jit(
        makeSchema(() => 'Part'),
        '{ things { id } }',
      ),
    ).toEqual({ data: { things: [{ id: '1' }, { id: '2' }] } });
  });
});

describe('compiledExecution(schema), the gateway Apollo runs', () => {
  let executor: GatewayExecutor;
  const run = (source: string, variables: Record<string, unknown> = {}, operationName?: string) => {
    const document: DocumentNode = parse(source);
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode =>
        definition.kind === 'OperationDefinition' && (!operationName || definition.name?.value === operationName),
    );
    // Only what the executor reads of Apollo's request context.
    const request = { document, operation, request: { query: source, variables, operationName }, context: {} } as unknown as GatewayGraphQLRequestContext;
    return executor(request) as Promise<ExecutionResult>;
  };

  beforeAll(async () => {
    const gateway = compiledExecution(schema);
    // Assumption (Apollo's gateway interface): onSchemaLoadOrUpdate hands Apollo the schema; load() answers the executor.
    let loaded: GraphQLSchema | undefined;
    gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
      loaded = apiSchema;
    });
    expect(loaded).toBe(schema);
    const ready = await gateway.load({ apollo: { key: 'test', keyHash: 'test', graphRef: 'test@current', graphVariant: 'current', graphId: 'test' } } as never);
    expect(ready.executor).toBeTypeOf('function');
    executor = ready.executor!;
  });

  it('answers what graphql-js answers, the workarounds included', async () => {
    const cases: Array<[string, Record<string, unknown>?]> = [
      ['{ things { id ... on Part { parts { name } } } }'],
      ['query ($f: Filter!) { echo(filter: $f) }', { f: {} }],
      ['query ($f: Filter!) { echo(filter: $f) }', { f: { resolved: 'yes' } }],
      ['{ plain coded }'],
    ];
    for (const [source, variables] of cases) expect(asJson(await run(source, variables)), source).toEqual(asJson(await js(schema, source, variables)));
  });

  it('gives every error an extensions object, keeping its message, path, original error and locations', async () => {
    const [plain] = (await run('{ plain }')).errors!;
    expect(plain).toBeInstanceOf(GraphQLError);
    expect(plain).toMatchObject({ message: 'a library failed', path: ['plain'], extensions: {}, locations: [{ line: 1, column: 3 }] });
    expect(plain.originalError?.message).toBe('a library failed');
  });

  it("answers graphql-jit's refusal of a document as is", async () => {
    expect((await run('query A { plain } query B { plain }')).errors?.map((error) => error.message)).toEqual([
      'Must provide operation name if query contains multiple operations.',
    ]);
  });
});
