/** The policy's rules for Innovation Zone applications and the facilitation team. */
import { MemberRole, OrganizationKind } from '../../domain/enums';
import type { Viewer } from '../viewer';
import { isMember, rule } from './rule';

const { OWNER, EDITOR } = MemberRole;

/** A zone application as the policy sees it, read under the write's locks. */
export interface ApplicationTarget {
  /** The applying organization (a teacher's school or district for a teacher's own application). */
  applicantId: string;
  /** The teacher applying for themself, if it is a teacher's application. */
  teacherId: string | null;
  /** Whether it has ever been submitted (drafts are the applicant's alone). */
  submitted: boolean;
  /** Whether the viewer is on the facilitation team (read under lock). */
  facilitator: boolean;
}

/** Who is starting an application, for which zone. */
export interface ApplicationStartTarget {
  applicantId: string;
  applicantKind: OrganizationKind;
  /** The kinds the zone takes (see APPLICANT_KINDS). */
  eligibleKinds: readonly OrganizationKind[];
  /** A teacher applying for themself: any member of their school or district, for a zone that takes teachers. */
  asTeacher: boolean;
  teachersMayApply: boolean;
}

/** The viewer's standing with the facilitation team. */
export interface FacilitationTarget {
  facilitator: boolean;
}

const draftsApplication = (viewer: Viewer, target: ApplicationTarget): boolean =>
  target.teacherId !== null ? viewer.userId === target.teacherId : viewer.hasRole(target.applicantId, EDITOR);

const belongsToApplicant = (viewer: Viewer, target: ApplicationTarget): boolean =>
  target.teacherId !== null ? viewer.userId === target.teacherId || viewer.hasRole(target.applicantId, OWNER) : isMember(viewer, target.applicantId);

export const applicationRules = {
  'applicationWindow.manage': rule('Only state-agency owners and editors may open or extend application windows', (viewer) =>
    viewer.hasRoleInKind(OrganizationKind.STATE_AGENCY, EDITOR),
  ),
  'facilitationTeam.manage': rule('Only state-agency owners may name the facilitation team', (viewer) =>
    viewer.hasRoleInKind(OrganizationKind.STATE_AGENCY, OWNER),
  ),
  'facilitationTeam.read': rule<FacilitationTarget>(
    'Only state-agency staff and the facilitation team may see who is on the team',
    (viewer, target) => viewer.signedIn && (target.facilitator || viewer.hasRoleInKind(OrganizationKind.STATE_AGENCY, MemberRole.VIEWER)),
  ),
  'zoneApplication.start': rule<ApplicationStartTarget>(
    'Only owners and editors of an eligible applicant may start its application (SDZ: districts; ILDZ: districts, schools and their teachers; CNZ: state and regional organizations, higher education, businesses)',
    (viewer, target) =>
      target.asTeacher
        ? target.teachersMayApply && isMember(viewer, target.applicantId) && [OrganizationKind.DISTRICT, OrganizationKind.SCHOOL].includes(target.applicantKind)
        : target.eligibleKinds.includes(target.applicantKind) && viewer.hasRole(target.applicantId, EDITOR),
  ),
  'zoneApplication.read': rule<ApplicationTarget>(
    "Only the applicant's members and, once it is submitted, the facilitation team may read an application",
    (viewer, target) => viewer.signedIn && (belongsToApplicant(viewer, target) || (target.submitted && target.facilitator)),
  ),
  'zoneApplication.draft': rule<ApplicationTarget>(
    "Only the applicant's owners and editors (or the teacher applying) may draft, submit, withdraw or answer for an application",
    (viewer, target) => viewer.signedIn && draftsApplication(viewer, target),
  ),
  'zoneApplication.review': rule<ApplicationTarget>(
    'Only the facilitation team may review and decide submitted applications',
    (viewer, target) => viewer.signedIn && target.submitted && target.facilitator,
  ),
};
