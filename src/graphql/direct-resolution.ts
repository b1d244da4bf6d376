/**
 * Plain fields read straight from their object, and abstract types resolved
 * synchronously.
 *
 * type-graphql gives every `@Field` without a resolver a wrapper that builds
 * a resolver-data object and runs the middleware chain (global middlewares,
 * field middlewares, the auth checker), even when the chain is empty. The
 * hub uses none of those on plain fields (its one middleware, the audit
 * trail, is on Mutation fields: see middleware.ts), so on a page of
 * thousands of objects the wrappers are pure cost. Here each such field reads
 * its property directly: no resolver where the GraphQL name is the property
 * name (graphql-js's default), a one-line getter where it is not (`id` reads
 * `nodeId`). Fields with arguments, middlewares, roles or a field resolver
 * keep type-graphql's resolver, and so do fields declared `simple: false`
 * (their value may be a promise, which only a resolver may return).
 *
 * type-graphql also wraps each interface's `resolveType` in an async
 * function, so every object under an interface (every `node`, every waiver
 * event) waited a promise for its type; and compiled execution
 * (compiled-execution.ts) needs the name at once. The hub's type resolvers
 * are synchronous and return a type name: they are used as they are.
 */
import {
  getNamedType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/** A decorated class, as type-graphql's metadata names it. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's metadata storage types its targets as Function
type ClassTarget = Function;

interface FieldInfo {
  target: ClassTarget;
  name: string;
  schemaName: string;
  params?: unknown[];
  middlewares?: unknown[];
  roles?: unknown[];
  simple?: boolean;
}

/** A class and its ancestors (fields, interfaces and resolvers are inherited). */
function lineageOf(target: ClassTarget): ClassTarget[] {
  const lineage: ClassTarget[] = [];
  for (let current: ClassTarget | null = target; current?.prototype; current = Object.getPrototypeOf(current) as ClassTarget | null) lineage.push(current);
  return lineage;
}

/** The one-line getters installed below (reading a property, nothing else), with the property each reads. */
const propertyReads = new WeakMap<GraphQLFieldResolver<unknown, unknown>, string>();

/** The property a plain field's getter (installed below) reads; undefined for any other resolver. */
export function propertyReadBy(resolve: GraphQLFieldResolver<unknown, unknown>): string | undefined {
  return propertyReads.get(resolve);
}

/** Replaces type-graphql's wrappers of plain fields in `schema` (in place); returns how many it replaced. */
export function readPlainFieldsDirectly(schema: GraphQLSchema): number {
  const storage = getMetadataStorage();
  let replaced = 0;
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    const lineage = lineageOf(objectType.target);
    const declared = storage.objectTypes.filter((it) => lineage.includes(it.target));
    const interfaces = declared.flatMap((it) => it.interfaceClasses ?? []);
    const fields = [
      ...storage.interfaceTypes.filter((it) => interfaces.includes(it.target)).flatMap((it) => it.fields ?? []),
      ...declared.flatMap((it) => it.fields ?? []),
    ] as FieldInfo[];
    const hasResolver = (name: string) =>
      storage.fieldResolvers.some((resolver) => resolver.methodName === name && lineage.includes(resolver.getObjectType?.() as ClassTarget));
    const schemaFields = type.getFields();
    const seen = new Set<string>();
    for (const field of fields) {
      if (seen.has(field.schemaName)) continue;
      seen.add(field.schemaName);
      const schemaField = schemaFields[field.schemaName];
      if (!schemaField?.resolve || schemaField.args.length > 0) continue;
      if (field.simple === false || field.params?.length || field.middlewares?.length || field.roles || hasResolver(field.name)) continue;
      const property = field.name;
      if (property === field.schemaName) schemaField.resolve = undefined;
      else {
        const read = (source: Record<string, unknown>) => source[property];
        propertyReads.set(read as GraphQLFieldResolver<unknown, unknown>, property);
        schemaField.resolve = read;
      }
      replaced += 1;
    }
  }
  return replaced;
}

const leafSelections = new WeakMap<readonly FieldNode[], boolean>();

/**
 * Whether the field being resolved selects only plain leaf fields of its
 * object (`district { id name }`): scalars and enums read straight from the
 * object (see above), no field with a resolver of its own, no fragments.
 * Resolving such a field at once rather than in the request's next wave of
 * batches (loaders.ts) cannot move any load to another wave, since nothing
 * below it loads. Decided once per selection (the AST nodes of a document
 * stay the same across its executions).
 */
export function selectsOnlyPlainLeaves(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'returnType'>): boolean {
  let known = leafSelections.get(info.fieldNodes);
  if (known === undefined) {
    known = plainLeaves(info);
    leafSelections.set(info.fieldNodes, known);
  }
  return known;
}

function plainLeaves({ fieldNodes, returnType }: Pick<GraphQLResolveInfo, 'fieldNodes' | 'returnType'>): boolean {
  const type = getNamedType(returnType);
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  return fieldNodes.every((node) =>
    (node.selectionSet?.selections ?? []).every((selection) => {
      if (selection.kind !== Kind.FIELD) return false;
      if (selection.name.value === '__typename') return true;
      const field = fields[selection.name.value];
      return Boolean(field) && isLeafType(getNamedType(field.type)) && (!field.resolve || propertyReads.has(field.resolve));
    }),
  );
}

/** Gives each interface declared with a `resolveType` that function itself, without type-graphql's async wrapper. */
export function resolveTypesDirectly(schema: GraphQLSchema): number {
  let replaced = 0;
  for (const declared of getMetadataStorage().interfaceTypes) {
    const type = schema.getType(declared.name);
    if (!isInterfaceType(type) || !declared.resolveType) continue;
    const resolveType = declared.resolveType as GraphQLTypeResolver<unknown, unknown>;
    type.resolveType = (value, context, info, abstractType) => {
      const resolved = resolveType(value, context, info, abstractType);
      if (typeof resolved !== 'string') throw new Error(`${declared.name}.resolveType must return a type name at once`);
      return resolved;
    };
    replaced += 1;
  }
  return replaced;
}

type Resolve = (source: unknown, args: unknown, context: unknown, info: unknown) => unknown;

/** `method` called with its parameters picked from a resolver's four. */
function callWith(method: (...values: unknown[]) => unknown, pick: Resolve[]): Resolve {
  const [a, b, c, d] = pick;
  switch (pick.length) {
    case 0:
      return () => method();
    case 1:
      return (s, r, x, i) => method(a(s, r, x, i));
    case 2:
      return (s, r, x, i) => method(a(s, r, x, i), b(s, r, x, i));
    case 3:
      return (s, r, x, i) => method(a(s, r, x, i), b(s, r, x, i), c(s, r, x, i));
    case 4:
      return (s, r, x, i) => method(a(s, r, x, i), b(s, r, x, i), c(s, r, x, i), d(s, r, x, i));
    default:
      return (s, r, x, i) => method(...pick.map((one) => one(s, r, x, i)));
  }
}
type ParamKind = 'root' | 'context' | 'info' | 'args';

/**
 * An `@Args()` class whose fields (its ancestors' included) are all scalars
 * or enums, made from the GraphQL arguments as type-graphql makes it (an
 * instance with the values assigned); null when some field is an input
 * object (type-graphql converts those deeply: its resolver stays).
 */
function flatArgs(storage: ReturnType<typeof getMetadataStorage>, argsClass: unknown): (new () => object) | null {
  if (typeof argsClass !== 'function') return null;
  const inputClasses = new Set(storage.inputTypes.map((it) => it.target));
  for (const target of lineageOf(argsClass)) {
    const declared = storage.argumentTypes.find((it) => it.target === target);
    for (const field of declared?.fields ?? []) {
      const type = field.getType();
      if (typeof type === 'function' && inputClasses.has(type)) return null;
    }
  }
  return argsClass as new () => object;
}

/**
 * Calls field resolvers whose parameters are only `@Root`, `@Ctx` and
 * `@Info` straight on one instance of their resolver class. type-graphql's
 * wrapper sorts the parameter list, looks the instance up in its container
 * and runs the (empty) middleware chain on every call: on a page of
 * thousands of objects (each `publisher`, `district`, `user`) that was
 * several percent of the CPU and of the garbage. A source that is not
 * already an instance of the declared root type (type-graphql would convert
 * it) goes through type-graphql's resolver. `@Args()` of scalars and enums
 * (page arguments) are made and validated as type-graphql would, with
 * `validate` (the schema's `validateFn`); other arguments keep its resolver.
 */
export function callFieldResolversDirectly(schema: GraphQLSchema, validate: (args: object) => void): number {
  const storage = getMetadataStorage();
  const instances = new Map<ClassTarget, object>();
  let replaced = 0;
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    const lineage = lineageOf(objectType.target);
    for (const field of Object.values(type.getFields())) {
      const resolver = lineage
        .map((target) => storage.fieldResolvers.find((it) => it.kind === 'external' && it.schemaName === field.name && it.getObjectType?.() === target))
        .find(Boolean);
      const original = field.resolve as Resolve | undefined;
      if (!resolver || !original || resolver.middlewares?.length || resolver.roles || storage.resolverMiddlewares.some((it) => it.target === resolver.target))
        continue;
      const params = [...(resolver.params ?? [])].sort((a, b) => a.index - b.index);
      if (!params.every((param) => ['root', 'context', 'info', 'args'].includes(param.kind) && !('propertyName' in param && param.propertyName))) continue;
      const argsParam = params.find((param) => param.kind === 'args') as { getType(): unknown } | undefined;
      const argsClass = argsParam ? flatArgs(storage, argsParam.getType()) : null;
      if (argsParam && !argsClass) continue;
      let instance = instances.get(resolver.target);
      if (!instance) {
        instance = new (resolver.target as new () => object)();
        instances.set(resolver.target, instance);
      }
      const method = (instance as Record<string, ClassTarget>)[resolver.methodName].bind(instance) as (...values: unknown[]) => unknown;
      const kinds = params.map((param) => param.kind as ParamKind);
      const rootParam = params.find((param) => param.kind === 'root') as { getType?: () => unknown } | undefined;
      const rootType = rootParam?.getType?.();
      const asIs = (source: unknown) => typeof rootType !== 'function' || source == null || source instanceof rootType;
      const argsOf = (args: unknown) => {
        const instance = Object.assign(new argsClass!(), args);
        validate(instance);
        return instance;
      };
      const pick = kinds.map((kind): Resolve =>
        kind === 'root'
          ? (source) => source
          : kind === 'context'
            ? (_s, _a, context) => context
            : kind === 'args'
              ? (_s, args) => argsOf(args)
              : (_s, _a, _c, info) => info,
      );
      // No argument array per call (a page of thousands of objects calls these thousands of times).
      const call = callWith(method, pick);
      field.resolve = (source, args, context, info) => (asIs(source) ? call(source, args, context, info) : original(source, args, context, info));
      replaced += 1;
    }
  }
  return replaced;
}
