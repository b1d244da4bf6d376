/** GraphQL for memberships: who belongs where, and owners' member management. */
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { declareReads, declareReference } from '../../graphql/selection-reads';
import { User } from '../users/user.entity';
import { knownColleague } from '../users/user.visibility';
import { Membership } from './membership.entity';
import * as memberships from './membership.service';
import { Organization } from './organization.entity';
import { AddMemberInput, RemoveMemberInput, SetMemberRoleInput } from './organization.inputs';

// What these field resolvers read of the membership, so lists read only the columns a selection needs (selection-reads.ts).
declareReference(Membership, 'organization', { property: 'organization', target: Organization });
declareReference(Membership, 'user', { property: 'user', target: User });
declareReads(Membership, { user: ['organization', 'user'] });

@Resolver(() => Membership)
export class MembershipResolver {
  @FieldResolver(() => Organization)
  organization(@Root() membership: Membership, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Organization | Promise<Organization> {
    return ctx.loaders.reference(Organization, membership.organization.id, info);
  }

  @FieldResolver(() => User)
  user(@Root() membership: Membership, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): User | Promise<User> {
    if (ctx.viewer.roleIn(membership.organization.id)) knownColleague(ctx, membership.user.id);
    return ctx.loaders.reference(User, membership.user.id, info);
  }

  @Mutation(() => Membership, { description: 'Owners add a person (invited by email when new)' })
  addMember(@Arg('input') input: AddMemberInput, @Ctx() ctx: HubContext): Promise<Membership> {
    return memberships.addMember(ctx, input);
  }

  @Mutation(() => Membership, { description: "Owners change a member's role; nobody raises their own" })
  setMemberRole(@Arg('input') input: SetMemberRoleInput, @Ctx() ctx: HubContext): Promise<Membership> {
    return memberships.setMemberRole(ctx, input);
  }

  @Mutation(() => Organization, { description: 'Owners remove a member, or a member leaves; the last owner stays' })
  removeMember(@Arg('input') input: RemoveMemberInput, @Ctx() ctx: HubContext): Promise<Organization> {
    return memberships.removeMember(ctx, input);
  }
}
