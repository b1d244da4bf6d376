/** GraphQL for learning modules: discovery, publishing, versions, pathways, publication events. */
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Connection, selectsTotalCount, type ConnectionResult } from '../../graphql/connection';
import { declareReads } from '../../graphql/selection-reads';
import type { HubContext } from '../../graphql/context';
import { parseGlobalId } from '../../domain/global-id';
import { ListBound } from '../../graphql/limits';
import { Organization } from '../organizations/organization.entity';
import { LearningModuleVersion } from './learning-module-version.entity';
import { LearningModule } from './learning-module.entity';
import * as catalog from './learning-catalog.service';
import * as modules from './learning-module.service';
import type { ModulePublishedPayload } from './learning.events';
import { CreateLearningModuleInput, LearningModuleFilter, LearningModuleRefInput, LearningModulesArgs, UpdateLearningModuleInput } from './learning.inputs';
import { draftVersionOf, pathwayOf, prerequisitesOf, publisherOf, versionsOf, visibleModules } from './learning.loaders';
import { followPublications } from './learning.subscriptions';

export const LearningModuleConnection = Connection(LearningModule, 'LearningModule');

// What these field resolvers read of the module, so lists read only the columns a selection needs (selection-reads.ts).
declareReads(LearningModule, { publisher: ['publisher'], prerequisites: [] });

@Resolver(() => LearningModule)
export class LearningModuleResolver {
  @Query(() => LearningModuleConnection, {
    description: 'Published modules: by relevance when searching (title over summary over body), newest first otherwise',
  })
  learningModules(@Args() args: LearningModulesArgs, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<ConnectionResult<LearningModule>> {
    return catalog.listModules(ctx, { ...args, withCount: selectsTotalCount(info) });
  }

  @Query(() => LearningModule, { nullable: true, description: 'A module by id (archived ones too); null when absent or a draft you may not see' })
  async learningModule(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<LearningModule | null> {
    const parsed = parseGlobalId(id);
    if (parsed?.type !== 'LearningModule') return null;
    return (await visibleModules(ctx, [parsed.id]))[0] ?? null;
  }

  @FieldResolver(() => Organization)
  publisher(@Root() module: LearningModule, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Organization | Promise<Organization> {
    return publisherOf(ctx, module, info);
  }

  @ListBound(20) // prerequisiteIds: @ArrayMaxSize(20)
  @FieldResolver(() => [LearningModule], { description: "The shown version's prerequisites, in order" })
  prerequisites(@Root() module: LearningModule, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<LearningModule[]> {
    return prerequisitesOf(ctx, module, info);
  }

  @ListBound(50) // every prerequisite, direct or not: nothing caps them (the response bounds do)
  @FieldResolver(() => [LearningModule], { description: 'Every prerequisite, direct or not, each listed after its own prerequisites' })
  pathway(@Root() module: LearningModule, @Ctx() ctx: HubContext): Promise<LearningModule[]> {
    return pathwayOf(ctx, module);
  }

  @ListBound(20) // one per publication: nothing caps them (the response bounds do)
  @FieldResolver(() => [LearningModuleVersion], { description: 'The history, newest first (draft versions: members of the publisher only)' })
  versions(@Root() module: LearningModule, @Ctx() ctx: HubContext): Promise<LearningModuleVersion[]> {
    return versionsOf(ctx, module);
  }

  @FieldResolver(() => LearningModuleVersion, { nullable: true, description: 'The version being edited, not yet published (members of the publisher only)' })
  draft(@Root() module: LearningModule, @Ctx() ctx: HubContext): Promise<LearningModuleVersion | null> {
    return draftVersionOf(ctx, module);
  }

  @FieldResolver(() => Date)
  createdAt(@Root() module: LearningModule): Date {
    return module.createdAt;
  }

  @FieldResolver(() => Date)
  updatedAt(@Root() module: LearningModule): Date {
    return module.updatedAt;
  }

  @Mutation(() => LearningModule, { description: 'Owners and editors of a college, regional organization or the state agency start a module (a draft)' })
  createLearningModule(@Arg('input') input: CreateLearningModuleInput, @Ctx() ctx: HubContext): Promise<LearningModule> {
    return modules.createLearningModule(ctx, input);
  }

  @Mutation(() => LearningModule, { description: 'Edits a draft in place; edits to a published module go to its next draft version' })
  updateLearningModule(@Arg('input') input: UpdateLearningModuleInput, @Ctx() ctx: HubContext): Promise<LearningModule> {
    return modules.updateLearningModule(ctx, input);
  }

  @Mutation(() => LearningModule, { description: 'Publishes the draft version (or restores an archived module)' })
  publishLearningModule(@Arg('input') input: LearningModuleRefInput, @Ctx() ctx: HubContext): Promise<LearningModule> {
    return modules.publishLearningModule(ctx, input);
  }

  @Mutation(() => ID, {
    description: "Deletes a module that was never published, with its draft; answers the deleted module's id (published modules are archived instead)",
  })
  deleteLearningModuleDraft(@Arg('input') input: LearningModuleRefInput, @Ctx() ctx: HubContext): Promise<string> {
    return modules.deleteLearningModuleDraft(ctx, input);
  }

  @Mutation(() => LearningModule, { description: 'Hides a published module from discovery; it stays resolvable by id' })
  archiveLearningModule(@Arg('input') input: LearningModuleRefInput, @Ctx() ctx: HubContext): Promise<LearningModule> {
    return modules.archiveLearningModule(ctx, input);
  }

  @Subscription(() => LearningModule, {
    description: 'Each newly published module version that matches the filter',
    subscribe: ({ args, context }) => followPublications(context as HubContext, args.filter as LearningModuleFilter | null | undefined),
  })
  async learningModulePublished(
    @Root() payload: ModulePublishedPayload,
    @Arg('filter', () => LearningModuleFilter, { nullable: true }) _filter: LearningModuleFilter | null,
    @Ctx() ctx: HubContext,
  ): Promise<LearningModule> {
    return (await ctx.loaders.byId(LearningModule).load(payload.moduleId))!;
  }
}

@Resolver(() => LearningModuleVersion)
export class LearningModuleVersionResolver {
  @FieldResolver(() => LearningModule)
  module(@Root() version: LearningModuleVersion, @Ctx() ctx: HubContext): Promise<LearningModule> {
    return ctx.loaders.referenced(LearningModule, version.module.id);
  }

  @ListBound(20) // prerequisiteIds: @ArrayMaxSize(20)
  @FieldResolver(() => [LearningModule], { description: 'The prerequisites this version names' })
  prerequisites(@Root() version: LearningModuleVersion, @Ctx() ctx: HubContext): Promise<LearningModule[]> {
    return visibleModules(ctx, version.prerequisiteIds);
  }

  @FieldResolver(() => Date)
  createdAt(@Root() version: LearningModuleVersion): Date {
    return version.createdAt;
  }

  @FieldResolver(() => Date)
  updatedAt(@Root() version: LearningModuleVersion): Date {
    return version.updatedAt;
  }
}
