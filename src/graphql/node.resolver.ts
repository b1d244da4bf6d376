/** `node(id:)`: fetches any object by global id, through its feature's own visibility rules. */
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { HubContext } from './context';
import { parseGlobalId } from '../domain/global-id';
import { Node } from './node';

/** For each type name, how to fetch one visible object (null when absent or hidden). */
export type NodeFetchers = Record<string, (ctx: HubContext, id: string) => Promise<object | null>>;

export function createNodeResolver(fetchers: NodeFetchers) {
  // A Map, not the object: a client's type name (`constructor`, `__proto__`) must not find Object's own members.
  const byType = new Map(Object.entries(fetchers));
  @Resolver()
  class NodeResolver {
    @Query(() => Node, { nullable: true, description: 'Any object by its global id; null when absent or not visible to you' })
    async node(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<object | null> {
      const parsed = parseGlobalId(id);
      const fetch = parsed && byType.get(parsed.type);
      return fetch ? fetch(ctx, parsed.id) : null;
    }
  }
  return NodeResolver;
}
