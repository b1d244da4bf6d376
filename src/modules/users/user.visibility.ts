/**
 * Who may read a person's email: the person themself, state-agency staff,
 * and people who share an organization or a waiver request with them (a
 * party to it, or someone who decided or commented on it: the state staff
 * who reviewed a district's request); the
 * rule is the policy's `user.readEmail`. The facts it needs come in one
 * statement per request for all the people a response names.
 */
import { can } from '../../auth/policy';
import { arrayParam, selectRows } from '../../db/select';
import type { HubContext } from '../../graphql/context';

interface SharedRow {
  id: string;
  shares_organization: boolean;
  shares_waiver_request: boolean;
}

/** For each person, whether the viewer shares an organization or a waiver request with them. */
const SHARED_SQL = `
  select u.id::text as id,
    exists (select 1 from memberships m where m.user_id = u.id and m.organization_id = any(?::uuid[])) as shares_organization,
    exists (
      select 1 from (
        select rc.waiver_request_id from waiver_collaborators rc where rc.user_id = u.id
        union all
        select rd.waiver_request_id from waiver_districts rd join memberships m on m.organization_id = rd.organization_id where m.user_id = u.id
        union all
        select r.id from waiver_requests r where r.decided_by_id = u.id
        union all
        select c.waiver_request_id from waiver_comments c where c.author_id = u.id
      ) theirs (request_id)
      where theirs.request_id in (
        select rc.waiver_request_id from waiver_collaborators rc where rc.user_id = ?
        union all
        select rd.waiver_request_id from waiver_districts rd where rd.organization_id = any(?::uuid[])
      )
    ) as shares_waiver_request
  from unnest(?::uuid[]) as u (id)`;

/** The viewer is read only when a statement runs: priming (below) must not read it (see delivery/execute-once.ts). */
function sharedWith(ctx: HubContext) {
  return ctx.loaders.get('emailVisibility', (em) =>
    ctx.loaders.batched<string, SharedRow | undefined>(async (ids) => {
      const { viewer } = ctx;
      const organizations = arrayParam(viewer.organizationIds());
      const rows = await selectRows<SharedRow>(em, SHARED_SQL, [organizations, viewer.userId ?? null, organizations, arrayParam(ids)]);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id));
    }),
  );
}

/**
 * Notes that the viewer shares an organization with this person (a member
 * reached through one of the viewer's own organizations), so reading their
 * email needs no statement.
 */
export function knownColleague(ctx: HubContext, userId: string): void {
  if (ctx.viewer.signedIn) sharedWith(ctx).prime(userId, { id: userId, shares_organization: true, shares_waiver_request: false });
}

/**
 * Notes that the viewer shares a waiver request with this person: the actor
 * of an event on a request the viewer is allowed to follow took part in it
 * (as collaborator, district member, commenter or decider), as the viewer
 * does, so reading the actor's email needs no statement per subscriber.
 * It reads nothing of the viewer: an event's result stays one execution
 * shared by every subscriber unless its selection reads the viewer (an
 * actor's email does, in mayReadEmail; an anonymous viewer is refused there
 * before the primed fact is looked at).
 */
export function knownParticipant(ctx: HubContext, userId: string | null): void {
  if (userId) sharedWith(ctx).prime(userId, { id: userId, shares_organization: false, shares_waiver_request: true });
}

/** Whether the viewer may read this person's email; no statement for the viewer themself, staff, known colleagues or anonymous viewers. */
export async function mayReadEmail(ctx: HubContext, userId: string): Promise<boolean> {
  const { viewer } = ctx;
  if (!viewer.signedIn) return false;
  if (can(viewer, 'user.readEmail', { userId, sharesOrganization: false, sharesWaiverRequest: false })) return true;
  const row = await sharedWith(ctx).load(userId);
  return can(viewer, 'user.readEmail', {
    userId,
    sharesOrganization: row?.shares_organization === true,
    sharesWaiverRequest: row?.shares_waiver_request === true,
  });
}
