/** The vocabulary of zone applications, registered as GraphQL enums. */
import { registerEnumType } from 'type-graphql';

export enum ApplicationStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  UNDER_REVIEW = 'UNDER_REVIEW',
  NEEDS_CLARIFICATION = 'NEEDS_CLARIFICATION',
  SELECTED = 'SELECTED',
  NOT_SELECTED = 'NOT_SELECTED',
  WITHDRAWN = 'WITHDRAWN',
}

export enum EvidenceRating {
  IN_PLACE = 'IN_PLACE',
  UNDER_CONSTRUCTION = 'UNDER_CONSTRUCTION',
  NOT_YET = 'NOT_YET',
}

export enum ApplicationDecision {
  SELECTED = 'SELECTED',
  NOT_SELECTED = 'NOT_SELECTED',
}

export enum ApplicationSectionKind {
  EVIDENCE_OF_PRACTICE = 'EVIDENCE_OF_PRACTICE',
  NARRATIVE = 'NARRATIVE',
}

export enum BoardResolutionStatus {
  OUTSTANDING = 'OUTSTANDING',
  RECEIVED = 'RECEIVED',
  ACCEPTED = 'ACCEPTED',
}

export enum ApplicationEventType {
  SUBMITTED = 'SUBMITTED',
  REVIEW_STARTED = 'REVIEW_STARTED',
  CLARIFICATION_REQUESTED = 'CLARIFICATION_REQUESTED',
  CLARIFICATION_ANSWERED = 'CLARIFICATION_ANSWERED',
  DECIDED = 'DECIDED',
  WITHDRAWN = 'WITHDRAWN',
  DOCUMENT_RECEIVED = 'DOCUMENT_RECEIVED',
  BOARD_RESOLUTION_ACCEPTED = 'BOARD_RESOLUTION_ACCEPTED',
}

export enum TextEditOutcome {
  APPLIED = 'APPLIED',
  MERGED = 'MERGED',
  UNCHANGED = 'UNCHANGED',
  CONFLICT = 'CONFLICT',
}

registerEnumType(ApplicationStatus, {
  name: 'ApplicationStatus',
  description: 'DRAFT -> SUBMITTED -> UNDER_REVIEW <-> NEEDS_CLARIFICATION -> SELECTED or NOT_SELECTED; WITHDRAWN by the applicant before a decision',
});
registerEnumType(EvidenceRating, {
  name: 'EvidenceRating',
  description: 'The applicant\'s own rating of an Evidence of Practice (not scored by the hub: "perfection is not the goal")',
});
registerEnumType(ApplicationDecision, { name: 'ApplicationDecision', description: "The facilitation team's decision" });
registerEnumType(ApplicationSectionKind, {
  name: 'ApplicationSectionKind',
  description: 'EVIDENCE_OF_PRACTICE: a rated SDZ practice with narrative and evidence; NARRATIVE: a co-drafted answer',
});
registerEnumType(BoardResolutionStatus, {
  name: 'BoardResolutionStatus',
  description: 'OUTSTANDING (due, nothing uploaded) -> RECEIVED (uploaded) -> ACCEPTED (by the facilitation team)',
});
registerEnumType(ApplicationEventType, { name: 'ApplicationEventType', description: 'What happened to a zone application' });
registerEnumType(TextEditOutcome, {
  name: 'TextEditOutcome',
  description: 'APPLIED (from the current version), MERGED (from an older one, merged), UNCHANGED, CONFLICT (nothing stored)',
});
