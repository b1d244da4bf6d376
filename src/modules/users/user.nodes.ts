/** How `node(id:)` fetches people: signed-in viewers only. */
import type { NodeFetchers } from '../../graphql/node.resolver';
import { User } from './user.entity';

export const userNodes: NodeFetchers = {
  User: async (ctx, id) => (ctx.viewer.signedIn ? ctx.loaders.byId(User).load(id) : null),
};
