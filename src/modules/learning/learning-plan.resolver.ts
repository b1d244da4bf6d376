/** GraphQL for the educator's personal learning plan. */
import { ArgsType, Arg, Args, Ctx, Field, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs, type ConnectionResult } from '../../graphql/connection';
import type { HubContext } from '../../graphql/context';
import { ListBound } from '../../graphql/limits';
import { Document, MAX_DOCUMENTS_PER_TARGET } from '../documents';
import { planItemDocuments } from './learning.documents';
import { LearningModule } from './learning-module.entity';
import { LearningModuleConnection } from './learning-module.resolver';
import { LearningPlan, LearningPlanItem } from './learning-plan.entity';
import * as plans from './learning-plan.service';
import { CompleteLearningModuleInput, LearningModuleRefInput, SetLearningPlanAudienceInput } from './learning.inputs';

export const LearningPlanItemConnection = Connection(LearningPlanItem, 'LearningPlanItem');

@ArgsType()
class PlanItemsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only completed (true) or only open (false) items' })
  completed?: boolean | null;
}

@Resolver(() => LearningPlan)
export class LearningPlanResolver {
  @Query(() => LearningPlan, { nullable: true, description: "The signed-in educator's learning plan; null without a token" })
  learningPlan(@Ctx() ctx: HubContext): Promise<LearningPlan | null> {
    return plans.viewerPlan(ctx);
  }

  @Query(() => LearningModuleConnection, { description: 'Published modules for your audience whose prerequisites you have completed, not yet in your plan' })
  recommendedLearningModules(@Args() args: PageArgs, @Ctx() ctx: HubContext): Promise<ConnectionResult<LearningModule>> {
    return plans.recommendedModules(ctx, args);
  }

  @FieldResolver(() => LearningPlanItemConnection, { description: 'Modules in the plan, in the order they were added' })
  items(@Root() _plan: LearningPlan, @Args() args: PlanItemsArgs, @Ctx() ctx: HubContext): Promise<ConnectionResult<LearningPlanItem>> {
    return plans.planItems(ctx, args);
  }

  @FieldResolver(() => LearningModuleConnection, {
    description: 'Published modules for this audience whose prerequisites are completed, not yet in the plan, newest first',
  })
  recommended(@Root() _plan: LearningPlan, @Args() args: PageArgs, @Ctx() ctx: HubContext): Promise<ConnectionResult<LearningModule>> {
    return plans.recommendedModules(ctx, args);
  }

  @Mutation(() => LearningPlan, { description: 'Sets where you stand on the educator continuum; recommendations follow it' })
  setLearningPlanAudience(@Arg('input') input: SetLearningPlanAudienceInput, @Ctx() ctx: HubContext): Promise<LearningPlan> {
    return plans.setLearningPlanAudience(ctx, input);
  }

  @Mutation(() => LearningPlanItem, { description: 'Adds a published module to your plan (adding it again changes nothing)' })
  addToLearningPlan(@Arg('input') input: LearningModuleRefInput, @Ctx() ctx: HubContext): Promise<LearningPlanItem> {
    return plans.addToLearningPlan(ctx, input);
  }

  @Mutation(() => LearningPlan, { description: 'Takes a module out of your plan' })
  removeFromLearningPlan(@Arg('input') input: LearningModuleRefInput, @Ctx() ctx: HubContext): Promise<LearningPlan> {
    return plans.removeFromLearningPlan(ctx, input);
  }

  @Mutation(() => LearningPlanItem, {
    description: 'Marks a module complete, with an optional evidence link and evidence documents (adds it to your plan if needed)',
  })
  completeLearningModule(@Arg('input') input: CompleteLearningModuleInput, @Ctx() ctx: HubContext): Promise<LearningPlanItem> {
    return plans.completeLearningModule(ctx, input);
  }
}

@Resolver(() => LearningPlanItem)
export class LearningPlanItemResolver {
  @FieldResolver(() => LearningModule)
  module(@Root() item: LearningPlanItem, @Ctx() ctx: HubContext): Promise<LearningModule> {
    return ctx.loaders.referenced(LearningModule, item.module.id);
  }

  @FieldResolver(() => Boolean)
  completed(@Root() item: LearningPlanItem): boolean {
    return item.completedAt !== null;
  }

  @FieldResolver(() => Date, { description: 'When the module joined the plan' })
  addedAt(@Root() item: LearningPlanItem): Date {
    return item.createdAt;
  }

  @ListBound(MAX_DOCUMENTS_PER_TARGET)
  @FieldResolver(() => [Document], { description: 'Evidence documents attached at completion, in the order they were attached' })
  documents(@Root() item: LearningPlanItem, @Ctx() ctx: HubContext): Promise<Document[]> {
    return planItemDocuments(ctx, item);
  }
}
