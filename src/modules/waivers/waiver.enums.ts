/** The waiver-request vocabulary: kinds, the review workflow, collaborator roles, history. */
import { registerEnumType } from 'type-graphql';

/** Which rules a waiver request asks to set aside. */
export enum WaiverKind {
  MSIP6 = 'MSIP6',
  FEDERAL = 'FEDERAL',
  STATE_STATUTE = 'STATE_STATUTE',
  OTHER = 'OTHER',
}

/** The review workflow: DRAFT → IN_REVIEW → SUBMITTED → APPROVED | DENIED; WITHDRAWN before a decision. */
export enum WaiverStatus {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  DENIED = 'DENIED',
  WITHDRAWN = 'WITHDRAWN',
}

/** A person's part in drafting one waiver request. */
export enum CollaboratorRole {
  LEAD = 'LEAD',
  AUTHOR = 'AUTHOR',
  REVIEWER = 'REVIEWER',
}

/** How a section revision came about. */
export enum WaiverRevisionKind {
  CREATED = 'CREATED',
  EDITED = 'EDITED',
  MERGED = 'MERGED',
  RESTORED = 'RESTORED',
}

/** What `editWaiverSection` did with an edit. */
export enum WaiverEditOutcome {
  APPLIED = 'APPLIED',
  MERGED = 'MERGED',
  UNCHANGED = 'UNCHANGED',
  CONFLICT = 'CONFLICT',
}

/** Why an edit came back as a conflict. */
export enum WaiverConflictReason {
  OVERLAP = 'OVERLAP',
  TOO_MANY_CHANGES = 'TOO_MANY_CHANGES',
}

/** What changed about a collaborator. */
export enum CollaboratorChange {
  INVITED = 'INVITED',
  ROLE_CHANGED = 'ROLE_CHANGED',
  REMOVED = 'REMOVED',
}

/** Why someone's presence changed. */
export enum PresenceChange {
  OPENED = 'OPENED',
  LEFT = 'LEFT',
  EXPIRED = 'EXPIRED',
  DISCONNECTED = 'DISCONNECTED',
}

/** Statuses from which the text is frozen. */
export const FROZEN_STATUSES: readonly WaiverStatus[] = [WaiverStatus.SUBMITTED, WaiverStatus.APPROVED, WaiverStatus.DENIED, WaiverStatus.WITHDRAWN];

registerEnumType(WaiverKind, {
  name: 'WaiverKind',
  description: 'Which rules a waiver request asks to set aside',
  valuesConfig: {
    MSIP6: { description: 'Missouri School Improvement Program, 6th cycle (state accreditation rules)' },
    FEDERAL: { description: 'A federal requirement, requested through the state agency' },
    STATE_STATUTE: { description: 'A state statute or regulation outside MSIP 6' },
    OTHER: { description: 'Anything else' },
  },
});
registerEnumType(WaiverStatus, {
  name: 'WaiverStatus',
  description: 'Where a waiver request stands in its review workflow',
  valuesConfig: {
    DRAFT: { description: 'Being drafted by its collaborators' },
    IN_REVIEW: { description: 'Ready for the co-signing districts to sign off; still editable (edits need new sign-offs)' },
    SUBMITTED: { description: 'Sent to the state agency: the text is frozen' },
    APPROVED: { description: 'Approved by the state agency' },
    DENIED: { description: 'Denied by the state agency' },
    WITHDRAWN: { description: 'Withdrawn by its lead before a decision' },
  },
});
registerEnumType(CollaboratorRole, {
  name: 'CollaboratorRole',
  description: "A person's part in drafting a waiver request",
  valuesConfig: {
    LEAD: { description: 'Started it: edits, invites, moves it through review and submits it' },
    AUTHOR: { description: 'Edits sections and comments' },
    REVIEWER: { description: 'Reads and comments' },
  },
});
registerEnumType(WaiverRevisionKind, { name: 'WaiverRevisionKind', description: 'How a section revision came about' });
registerEnumType(WaiverEditOutcome, {
  name: 'WaiverEditOutcome',
  description: 'What editWaiverSection did with an edit',
  valuesConfig: {
    APPLIED: { description: 'Made from the current version: stored as the next version' },
    MERGED: { description: 'Made from an older version and merged three-way with the edits made since' },
    UNCHANGED: { description: 'The text was already what the edit asked for: no new version' },
    CONFLICT: { description: 'Overlaps edits made since baseVersion: nothing stored; see `conflict`' },
  },
});
registerEnumType(WaiverConflictReason, {
  name: 'WaiverConflictReason',
  description: 'Why an edit came back as a conflict',
  valuesConfig: {
    OVERLAP: { description: 'It changes the same or adjacent lines as edits made since its base version' },
    TOO_MANY_CHANGES: { description: 'It and the edits made since differ too much to merge within the merge budget: one region spans the difference' },
  },
});
registerEnumType(CollaboratorChange, { name: 'WaiverCollaboratorChange', description: 'What changed about a collaborator' });
registerEnumType(PresenceChange, { name: 'WaiverPresenceChange', description: "Why someone's presence changed" });
