/** How `node(id:)` fetches this feature's objects: null unless the viewer may read their waiver request. */
import type { HubContext } from '../../graphql/context';
import type { NodeFetchers } from '../../graphql/node.resolver';
import { canRead } from './waiver.access';
import { WaiverRequest } from './waiver.entity';
import { WaiverComment } from './waiver-comment.entity';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';
import { WaiverSuggestion } from './waiver-suggestion.entity';

type PartOfRequest = { id: string; waiverRequest: { id: string } };

function readable<T extends PartOfRequest>(entity: { name: string } & (new () => T)) {
  return async (ctx: HubContext, id: string): Promise<T | null> => {
    const found = await ctx.loaders.byId<T>(entity).load(id);
    return found && (await canRead(ctx, found.waiverRequest.id)) ? found : null;
  };
}

export const waiverNodes: NodeFetchers = {
  WaiverRequest: async (ctx, id) => ((await canRead(ctx, id)) ? ctx.loaders.byId(WaiverRequest).load(id) : null),
  WaiverSection: readable(WaiverSection),
  WaiverRevision: readable(WaiverRevision),
  WaiverComment: readable(WaiverComment),
  WaiverSuggestion: readable(WaiverSuggestion),
};
