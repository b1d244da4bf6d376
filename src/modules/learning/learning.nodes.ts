/** How `node(id:)` fetches professional-learning objects, through their visibility rules. */
import type { NodeFetchers } from '../../graphql/node.resolver';
import { LearningModuleVersion } from './learning-module-version.entity';
import { moduleOfVersion, visibleModules } from './learning.loaders';
import { canSeeVersion } from './learning.visibility';

export const learningNodes: NodeFetchers = {
  LearningModule: async (ctx, id) => (await visibleModules(ctx, [id]))[0] ?? null,
  LearningModuleVersion: async (ctx, id) => {
    const version = await ctx.loaders.byId(LearningModuleVersion).load(id);
    const module = version && (await moduleOfVersion(ctx, version));
    return version && module && canSeeVersion(ctx.viewer, version, module.publisher.id) ? version : null;
  },
};
