/** The policy's rules for uploaded documents, notifications and the audit trail. */
import { MemberRole, OrganizationKind } from '../../domain/enums';
import { rule } from './rule';

const { OWNER } = MemberRole;

/** An uploaded document as the policy sees it. */
export interface DocumentAccessTarget {
  uploaderId: string | null;
  /** Whether a feature has attached it to something. */
  attached: boolean;
  /** Whether the viewer may read what it is attached to (the owning feature's registered rule). */
  targetReadable: boolean;
}

export const recordRules = {
  'document.upload': rule('Sign in to upload a document', (viewer) => viewer.signedIn),
  'document.read': rule<DocumentAccessTarget>(
    'Only its uploader may download a document not yet attached; once attached, whoever may read what it is attached to',
    (viewer, target) => viewer.signedIn && (target.attached ? target.targetReadable : target.uploaderId === viewer.userId),
  ),
  'document.attach': rule<DocumentAccessTarget>(
    'Only its uploader may attach a document, and only once',
    (viewer, target) => viewer.signedIn && !target.attached && target.uploaderId === viewer.userId,
  ),

  'notification.read': rule<{ userId: string }>(
    'Only the person may read their notifications and settings',
    (viewer, target) => viewer.signedIn && viewer.userId === target.userId,
  ),

  'audit.read': rule<{ organizationId?: string }>(
    "Only the organization's owners and state-agency members may read its audit trail; all events are for state-agency members",
    (viewer, target) =>
      viewer.hasRoleInKind(OrganizationKind.STATE_AGENCY, MemberRole.VIEWER) ||
      (target.organizationId !== undefined && viewer.hasRole(target.organizationId, OWNER)),
  ),
};
