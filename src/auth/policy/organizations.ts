/** The policy's rules for organizations, their members and people's contact details. */
import { MemberRole, OrganizationKind, ROLE_RANK } from '../../domain/enums';
import type { Viewer } from '../viewer';
import { rule } from './rule';

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

/** A person whose contact details are asked for, with what the viewer shares with them. */
export interface UserContactTarget {
  userId: string;
  sharesOrganization: boolean;
  sharesWaiverRequest: boolean;
}

const raisesOwnRole = (viewer: Viewer, target: MemberTarget): boolean => {
  if (target.userId !== viewer.userId || !target.role) return false;
  const own = viewer.roleIn(target.organizationId);
  return own === undefined || ROLE_RANK[target.role] > ROLE_RANK[own];
};

export const organizationRules = {
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
  'user.readEmail': rule<UserContactTarget>(
    'Only the person, people who share an organization or a waiver request with them, and state-agency staff may read their email',
    (viewer, target) =>
      viewer.signedIn &&
      (viewer.userId === target.userId ||
        viewer.hasRoleInKind(OrganizationKind.STATE_AGENCY, MemberRole.VIEWER) ||
        target.sharesOrganization ||
        target.sharesWaiverRequest),
  ),
  'member.add': rule<MemberTarget>(
    'Only owners of this organization may add members',
    (viewer, target) => viewer.hasRole(target.organizationId, OWNER) && !raisesOwnRole(viewer, target),
  ),
  'member.setRole': rule<MemberTarget>(
    'Only owners of this organization may change roles, and nobody may raise their own',
    (viewer, target) => viewer.hasRole(target.organizationId, OWNER) && !raisesOwnRole(viewer, target),
  ),
  'member.remove': rule<MemberTarget>(
    'Only owners may remove other members',
    (viewer, target) => viewer.hasRole(target.organizationId, OWNER) || (viewer.signedIn && target.userId === viewer.userId),
  ),
};
