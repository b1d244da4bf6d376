/** How `node(id:)` fetches this feature's objects. */
import type { NodeFetchers } from '../../graphql/node.resolver';
import { User } from '../users/user.entity';
import { Organization } from './organization.entity';

export const organizationNodes: NodeFetchers = {
  Organization: (ctx, id) => ctx.loaders.byId(Organization).load(id),
  User: async (ctx, id) => (ctx.viewer.signedIn ? ctx.loaders.byId(User).load(id) : null),
};
