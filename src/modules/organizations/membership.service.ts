/**
 * Who belongs to an organization. Owners manage members; the last owner can
 * never be removed or demoted. Every change runs in a write transaction that
 * locks the organization first and then decides on the viewer's grants as
 * they are under that lock: of two owners changing or removing each other at
 * the same instant, the second sees the first's change.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { MemberRole } from '../../domain/enums';
import type { HubContext } from '../../graphql/context';
import { BY_ID, nestedPage, type ConnectionResult, type PageArgs, type SortKey } from '../../graphql/connection';
import { ConflictError, NotFoundError } from '../../errors';
import { expectGlobalId } from '../../domain/global-id';
import { writeTransaction } from '../../graphql/write-transaction';
import { findOrInviteUser } from '../users/user.service';
import { Membership } from './membership.entity';
import { Organization } from './organization.entity';
import type { AddMemberInput, RemoveMemberInput, SetMemberRoleInput } from './organization.inputs';

const MEMBERS_ORDER: SortKey[] = [{ field: 'createdAt', column: 'created_at', direction: 'asc', type: 'timestamp' }, BY_ID];

/** An organization's members, oldest first, batched across organizations. */
export function listMembers(ctx: HubContext, organizationId: string, args: PageArgs, info?: GraphQLResolveInfo): Promise<ConnectionResult<Membership>> {
  authorize(ctx.viewer, 'organization.readMembers', { organizationId });
  return nestedPage(
    ctx,
    { name: 'members', entity: Membership, table: 'memberships', parentColumn: 'organization_id', order: MEMBERS_ORDER },
    organizationId,
    args,
    info,
  );
}

/** A user's memberships, batched across users. */
export function membershipsOf(ctx: HubContext, userId: string): Promise<Membership[]> {
  return ctx.loaders.childrenOf(Membership, 'user_id', 't.created_at asc, t.id asc').load(userId);
}

/** Runs a membership change of one organization under its lock (taken by the write transaction), with the organization loaded. */
function changeMembers<T>(
  ctx: HubContext,
  globalId: string,
  change: (em: EntityManager, viewer: Viewer, organization: Organization) => Promise<T>,
): Promise<T> {
  const id = expectGlobalId(globalId, 'Organization', 'input.organizationId');
  return writeTransaction(ctx, async (em, viewer) => change(em, viewer, await em.findOneOrFail(Organization, { id })), { lockOrganization: id });
}

async function findMembership(em: EntityManager, organization: Organization, userGlobalId: string): Promise<Membership> {
  const userId = expectGlobalId(userGlobalId, 'User', 'input.userId');
  const membership = await em.findOne(Membership, { organization, user: userId }, { populate: ['user'] });
  if (!membership) throw new NotFoundError('Membership');
  return membership;
}

async function assertAnotherOwner(em: EntityManager, membership: Membership, action: string): Promise<void> {
  if (membership.role !== MemberRole.OWNER) return;
  const owners = await em.count(Membership, { organization: membership.organization, role: MemberRole.OWNER });
  if (owners <= 1) throw new ConflictError(`The last OWNER cannot be ${action}: make someone else an OWNER first`);
}

/** Owners add a person (invited by email when new) with a role. */
export async function addMember(ctx: HubContext, input: AddMemberInput): Promise<Membership> {
  return changeMembers(ctx, input.organizationId, async (em, viewer, organization) => {
    const user = await findOrInviteUser(em, input.email, input.displayName);
    authorize(viewer, 'member.add', { organizationId: organization.id, userId: user.id, role: input.role });
    if (await em.count(Membership, { organization, user })) {
      throw new ConflictError(`${user.email} is already a member: change their role with setMemberRole`);
    }
    return em.create(Membership, { organization, user, role: input.role });
  });
}

/** Owners change a member's role; nobody raises their own; the last owner stays. */
export async function setMemberRole(ctx: HubContext, input: SetMemberRoleInput): Promise<Membership> {
  return changeMembers(ctx, input.organizationId, async (em, viewer, organization) => {
    const membership = await findMembership(em, organization, input.userId);
    authorize(viewer, 'member.setRole', { organizationId: organization.id, userId: membership.user.id, role: input.role });
    if (input.role !== MemberRole.OWNER) await assertAnotherOwner(em, membership, 'demoted');
    membership.role = input.role;
    return membership;
  });
}

/** Owners remove a member, or a member leaves; the last owner stays. */
export async function removeMember(ctx: HubContext, input: RemoveMemberInput): Promise<Organization> {
  return changeMembers(ctx, input.organizationId, async (em, viewer, organization) => {
    const membership = await findMembership(em, organization, input.userId);
    authorize(viewer, 'member.remove', { organizationId: organization.id, userId: membership.user.id });
    await assertAnotherOwner(em, membership, 'removed');
    em.remove(membership);
    return organization;
  });
}
