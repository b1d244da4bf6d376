/** GraphQL for opportunities: discovery, recommendations, and businesses' changes. */
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { PageArgs, type ConnectionResult } from '../../graphql/connection';
import { declareReads } from '../../graphql/selection-reads';
import { Organization } from '../organizations/organization.entity';
import { listOpportunities, recommendedOpportunities } from './discovery.service';
import { Opportunity } from './opportunity.entity';
import {
  CreateOpportunityInput,
  OpportunitiesArgs,
  OpportunityStatusInput,
  RecommendedOpportunitiesArgs,
  SetDistrictSkillInterestsInput,
  UpdateOpportunityInput,
} from './opportunity.inputs';
import * as opportunities from './opportunity.service';
import { OpportunityConnection, PartnershipConnection } from './partnership.connections';
import type { Partnership } from './partnership.entity';
import { opportunityPartnerships } from './partnership.loaders';

// What these fields read of the opportunity, so lists read only the columns a selection needs (selection-reads.ts).
declareReads(Opportunity, {
  seatsRemaining: ['capacity', 'seatsTaken'],
  business: ['business'],
  partnerships: [],
  createdAt: ['createdAt'],
  updatedAt: ['updatedAt'],
});

@Resolver(() => Opportunity)
export class OpportunityResolver {
  @Query(() => OpportunityConnection, { description: 'Discovery: OPEN opportunities matching the filter, newest first' })
  opportunities(@Args() args: OpportunitiesArgs, @Ctx() ctx: HubContext): Promise<ConnectionResult<Opportunity>> {
    return listOpportunities(ctx, args);
  }

  @Query(() => OpportunityConnection, {
    description:
      'For a district: OPEN opportunities with seats left, not yet ended, serving its region (any region when it has none), ranked by how many of its skill interests they build, then newest',
  })
  recommendedOpportunities(@Args() args: RecommendedOpportunitiesArgs, @Ctx() ctx: HubContext): Promise<ConnectionResult<Opportunity>> {
    return recommendedOpportunities(ctx, args);
  }

  @FieldResolver(() => Organization)
  business(@Root() opportunity: Opportunity, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Organization | Promise<Organization> {
    return ctx.loaders.reference(Organization, opportunity.business.id, info);
  }

  @FieldResolver(() => PartnershipConnection, { description: 'Its partnerships that you may see (as a member of either side)' })
  partnerships(
    @Root() opportunity: Opportunity,
    @Args() args: PageArgs,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionResult<Partnership>> {
    return opportunityPartnerships(ctx, opportunity.id, args, info);
  }

  @FieldResolver(() => Date)
  createdAt(@Root() opportunity: Opportunity): Date {
    return opportunity.createdAt;
  }

  @FieldResolver(() => Date)
  updatedAt(@Root() opportunity: Opportunity): Date {
    return opportunity.updatedAt;
  }

  @Mutation(() => Opportunity, { description: 'Business owners and editors offer an opportunity (as a DRAFT)' })
  createOpportunity(@Arg('input') input: CreateOpportunityInput, @Ctx() ctx: HubContext): Promise<Opportunity> {
    return opportunities.createOpportunity(ctx, input);
  }

  @Mutation(() => Opportunity, { description: 'Changes a DRAFT or OPEN opportunity' })
  updateOpportunity(@Arg('input') input: UpdateOpportunityInput, @Ctx() ctx: HubContext): Promise<Opportunity> {
    return opportunities.updateOpportunity(ctx, input);
  }

  @Mutation(() => Opportunity, { description: 'DRAFT -> OPEN: discoverable and requestable' })
  openOpportunity(@Arg('input') input: OpportunityStatusInput, @Ctx() ctx: HubContext): Promise<Opportunity> {
    return opportunities.openOpportunity(ctx, input);
  }

  @Mutation(() => Opportunity, { description: 'OPEN -> CLOSED: no new requests; running partnerships go on' })
  closeOpportunity(@Arg('input') input: OpportunityStatusInput, @Ctx() ctx: HubContext): Promise<Opportunity> {
    return opportunities.closeOpportunity(ctx, input);
  }

  @Mutation(() => Organization, { description: 'District owners and editors set the skills they want real-world learning for' })
  setDistrictSkillInterests(@Arg('input') input: SetDistrictSkillInterestsInput, @Ctx() ctx: HubContext): Promise<Organization> {
    return opportunities.setDistrictSkillInterests(ctx, input);
  }
}
