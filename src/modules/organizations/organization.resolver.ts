/** GraphQL for organizations: the directory, one organization, and owners' changes. */
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Zone } from '../../domain/enums';
import { REGIONS } from '../../domain/regions';
import { Connection, PageArgs, selectsTotalCount, type ConnectionResult } from '../../graphql/connection';
import type { HubContext } from '../../graphql/context';
import { ListBound } from '../../graphql/limits';
import { Membership } from './membership.entity';
import { listMembers } from './membership.service';
import { Organization } from './organization.entity';
import { CreateOrganizationInput, OrganizationsArgs, SetOrganizationZonesInput, UpdateOrganizationInput } from './organization.inputs';
import * as organizations from './organization.service';
import { ZoneMembership } from './zone-membership.entity';

export const OrganizationConnection = Connection(Organization, 'Organization');
export const MembershipConnection = Connection(Membership, 'Membership');

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => OrganizationConnection, { description: 'The network directory, by name' })
  organizations(@Args() args: OrganizationsArgs, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<ConnectionResult<Organization>> {
    return organizations.listOrganizations(ctx, { ...args, withCount: selectsTotalCount(info) });
  }

  @Query(() => Organization, { nullable: true })
  organization(@Arg('slug') slug: string, @Ctx() ctx: HubContext): Promise<Organization | null> {
    return ctx.em.findOne(Organization, { slug });
  }

  @Query(() => [String], { description: "DESE's eight supervisory regions" })
  regions(): string[] {
    return [...REGIONS];
  }

  @FieldResolver(() => [Zone], { description: 'Zones this organization belongs to in the current school year' })
  zones(@Root() organization: Organization, @Ctx() ctx: HubContext): Promise<Zone[]> {
    return organizations.currentZones(ctx, organization.id);
  }

  @ListBound(20) // three zones per school year since 2022-2023
  @FieldResolver(() => [ZoneMembership], { description: 'Every zone membership, by school year (cohorts)' })
  zoneMemberships(@Root() organization: Organization, @Ctx() ctx: HubContext): Promise<ZoneMembership[]> {
    return organizations.zoneMemberships(ctx, organization.id);
  }

  @FieldResolver(() => MembershipConnection, { description: 'People in this organization (signed-in viewers)' })
  members(
    @Root() organization: Organization,
    @Args() args: PageArgs,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionResult<Membership>> {
    return listMembers(ctx, organization.id, args, info);
  }

  @Mutation(() => Organization, { description: 'State-agency owners add an organization to the network' })
  createOrganization(@Arg('input') input: CreateOrganizationInput, @Ctx() ctx: HubContext): Promise<Organization> {
    return organizations.createOrganization(ctx, input);
  }

  @Mutation(() => Organization)
  updateOrganization(@Arg('input') input: UpdateOrganizationInput, @Ctx() ctx: HubContext): Promise<Organization> {
    return organizations.updateOrganization(ctx, input);
  }

  @Mutation(() => Organization, { description: "State-agency staff set an organization's zones for a school year" })
  setOrganizationZones(@Arg('input') input: SetOrganizationZonesInput, @Ctx() ctx: HubContext): Promise<Organization> {
    return organizations.setOrganizationZones(ctx, input);
  }
}
