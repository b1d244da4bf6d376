/**
 * Middleware on the fields of one root type only. type-graphql's
 * `globalMiddlewares` wraps every field of every type, so each scalar read
 * becomes a chain of promises (its performance guide names middleware as the
 * main per-field cost); a middleware about mutations belongs on the
 * Mutation fields alone, where it runs exactly as before.
 */
import { defaultFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';

type RootType = 'Query' | 'Mutation' | 'Subscription';

function rootType(schema: GraphQLSchema, root: RootType): GraphQLObjectType | null | undefined {
  if (root === 'Query') return schema.getQueryType();
  if (root === 'Mutation') return schema.getMutationType();
  return schema.getSubscriptionType();
}

/** Wraps each field of the `root` type in `middleware` (type-graphql semantics: `next()` runs the resolver). */
export function useOnRootFields<C extends object>(schema: GraphQLSchema, root: RootType, middleware: MiddlewareFn<C>): GraphQLSchema {
  const type = rootType(schema, root);
  if (!type) return schema;
  for (const field of Object.values(type.getFields())) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args, context, info) => {
      let nextResult: unknown;
      const result = await middleware({ root: source, args, context, info }, async () => {
        nextResult = await resolve(source, args, context, info);
        return nextResult;
      });
      return result !== undefined ? result : nextResult;
    };
  }
  return schema;
}
