/**
 * The professional-learning feature's tables, for the ORM (`src/entities.ts`)
 * and `learning.module.ts`. `LearningContent` is their abstract base: the ORM
 * finds it through them.
 */
import { LearningModule } from './learning-module.entity';
import { LearningModuleVersion } from './learning-module-version.entity';
import { LearningModulePrerequisite } from './learning-prerequisite.entity';
import { LearningPlan, LearningPlanItem } from './learning-plan.entity';

export const learningEntities = [LearningModule, LearningModuleVersion, LearningModulePrerequisite, LearningPlan, LearningPlanItem];
