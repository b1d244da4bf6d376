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
import { isInterfaceType, isObjectType, type GraphQLSchema, type GraphQLTypeResolver } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

interface FieldInfo {
  target: Function;
  name: string;
  schemaName: string;
  params?: unknown[];
  middlewares?: unknown[];
  roles?: unknown[];
  simple?: boolean;
}

/** Replaces type-graphql's wrappers of plain fields in `schema` (in place); returns how many it replaced. */
export function readPlainFieldsDirectly(schema: GraphQLSchema): number {
  const storage = getMetadataStorage();
  let replaced = 0;
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    // The class and its ancestors: fields and interfaces are inherited.
    const lineage: Function[] = [];
    for (let target: Function | null = objectType.target; target?.prototype; target = Object.getPrototypeOf(target) as Function | null) lineage.push(target);
    const declared = storage.objectTypes.filter((it) => lineage.includes(it.target));
    const interfaces = declared.flatMap((it) => it.interfaceClasses ?? []);
    const fields = [
      ...storage.interfaceTypes.filter((it) => interfaces.includes(it.target)).flatMap((it) => it.fields ?? []),
      ...declared.flatMap((it) => it.fields ?? []),
    ] as FieldInfo[];
    const hasResolver = (name: string) =>
      storage.fieldResolvers.some((resolver) => resolver.methodName === name && lineage.includes(resolver.getObjectType?.() as Function));
    const schemaFields = type.getFields();
    const seen = new Set<string>();
    for (const field of fields) {
      if (seen.has(field.schemaName)) continue;
      seen.add(field.schemaName);
      const schemaField = schemaFields[field.schemaName];
      if (!schemaField?.resolve || schemaField.args.length > 0) continue;
      if (field.simple === false || field.params?.length || field.middlewares?.length || field.roles || hasResolver(field.name)) continue;
      const property = field.name;
      schemaField.resolve = property === field.schemaName ? undefined : (source: Record<string, unknown>) => source[property];
      replaced += 1;
    }
  }
  return replaced;
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
