/** How `node(id:)` fetches opportunities and partnerships, with their visibility rules. */
import type { NodeFetchers } from '../../graphql/node.resolver';
import { Opportunity } from './opportunity.entity';
import { canSeeOpportunity } from './opportunity.service';
import { Partnership } from './partnership.entity';
import { canSeePartnership } from './partnership.service';

export const partnershipNodes: NodeFetchers = {
  Opportunity: async (ctx, id) => {
    const opportunity = await ctx.loaders.byId(Opportunity).load(id);
    return opportunity && canSeeOpportunity(ctx.viewer, opportunity) ? opportunity : null;
  },
  Partnership: async (ctx, id) => {
    const partnership = await ctx.loaders.byId(Partnership).load(id);
    return partnership && canSeePartnership(ctx, partnership) ? partnership : null;
  },
};
