/** How `node(id:)` fetches this feature's objects. */
import type { NodeFetchers } from '../../graphql/node.resolver';
import { Organization } from './organization.entity';

export const organizationNodes: NodeFetchers = {
  Organization: (ctx, id) => ctx.loaders.byId(Organization).load(id),
};
