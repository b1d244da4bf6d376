/** This feature's fields on Organization: its opportunities, partnerships and skill interests. */
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import type { ConnectionResult } from '../../graphql/connection';
import { Organization } from '../organizations/organization.entity';
import { organizationOpportunities } from './discovery.service';
import type { Opportunity } from './opportunity.entity';
import { OrganizationOpportunitiesArgs } from './opportunity.inputs';
import { skillInterestsOf } from './opportunity.service';
import { OpportunityConnection, PartnershipConnection } from './partnership.connections';
import type { Partnership } from './partnership.entity';
import { PartnershipsArgs } from './partnership.inputs';
import { organizationPartnerships } from './partnership.loaders';

@Resolver(() => Organization)
export class OrganizationPartnershipFieldsResolver {
  @FieldResolver(() => OpportunityConnection, { description: "A business's opportunities, newest first (DRAFT ones for its members only)" })
  opportunities(
    @Root() organization: Organization,
    @Args() args: OrganizationOpportunitiesArgs,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionResult<Opportunity>> {
    return organizationOpportunities(ctx, organization.id, args, info);
  }

  @FieldResolver(() => PartnershipConnection, { description: 'Its partnerships (as business or district) that you may see, newest first' })
  partnerships(
    @Root() organization: Organization,
    @Args() args: PartnershipsArgs,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionResult<Partnership>> {
    return organizationPartnerships(ctx, organization, args, info);
  }

  @FieldResolver(() => [String], { description: "A district's skill interests, which rank its recommended opportunities" })
  skillInterests(@Root() organization: Organization, @Ctx() ctx: HubContext): Promise<string[]> {
    return skillInterestsOf(ctx, organization.id);
  }
}
