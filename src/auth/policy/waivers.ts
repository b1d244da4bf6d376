/** The policy's rules for waiver requests (co-drafting, sign-off, the state's decision). */
import { MemberRole, OrganizationKind } from '../../domain/enums';
import type { Viewer } from '../viewer';
import type { OrganizationTarget } from './organizations';
import { rule } from './rule';

const { OWNER, EDITOR } = MemberRole;

/** A waiver request as the policy sees it. */
export interface WaiverTarget {
  /** The co-signing districts, the lead district included. */
  districtIds: readonly string[];
  /** The viewer's collaborator role on the request, if any. */
  collaboratorRole: 'LEAD' | 'AUTHOR' | 'REVIEWER' | null;
  /** Whether it has ever been submitted to the state agency. */
  submitted: boolean;
}

/** A waiver request and one of its districts (sign-offs). */
export interface WaiverDistrictTarget extends WaiverTarget {
  organizationId: string;
}

const inWaiverDistrict = (viewer: Viewer, target: WaiverTarget): boolean => target.districtIds.some((id) => viewer.roleIn(id) !== undefined);

export const waiverRules = {
  'waiver.create': rule<OrganizationTarget>('Only owners and editors of a district may start a waiver request for it', (viewer, target) =>
    viewer.hasRole(target.organizationId, EDITOR),
  ),
  'waiver.read': rule<WaiverTarget>(
    "Only the request's collaborators, members of its districts, and state-agency staff once it is submitted may read a waiver request",
    (viewer, target) =>
      target.collaboratorRole !== null ||
      inWaiverDistrict(viewer, target) ||
      (target.submitted && viewer.hasRoleInKind(OrganizationKind.STATE_AGENCY, MemberRole.VIEWER)),
  ),
  'waiver.edit': rule<WaiverTarget>(
    'Only the lead and authors may change the text of a waiver request',
    (viewer, target) => viewer.signedIn && (target.collaboratorRole === 'LEAD' || target.collaboratorRole === 'AUTHOR'),
  ),
  'waiver.suggest': rule<WaiverTarget>(
    'Only collaborators (the lead, authors and reviewers) may suggest changes to the text of a waiver request',
    (viewer, target) => viewer.signedIn && target.collaboratorRole !== null,
  ),
  'waiver.comment': rule<WaiverTarget>(
    'Only collaborators, members of its districts, and state-agency reviewers once it is submitted may comment on a waiver request',
    (viewer, target) =>
      viewer.signedIn &&
      (target.collaboratorRole !== null ||
        inWaiverDistrict(viewer, target) ||
        (target.submitted && viewer.hasRoleInKind(OrganizationKind.STATE_AGENCY, EDITOR))),
  ),
  'waiver.manage': rule<WaiverTarget>(
    'Only the lead may manage districts, collaborators and the workflow of a waiver request',
    (viewer, target) => viewer.signedIn && target.collaboratorRole === 'LEAD',
  ),
  'waiver.signOff': rule<WaiverDistrictTarget>(
    'Only an OWNER of a co-signing district may sign off for it',
    (viewer, target) => target.districtIds.includes(target.organizationId) && viewer.hasRole(target.organizationId, OWNER),
  ),
  'waiver.decide': rule<WaiverTarget>(
    'Only state-agency owners and editors may decide a submitted waiver request',
    (viewer, target) => target.submitted && viewer.hasRoleInKind(OrganizationKind.STATE_AGENCY, EDITOR),
  ),
};
