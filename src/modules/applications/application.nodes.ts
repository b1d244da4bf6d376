/** How `node(id:)` fetches zone applications and their parts, with their visibility rules. */
import type { NodeFetchers } from '../../graphql/node.resolver';
import { canReadApplication } from './application.access';
import { ApplicationClarification, ApplicationSection, ApplicationWindow, BoardResolutionRequirement, ZoneApplication } from './application.entity';

type Part = ApplicationSection | ApplicationClarification | BoardResolutionRequirement;

/** A part of an application, when the viewer may read the application. */
function partOf<T extends Part>(entity: { new (): T; name: string }) {
  return async (ctx: Parameters<NodeFetchers[string]>[0], id: string) => {
    const part = await ctx.loaders.byId(entity).load(id);
    if (!part) return null;
    const application = await ctx.loaders.referenced(ZoneApplication, part.application.id);
    return (await canReadApplication(ctx, application)) ? part : null;
  };
}

export const applicationNodes: NodeFetchers = {
  ApplicationWindow: (ctx, id) => ctx.loaders.byId(ApplicationWindow).load(id),
  ZoneApplication: async (ctx, id) => {
    const application = await ctx.loaders.byId(ZoneApplication).load(id);
    return application && (await canReadApplication(ctx, application)) ? application : null;
  },
  ApplicationSection: partOf(ApplicationSection),
  ApplicationClarification: partOf(ApplicationClarification),
  BoardResolutionRequirement: partOf(BoardResolutionRequirement),
};
