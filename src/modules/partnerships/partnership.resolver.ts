/** GraphQL for partnerships: requests, their lifecycle, history, and live events. */
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { ListBound } from '../../graphql/limits';
import { declareReads, declareReference } from '../../graphql/selection-reads';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { Opportunity } from './opportunity.entity';
import { Partnership } from './partnership.entity';
import { PartnershipEvent, type PartnershipEventPayload } from './partnership.events';
import { PartnershipTransitionInput, RequestPartnershipInput, RespondToPartnershipInput } from './partnership.inputs';
import { historyOf } from './partnership.loaders';
import * as partnerships from './partnership.service';
import { followPartnershipEvents } from './partnership.subscriptions';
import { PartnershipTransition } from './partnership-transition.entity';

const byIdOrNull = <T extends { id: string }>(ctx: HubContext, entity: { new (): T; name: string }, id: string | undefined) =>
  id ? ctx.loaders.byId(entity).load(id) : Promise.resolve(null);

// What these field resolvers read of the partnership, so lists read only the columns a selection needs and the rows
// its references name with their own (selection-reads.ts).
declareReference(Partnership, 'opportunity', { property: 'opportunity', target: Opportunity });
declareReference(Partnership, 'district', { property: 'district', target: Organization });
declareReference(Partnership, 'business', { property: 'business', target: Organization });
declareReads(Partnership, {
  requestedBy: ['requestedBy'],
  history: [],
  requestedAt: ['createdAt'],
  updatedAt: ['updatedAt'],
});

@Resolver(() => Partnership)
export class PartnershipResolver {
  @FieldResolver(() => Opportunity)
  opportunity(@Root() partnership: Partnership, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Opportunity | Promise<Opportunity> {
    return ctx.loaders.reference(Opportunity, partnership.opportunity.id, info);
  }

  @FieldResolver(() => Organization)
  district(@Root() partnership: Partnership, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Organization | Promise<Organization> {
    return ctx.loaders.reference(Organization, partnership.district.id, info);
  }

  @FieldResolver(() => Organization)
  business(@Root() partnership: Partnership, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Organization | Promise<Organization> {
    return ctx.loaders.reference(Organization, partnership.business.id, info);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who asked, for the district' })
  requestedBy(@Root() partnership: Partnership, @Ctx() ctx: HubContext): Promise<User | null> {
    return byIdOrNull(ctx, User, partnership.requestedBy?.id);
  }

  @ListBound(4) // creation and at most three moves: the longest path through PARTNERSHIP_TRANSITIONS
  @FieldResolver(() => [PartnershipTransition], { description: 'Every transition, oldest first: who, from what to what, when and why' })
  history(@Root() partnership: Partnership, @Ctx() ctx: HubContext): Promise<PartnershipTransition[]> {
    return historyOf(ctx, partnership.id);
  }

  @FieldResolver(() => Date, { description: 'When the district asked' })
  requestedAt(@Root() partnership: Partnership): Date {
    return partnership.createdAt;
  }

  @FieldResolver(() => Date)
  updatedAt(@Root() partnership: Partnership): Date {
    return partnership.updatedAt;
  }

  @Mutation(() => Partnership, { description: 'District owners and editors ask for an OPEN opportunity for some students' })
  requestPartnership(@Arg('input') input: RequestPartnershipInput, @Ctx() ctx: HubContext): Promise<Partnership> {
    return partnerships.requestPartnership(ctx, input);
  }

  @Mutation(() => Partnership, { description: 'The business accepts (taking seats) or declines a REQUESTED partnership' })
  respondToPartnership(@Arg('input') input: RespondToPartnershipInput, @Ctx() ctx: HubContext): Promise<Partnership> {
    return partnerships.respondToPartnership(ctx, input);
  }

  @Mutation(() => Partnership, { description: 'ACCEPTED -> ACTIVE' })
  startPartnership(@Arg('input') input: PartnershipTransitionInput, @Ctx() ctx: HubContext): Promise<Partnership> {
    return partnerships.startPartnership(ctx, input);
  }

  @Mutation(() => Partnership, { description: 'ACTIVE -> COMPLETED' })
  completePartnership(@Arg('input') input: PartnershipTransitionInput, @Ctx() ctx: HubContext): Promise<Partnership> {
    return partnerships.completePartnership(ctx, input);
  }

  @Mutation(() => Partnership, { description: 'Either side calls it off before completion, freeing its seats' })
  cancelPartnership(@Arg('input') input: PartnershipTransitionInput, @Ctx() ctx: HubContext): Promise<Partnership> {
    return partnerships.cancelPartnership(ctx, input);
  }

  @Subscription(() => PartnershipEvent, {
    description: "Every transition of an organization's partnerships as it commits; members of that organization only",
    subscribe: ({ args, context }) => followPartnershipEvents(context as HubContext, args.organizationId as string),
  })
  partnershipEvents(@Root() payload: PartnershipEventPayload, @Arg('organizationId', () => ID) _organizationId: string): PartnershipEvent {
    return PartnershipEvent.from(payload);
  }
}

@Resolver(() => PartnershipTransition)
export class PartnershipTransitionResolver {
  @FieldResolver(() => User, { nullable: true })
  actor(@Root() step: PartnershipTransition, @Ctx() ctx: HubContext): Promise<User | null> {
    return byIdOrNull(ctx, User, step.actor?.id);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The side the actor acted for' })
  actingFor(@Root() step: PartnershipTransition, @Ctx() ctx: HubContext): Promise<Organization | null> {
    return byIdOrNull(ctx, Organization, step.actingFor?.id);
  }
}

@Resolver(() => PartnershipEvent)
export class PartnershipEventResolver {
  @FieldResolver(() => Partnership)
  partnership(@Root() event: PartnershipEvent, @Ctx() ctx: HubContext): Promise<Partnership> {
    return ctx.loaders.referenced(Partnership, event.partnershipId);
  }

  @FieldResolver(() => User, { nullable: true })
  actor(@Root() event: PartnershipEvent, @Ctx() ctx: HubContext): Promise<User | null> {
    return byIdOrNull(ctx, User, event.actorId ?? undefined);
  }
}
