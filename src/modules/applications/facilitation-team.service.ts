/** The facilitation team: named people, granted and revoked by state-agency OWNERs. */
import { authorize, requireUserId } from '../../auth/policy';
import { expectGlobalId } from '../../domain/global-id';
import { NotFoundError } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { writeTransaction } from '../../graphql/write-transaction';
import { User } from '../users/user.entity';
import { findOrInviteUser } from '../users/user.service';
import { viewerIsFacilitator } from './application.access';
import { FacilitationTeamMember } from './application.entity';
import type { GrantFacilitationRoleInput, RevokeFacilitationRoleInput } from './application.inputs';

/** Names a person (invited when new) to the team; granting twice keeps one grant. */
export function grantFacilitationRole(ctx: HubContext, input: GrantFacilitationRoleInput): Promise<User> {
  return writeTransaction(ctx, async (em, viewer) => {
    authorize(viewer, 'facilitationTeam.manage', undefined);
    const grantedBy = requireUserId(viewer);
    const user = await findOrInviteUser(em, input.email);
    await em
      .createQueryBuilder(FacilitationTeamMember)
      .insert({ id: crypto.randomUUID(), user: user.id, grantedBy })
      .onConflict(['user_id'])
      .ignore()
      .execute('run');
    return user;
  });
}

/** Takes a person off the team; their reviews in flight finish first (they hold their row FOR SHARE). */
export function revokeFacilitationRole(ctx: HubContext, input: RevokeFacilitationRoleInput): Promise<User> {
  const userId = expectGlobalId(input.userId, 'User', 'input.userId');
  return writeTransaction(ctx, async (em, viewer) => {
    authorize(viewer, 'facilitationTeam.manage', undefined);
    const user = await em.findOne(User, { id: userId });
    if (!user) throw new NotFoundError('User');
    const removed = await em.nativeDelete(FacilitationTeamMember, { user });
    if (removed === 0) throw new NotFoundError('A facilitation team member with this id');
    return user;
  });
}

/** Who is on the team, by name: state-agency staff and the team itself. */
export async function facilitationTeam(ctx: HubContext): Promise<User[]> {
  authorize(ctx.viewer, 'facilitationTeam.read', { facilitator: await viewerIsFacilitator(ctx) });
  const members = await ctx.em.find(FacilitationTeamMember, {}, { populate: ['user'], orderBy: { createdAt: 'asc' }, limit: 100 });
  return members.map((member) => member.user);
}
