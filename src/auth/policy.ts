/**
 * The one authorization policy: who may do what. Every mutation and every
 * protected read asks `authorize(viewer, action, target)`; the rules are pure
 * functions of the viewer's grants and a small description of the target, so
 * they are tested as a matrix of role x action.
 */
import { MemberRole, OrganizationKind, ROLE_RANK } from '../domain/enums';
import { ForbiddenError, UnauthenticatedError } from '../graphql/errors';
import type { Viewer } from './viewer';

const { OWNER, EDITOR } = MemberRole;

export interface OrganizationTarget {
  organizationId: string;
}

export interface MemberTarget extends OrganizationTarget {
  /** The member being changed. */
  userId: string;
  /** The role asked for, when changing or adding. */
  role?: MemberRole;
}

type Rule<T> = (viewer: Viewer, target: T) => boolean;

function rule<T = void>(describe: string, allows: Rule<T>) {
  return { describe, allows };
}

const raisesOwnRole = (viewer: Viewer, target: MemberTarget): boolean => {
  if (target.userId !== viewer.userId || !target.role) return false;
  const own = viewer.roleIn(target.organizationId);
  return own === undefined || ROLE_RANK[target.role] > ROLE_RANK[own];
};

/** Every action the hub authorizes, with who may do it. */
export const rules = {
  'organization.create': rule('Only owners in the state agency may create organizations', (viewer) =>
    viewer.hasRoleInKind(OrganizationKind.STATE_AGENCY, OWNER),
  ),
  'organization.update': rule<OrganizationTarget>('Only owners of this organization may change it', (viewer, target) =>
    viewer.hasRole(target.organizationId, OWNER),
  ),
  'organization.setZones': rule<OrganizationTarget>('Only state-agency staff may change Innovation Zone membership', (viewer) =>
    viewer.hasRoleInKind(OrganizationKind.STATE_AGENCY, EDITOR),
  ),
  'organization.readMembers': rule<OrganizationTarget>('Sign in to see who belongs to organizations', (viewer) => viewer.signedIn),
  'member.add': rule<MemberTarget>('Only owners of this organization may add members', (viewer, target) =>
    viewer.hasRole(target.organizationId, OWNER) && !raisesOwnRole(viewer, target),
  ),
  'member.setRole': rule<MemberTarget>(
    'Only owners of this organization may change roles, and nobody may raise their own',
    (viewer, target) => viewer.hasRole(target.organizationId, OWNER) && !raisesOwnRole(viewer, target),
  ),
  'member.remove': rule<MemberTarget>('Only owners may remove other members', (viewer, target) =>
    viewer.hasRole(target.organizationId, OWNER) || (viewer.signedIn && target.userId === viewer.userId),
  ),
};

export type Rules = typeof rules;
export type Action = keyof Rules;
export type TargetOf<A extends Action> = Parameters<Rules[A]['allows']>[1];

/** Whether the viewer may do `action` to `target`. */
export function can<A extends Action>(viewer: Viewer, action: A, target: TargetOf<A>): boolean {
  const { allows } = rules[action] as { allows: (viewer: Viewer, target: TargetOf<A>) => boolean };
  return allows(viewer, target);
}

/** Throws UNAUTHENTICATED (anonymous) or FORBIDDEN unless the viewer may. */
export function authorize<A extends Action>(viewer: Viewer, action: A, target: TargetOf<A>): void {
  if (can(viewer, action, target)) return;
  if (!viewer.signedIn) throw new UnauthenticatedError(`Sign in first: ${rules[action].describe.toLowerCase()}`);
  throw new ForbiddenError(rules[action].describe);
}

/** The signed-in viewer's user id, or UNAUTHENTICATED. */
export function requireUserId(viewer: Viewer): string {
  if (!viewer.userId) throw new UnauthenticatedError();
  return viewer.userId;
}
