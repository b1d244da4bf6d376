/**
 * The one authorization policy: who may do what. Every mutation and every
 * protected read asks `authorize(viewer, action, target)`; the rules are pure
 * functions of the viewer's grants and a small description of the target, so
 * they are tested as a matrix of role x action.
 */
import { MemberRole, OrganizationKind, ROLE_RANK } from '../domain/enums';
import { ForbiddenError, UnauthenticatedError } from '../errors';
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

/** A person whose contact details are asked for, with what the viewer shares with them. */
export interface UserContactTarget {
  userId: string;
  sharesOrganization: boolean;
  sharesWaiverRequest: boolean;
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

// --- partnerships (business-to-education) ---
export interface BusinessTarget {
  businessId: string;
  businessKind: OrganizationKind;
}

export interface DistrictTarget {
  districtId: string;
  districtKind: OrganizationKind;
}

/** Both sides of a partnership. */
export interface PartnershipTarget {
  districtId: string;
  businessId: string;
}

const isMember = (viewer: Viewer, organizationId: string): boolean => viewer.roleIn(organizationId) !== undefined;
// --- end partnerships ---

// --- waivers ---
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
// --- end waivers ---

// --- learning (professional learning modules) ---
/** A learning module's publisher, as the policy sees it. */
export interface PublisherTarget {
  organizationId: string;
  organizationKind: OrganizationKind;
}

/** Colleges, regional organizations and the state agency publish professional learning. */
export const PUBLISHER_KINDS: readonly OrganizationKind[] = [OrganizationKind.HIGHER_ED, OrganizationKind.REGIONAL, OrganizationKind.STATE_AGENCY];

const mayPublishFor = (viewer: Viewer, target: PublisherTarget): boolean =>
  PUBLISHER_KINDS.includes(target.organizationKind) && viewer.hasRole(target.organizationId, EDITOR);
// --- end learning ---

// --- zone applications ---
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
// --- end zone applications ---
// --- documents ---
/** An uploaded document as the policy sees it. */
export interface DocumentAccessTarget {
  uploaderId: string | null;
  /** Whether a feature has attached it to something. */
  attached: boolean;
  /** Whether the viewer may read what it is attached to (the owning feature's registered rule). */
  targetReadable: boolean;
}
// --- end documents ---

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

  // --- partnerships (business-to-education) ---
  'opportunity.manage': rule<BusinessTarget>(
    'Only owners and editors of a business may offer and change its opportunities',
    (viewer, target) => target.businessKind === OrganizationKind.BUSINESS && viewer.hasRole(target.businessId, EDITOR),
  ),
  'opportunity.readDraft': rule<Pick<BusinessTarget, 'businessId'>>('Only members of the business see its draft opportunities', (viewer, target) =>
    isMember(viewer, target.businessId),
  ),
  'partnership.request': rule<DistrictTarget>(
    'Only owners and editors of a district may request partnerships for it',
    (viewer, target) => target.districtKind === OrganizationKind.DISTRICT && viewer.hasRole(target.districtId, EDITOR),
  ),
  'partnership.read': rule<PartnershipTarget>(
    'Only members of the district or the business see a partnership',
    (viewer, target) => isMember(viewer, target.districtId) || isMember(viewer, target.businessId),
  ),
  'partnership.respond': rule<PartnershipTarget>('Only owners and editors of the business may accept or decline a request', (viewer, target) =>
    viewer.hasRole(target.businessId, EDITOR),
  ),
  'partnership.run': rule<PartnershipTarget>(
    'Only owners and editors of the district or the business may move a partnership',
    (viewer, target) => viewer.hasRole(target.districtId, EDITOR) || viewer.hasRole(target.businessId, EDITOR),
  ),
  'partnership.subscribe': rule<OrganizationTarget>('Only members of an organization may follow its partnerships', (viewer, target) =>
    isMember(viewer, target.organizationId),
  ),
  'district.setSkillInterests': rule<DistrictTarget>(
    'Only owners and editors of a district may set its skill interests',
    (viewer, target) => target.districtKind === OrganizationKind.DISTRICT && viewer.hasRole(target.districtId, EDITOR),
  ),
  // --- end partnerships ---

  // --- waivers ---
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
  // --- end waivers ---

  // --- learning (professional learning modules) ---
  'learningModule.create': rule<PublisherTarget>(
    'Only owners and editors of a college, a regional organization or the state agency may publish learning modules',
    mayPublishFor,
  ),
  'learningModule.edit': rule<PublisherTarget>('Only owners and editors of the publisher may change, publish or archive its learning modules', mayPublishFor),
  'learningModule.deleteDraft': rule<PublisherTarget>(
    'Only owners and editors of the publisher may delete its never-published learning modules',
    mayPublishFor,
  ),
  'learningModule.readDraft': rule<OrganizationTarget>(
    'Only members of the publisher may see its draft learning modules',
    (viewer, target) => viewer.roleIn(target.organizationId) !== undefined,
  ),
  'learningPlan.use': rule('Sign in to keep a learning plan', (viewer) => viewer.signedIn),
  // --- end learning ---

  // --- notifications ---
  'notification.read': rule<{ userId: string }>(
    'Only the person may read their notifications and settings',
    (viewer, target) => viewer.signedIn && viewer.userId === target.userId,
  ),
  // --- end notifications ---
  // --- zone applications ---
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
  // --- end zone applications ---
  // --- documents ---
  'document.upload': rule('Sign in to upload a document', (viewer) => viewer.signedIn),
  'document.read': rule<DocumentAccessTarget>(
    'Only its uploader may download a document not yet attached; once attached, whoever may read what it is attached to',
    (viewer, target) => viewer.signedIn && (target.attached ? target.targetReadable : target.uploaderId === viewer.userId),
  ),
  'document.attach': rule<DocumentAccessTarget>(
    'Only its uploader may attach a document, and only once',
    (viewer, target) => viewer.signedIn && !target.attached && target.uploaderId === viewer.userId,
  ),
  // --- end documents ---

  // --- audit trail ---
  'audit.read': rule<{ organizationId?: string }>(
    "Only the organization's owners and state-agency members may read its audit trail; all events are for state-agency members",
    (viewer, target) =>
      viewer.hasRoleInKind(OrganizationKind.STATE_AGENCY, MemberRole.VIEWER) ||
      (target.organizationId !== undefined && viewer.hasRole(target.organizationId, OWNER)),
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
