/**
 * Hostile GraphQL operations generated from the schema: for every root field,
 * well-typed arguments made of nasty values (junk and foreign ids, extreme
 * numbers, NUL bytes, huge strings and lists) or with one fault injected at a
 * random place in the arguments (a wrong JSON type, null where not allowed, a
 * missing required field, an unknown or `__proto__` field), sent as variables
 * or inlined as literals; plus shape attacks (depth, aliases, fragments,
 * directives, cycles) that need no schema knowledge.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import type { Random } from './random';

/** One GraphQL-over-HTTP body (also sent as a WebSocket `subscribe`). */
export interface GeneratedOperation {
  /** What was attempted, for failure messages. */
  label: string;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** An enum value, printed bare in literals and as a string in variables. */
class EnumLiteral {
  constructor(readonly name: string) {}
  toJSON() {
    return this.name;
  }
}

const UUID_NIL = '00000000-0000-0000-0000-000000000000';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Strings a careless resolver or database trips over. */
const NASTY_STRINGS = [
  '',
  ' ',
  'Kansas City Public Schools',
  "Robert'); DROP TABLE organizations;--",
  '%_%',
  '\\',
  'a\u0000b',
  '\u0000',
  '\ud800',
  '🎓📚'.repeat(50),
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '../../../../etc/passwd',
  'x'.repeat(5_000),
  'Central',
  'OWNER',
  'someone@test.example',
  'not an email',
  'https://example.com/evidence',
  'javascript:alert(1)',
  '\u202e\u0085\u2028',
  '-1',
  'NaN',
  '2026-13-45',
];
const INTS = [0, 1, -1, 2, 5, 100, 101, 1000, 2147483647, -2147483648];
const FLOATS = [0, -0, 0.5, 1.5, -1, 1e308, -1e308, 4.9e-324, 1e21];
const DATES = [
  '2026-09-01T00:00:00.000Z',
  '1970-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-02-30',
  'tomorrow',
  '+275760-09-13T00:00:00.000Z',
  '',
];

const cursorOf = (...values: unknown[]) => b64(JSON.stringify(values));
/** `organizations` is sorted by name, then id. */
const ALTERED_ROOT_CURSORS = [
  cursorOf('name+,id+', 'Acme', 'not-a-uuid'),
  cursorOf('name+,id+', 'Acme', `${UUID_NIL}'--`),
  cursorOf('name+,id+', 1e308, UUID_NIL),
  cursorOf('name+,id+', { d: 'x' }, UUID_NIL),
  cursorOf('name+,id+', 'a\u0000b', UUID_NIL),
  cursorOf('name+,id+', 'x'.repeat(5000), UUID_NIL),
  cursorOf('name+,id+', [], {}),
];
/** `members` is sorted by createdAt, then id. */
const ALTERED_NESTED_CURSORS = [
  cursorOf('createdAt+,id+', { d: 'not a date' }, UUID_NIL),
  cursorOf('createdAt+,id+', { d: '+275760-09-14T00:00:00.000Z' }, UUID_NIL),
  cursorOf('createdAt+,id+', '2026-01-01', UUID_NIL),
  cursorOf('createdAt+,id+', { d: '2026-01-01T00:00:00Z' }, 'not-a-uuid'),
  cursorOf('createdAt+,id+', 17, true),
];

export interface Pools {
  /** Global ids worth trying: real ones (the actor's organizations…), foreign ones, junk. */
  ids: string[];
}

export function junkIds(nodeTypes: string[]): string[] {
  return [
    '',
    'x',
    'null',
    UUID_NIL,
    b64(`Organization:${UUID_NIL}`),
    b64('Organization:not-a-uuid'),
    b64(`Nope:${UUID_NIL}`),
    b64(`:${UUID_NIL}`),
    b64(`Organization:${UUID_NIL}'--`),
    'A'.repeat(201),
    '%%%',
    '\u0000',
    // Names an object has without owning them: a lookup on a plain object finds them.
    ...['constructor', 'toString', '__proto__', 'hasOwnProperty', 'prototype'].map((name) => b64(`${name}:${UUID_NIL}`)),
    ...nodeTypes.map((type) => b64(`${type}:${UUID_NIL}`)),
  ];
}

function scalarValue(name: string, rnd: Random, pools: Pools): unknown {
  switch (name) {
    case 'ID':
      return rnd.pick(pools.ids);
    case 'Int':
      return rnd.pick(INTS);
    case 'Float':
      return rnd.pick(FLOATS);
    case 'Boolean':
      return rnd.chance(0.5);
    case 'DateTime':
      return rnd.pick(DATES);
    default:
      return rnd.pick(NASTY_STRINGS);
  }
}

/** A value that type-checks (modulo scalar parsing) for `type`. */
function validValue(type: GraphQLInputType, rnd: Random, pools: Pools, depth = 0): unknown {
  if (isNonNullType(type)) return validValue(type.ofType, rnd, pools, depth);
  if (isListType(type)) {
    const length = depth > 3 ? 0 : rnd.int(3);
    return Array.from({ length }, () => validValue(type.ofType, rnd, pools, depth + 1));
  }
  if (isEnumType(type)) return new EnumLiteral(rnd.pick(type.getValues()).name);
  if (isScalarType(type)) return scalarValue(type.name, rnd, pools);
  const value: Record<string, unknown> = {};
  for (const field of Object.values(type.getFields())) {
    if (isNonNullType(field.type) || (depth < 3 && rnd.chance(0.5))) value[field.name] = validValue(field.type, rnd, pools, depth + 1);
  }
  return value;
}

/** A value of a different JSON kind than `type` wants. */
function wrongValue(type: GraphQLInputType, rnd: Random): unknown {
  const named = getNamedType(type);
  const candidates: unknown[] = [{ nested: { deeper: true } }, [1, 'two', null]];
  if (isScalarType(named) && ['Int', 'Float'].includes(named.name))
    candidates.push('12', true, 1.5, 2 ** 53, Infinity); // past the safe integers; Infinity goes out as JSON null
  else if (isScalarType(named) && named.name === 'Boolean') candidates.push('true', 1, 0);
  else if (isScalarType(named)) candidates.push(42, false, 1.5);
  else if (isEnumType(named)) candidates.push('NOT_A_VALUE', 'owner', 3, '__proto__');
  else candidates.push('an object was wanted', 7);
  return rnd.pick(candidates);
}

interface Site {
  parent: Record<string | number, unknown>;
  key: string | number;
  type: GraphQLInputType;
}

function collectSites(parent: Record<string | number, unknown>, key: string | number, type: GraphQLInputType, sites: Site[]): void {
  sites.push({ parent, key, type });
  const value = parent[key];
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner) && Array.isArray(value))
    value.forEach((_, index) => collectSites(value as unknown as Record<number, unknown>, index, inner.ofType, sites));
  if (isInputObjectType(inner) && value && typeof value === 'object') {
    for (const field of Object.values(inner.getFields())) {
      if (field.name in (value as object)) collectSites(value as Record<string, unknown>, field.name, field.type, sites);
    }
  }
}

export const FAULTS = ['none', 'none', 'wrongType', 'null', 'missing', 'unknownField', 'hugeString', 'hugeList', 'extremeNumber'] as const;
type Fault = (typeof FAULTS)[number];

function injectFault(fault: Fault, args: Record<string, unknown>, types: Record<string, GraphQLInputType>, rnd: Random): string {
  const sites: Site[] = [];
  for (const [name, type] of Object.entries(types)) if (name in args) collectSites(args, name, type, sites);
  if (!sites.length || fault === 'none') return 'none';
  const site = rnd.pick(sites);
  const where = `${fault}@${String(site.key)}`;
  const named = getNamedType(site.type);
  switch (fault) {
    case 'wrongType':
      site.parent[site.key] = wrongValue(site.type, rnd);
      break;
    case 'null':
      site.parent[site.key] = null;
      break;
    case 'missing':
      if (Array.isArray(site.parent)) site.parent.splice(Number(site.key), 1);
      else delete site.parent[site.key];
      break;
    case 'unknownField': {
      const target = site.parent[site.key];
      if (target && typeof target === 'object' && !Array.isArray(target)) {
        Object.defineProperty(target, rnd.pick(['unknownField', '__proto__', 'constructor']), { value: { polluted: true }, enumerable: true });
      } else {
        site.parent[site.key] = { unknownField: 1 };
      }
      break;
    }
    case 'hugeString':
      site.parent[site.key] = rnd.pick(['x', 'é', '\u0000', 'ab\n']).repeat(50_000 + rnd.int(150_000));
      break;
    case 'hugeList': {
      const element = site.parent[site.key];
      const item = Array.isArray(element) && element.length ? element[0] : (element ?? 'x');
      // About the body limit (1 MB) at most: bigger bodies are the oversized-body cases' job.
      const length = Math.min(20_000 + rnd.int(20_000), Math.ceil(1_500_000 / (JSON.stringify(item)?.length ?? 1)));
      site.parent[site.key] = Array.from({ length }, () => item);
      break;
    }
    case 'extremeNumber':
      site.parent[site.key] =
        isScalarType(named) && named.name === 'Int' ? rnd.pick([2147483648, -2147483649, 0.5, -0]) : rnd.pick([1e308, -1e308, 2147483648]);
      break;
  }
  return where;
}

/** Prints a value as a GraphQL literal (faithfully, whatever its type). */
function literal(value: unknown): string {
  if (value instanceof EnumLiteral) return value.name;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([key, v]) => `${key}: ${literal(v)}`)
      .join(', ')}}`;
  if (typeof value === 'number' && !Number.isFinite(value)) return '1e400';
  return value === undefined ? 'null' : JSON.stringify(value);
}

function typeString(type: GraphQLInputType): string {
  return String(type);
}

/** A selection that reads the scalars of a return type (and one level of objects), so resolvers run. */
export function selection(type: GraphQLOutputType, depth = 0): string {
  const named: GraphQLNamedType = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) && !isInterfaceType(named)) return '{ __typename }';
  const parts = ['__typename'];
  for (const field of Object.values((named as GraphQLObjectType).getFields())) {
    if (field.args.some((arg) => isNonNullType(arg.type))) continue;
    const inner = getNamedType(field.type);
    if (isLeafType(inner)) parts.push(field.name);
    else if (depth < 1 && parts.length < 12) parts.push(`${field.name} ${selection(field.type, depth + 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

/** One operation calling `field` of the root `operation` type with generated, possibly faulty arguments. */
export function fieldOperation(
  operation: 'query' | 'mutation' | 'subscription',
  field: GraphQLField<unknown, unknown>,
  rnd: Random,
  pools: Pools,
): GeneratedOperation {
  const types = Object.fromEntries(field.args.map((arg) => [arg.name, arg.type]));
  const args: Record<string, unknown> = {};
  for (const arg of field.args) if (isNonNullType(arg.type) || rnd.chance(0.6)) args[arg.name] = validValue(arg.type, rnd, pools);
  const fault = injectFault(rnd.pick(FAULTS), args, types, rnd);
  const names = Object.keys(args);
  const label = `${operation} ${field.name} ${fault}`;
  const select = selection(field.type);
  if (rnd.chance(0.5) || !names.length) {
    const argList = names.length ? `(${names.map((name) => `${name}: ${literal(args[name])}`).join(', ')})` : '';
    return { label: `${label} (literal)`, query: `${operation} { ${field.name}${argList} ${select} }` };
  }
  // Variables declared with the argument's type; one in five declared with a wrong type.
  const decl = names.map((name) => `$${name}: ${rnd.chance(0.2) ? rnd.pick(['String', 'Int!', '[ID]', 'Boolean']) : typeString(types[name] ?? 'String')}`);
  const query = `${operation} Hostile(${decl.join(', ')}) { ${field.name}(${names.map((name) => `${name}: $${name}`).join(', ')}) ${select} }`;
  return { label: `${label} (variables)`, query, variables: JSON.parse(JSON.stringify(args)) as Record<string, unknown>, operationName: 'Hostile' };
}

/** Every root field of a kind, as `[operation, field]`. */
export function rootFields(schema: GraphQLSchema): Array<['query' | 'mutation' | 'subscription', GraphQLField<unknown, unknown>]> {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const;
  return roots.flatMap(([kind, type]) =>
    type ? Object.values(type.getFields()).map((field) => [kind, field] as ['query' | 'mutation' | 'subscription', GraphQLField<unknown, unknown>]) : [],
  );
}

/** Shape attacks: depth, aliases, fragments, cycles, directives, odd documents. */
export function shapeOperation(rnd: Random): GeneratedOperation {
  const n = 1 + rnd.int(400);
  const kinds = [
    () => ({ label: `depth ${n}`, query: `{ __schema { types { ${'fields { type { '.repeat(n)}name${' } }'.repeat(n)} } } }` }),
    () => ({ label: `ofType depth ${n}`, query: `{ __type(name: "Organization") { ${'ofType { '.repeat(n)}name${' }'.repeat(n)} } }` }),
    () => ({ label: `aliases ${n * 3}`, query: `{ ${Array.from({ length: n * 3 }, (_, i) => `a${i}: __typename`).join(' ')} }` }),
    () => ({
      label: `alias bomb on connections ${n}`,
      query: `{ ${Array.from({ length: Math.min(n, 200) }, (_, i) => `o${i}: organizations(first: 100) { edges { node { members(first: 100) { totalCount } } } }`).join(' ')} }`,
    }),
    () => {
      const levels = 5 + rnd.int(40);
      const fragments = Array.from({ length: levels }, (_, i) =>
        i === 0 ? 'fragment F0 on Query { __typename regions }' : `fragment F${i} on Query { ...F${i - 1} ...F${i - 1} a${i}: __typename }`,
      );
      return { label: `fragment bomb ${levels}`, query: `{ ...F${levels - 1} } ${fragments.join(' ')}` };
    },
    () => ({ label: 'circular fragments', query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }),
    () => ({ label: 'self fragment', query: '{ ...A } fragment A on Query { __typename ...A }' }),
    () => ({ label: `directives ${n}`, query: `{ __typename ${'@include(if: true) '.repeat(n)} }` }),
    () => ({ label: `unknown directive`, query: '{ __typename @nope(x: 1) }' }),
    () => ({ label: `duplicate fields ${n}`, query: `{ organizations(first: 100) { edges { node { ${'name '.repeat(n * 5)} } } } }` }),
    () => ({ label: 'conflicting aliases', query: '{ x: organizations(first: 1) { totalCount } x: regions }' }),
    () => ({ label: 'unknown field', query: `{ ${rnd.pick(['nope', '__proto__', 'constructor', 'toString', 'password'])} }` }),
    () => ({ label: 'unknown type condition', query: '{ node(id: "x") { ... on Nope { id } } }' }),
    () => ({ label: 'two anonymous operations', query: '{ regions } { regions }' }),
    () => ({ label: 'wrong operationName', query: 'query A { regions } query B { regions }', operationName: rnd.pick(['C', '', '__proto__']) }),
    () => ({ label: 'no operationName for two', query: 'query A { regions } query B { regions }' }),
    () => ({ label: 'undefined variable', query: 'query { organizations(first: $first) { totalCount } }' }),
    () => ({ label: 'unused variable of unknown type', query: 'query ($x: Nope) { regions }', variables: { x: 1 } }),
    () => ({ label: 'huge int literal', query: `{ organizations(first: ${'9'.repeat(1 + rnd.int(400))}) { totalCount } }` }),
    () => ({ label: 'negative first', query: `{ organizations(first: -${1 + rnd.int(1000)}) { totalCount } }` }),
    () => ({
      label: 'junk cursor',
      query: `{ organizations(first: 5, after: ${JSON.stringify(rnd.pick(['x', b64('{"a":1}'), b64('[]'), b64('null'), b64('{"__proto__":{"x":1}}'), 'A'.repeat(5000)]))}) { totalCount edges { cursor } } }`,
    }),
    // Well-formed cursors (the list's own sort signature) carrying values of the wrong type for their column.
    () => ({
      label: 'altered cursor',
      query: `{ organizations(first: 5, after: ${JSON.stringify(rnd.pick(ALTERED_ROOT_CURSORS))}) { totalCount edges { cursor } } }`,
    }),
    () => ({
      label: 'altered nested cursor',
      query: `{ organizations(first: 3) { edges { node { members(first: 2, after: ${JSON.stringify(rnd.pick(ALTERED_NESTED_CURSORS))}) { totalCount } } } } }`,
    }),
    () => ({ label: 'nested list literal', query: `{ organizations(search: ${'['.repeat(n)}"x"${']'.repeat(n)}) { totalCount } }` }),
    () => ({ label: 'many tokens', query: `{ __typename ${'# comment\n'.repeat(n)} ${Array.from({ length: n * 20 }, () => '__typename').join(' ')} }` }),
    () => ({ label: 'comment-padded document', query: `{ __typename } # ${rnd.next()} ${'x'.repeat(100_000 + rnd.int(300_000))}` }),
    () => ({ label: 'unterminated string', query: '{ organization(slug: "abc) { name } }' }),
    () => ({ label: 'binary junk', query: String.fromCharCode(...Array.from({ length: 200 }, () => rnd.int(65536))) }),
    () => ({ label: 'empty document', query: rnd.pick(['', ' ', '#', '{}', 'query', 'fragment F on Query { regions }']) }),
    () => ({
      label: 'introspection of everything',
      query: '{ __schema { types { name fields(includeDeprecated: true) { name args { name type { name } } } } } }',
    }),
    () => ({ label: 'typename on mutation', query: 'mutation { __typename }' }),
    () => ({ label: 'subscription with two fields', query: 'subscription { a: learningModulePublished { id } b: learningModulePublished { id } }' }),
  ];
  return rnd.pick(kinds)();
}
