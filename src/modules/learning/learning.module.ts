/** Professional learning: modules, their published versions and prerequisites, and learning plans. */
import type { FeatureModule } from '../../graphql/feature-module';
import { learningEntities } from './learning.entities';
import { learningNodes } from './learning.nodes';
import { LearningModuleResolver, LearningModuleVersionResolver } from './learning-module.resolver';
import { LearningOrganizationResolver } from './learning-organization.resolver';
import { LearningPlanItemResolver, LearningPlanResolver } from './learning-plan.resolver';

export const learningModule: FeatureModule = {
  name: 'learning',
  entities: learningEntities,
  resolvers: [LearningModuleResolver, LearningModuleVersionResolver, LearningOrganizationResolver, LearningPlanResolver, LearningPlanItemResolver],
  nodeTypes: learningNodes,
  policyRules: ['learningModule.create', 'learningModule.edit', 'learningModule.deleteDraft', 'learningModule.readDraft', 'learningPlan.use'],
};
