/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AcceptBoardResolutionInput = {
  requirementId: string | number;
};

/** Acknowledges (or takes back) some of the zone's commitments */
export type AcknowledgeZoneCommitmentsInput = {
  /** False takes the acknowledgements back; true when absent */
  acknowledged?: boolean | null | undefined;
  applicationId: string | number;
  /** Commitment keys (ZoneCommitment.key) */
  commitmentKeys: Array<string>;
};

export type AddMemberInput = {
  /** For a new user; the email name when absent */
  displayName?: string | null | undefined;
  /** An existing user, or a new one invited by email */
  email: string;
  organizationId: string | number;
  role: MemberRole;
};

/** A new comment thread on a section (give `sectionId`) or a reply (give `parentId`) */
export type AddWaiverCommentInput = {
  body: string;
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  /** The comment replied to */
  parentId?: string | number | null | undefined;
  /** The passage of the section the comment is about */
  quote?: string | null | undefined;
  sectionId?: string | number | null | undefined;
};

export type AddWaiverDistrictInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  /** A district in the System Design Zone this school year */
  districtId: string | number;
  waiverRequestId: string | number;
};

export type AddWaiverSectionInput = {
  /** Markdown; empty when absent */
  body?: string | null | undefined;
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  /** Where to put it, from 1; at the end when absent */
  position?: number | null | undefined;
  title: string;
  waiverRequestId: string | number;
};

/** The applicant answers the open clarification, in the same record */
export type AnswerApplicationClarificationInput = {
  answer: string;
  clarificationId: string | number;
};

/** The facilitation team's decision */
export type ApplicationDecision =
  | 'NOT_SELECTED'
  | 'SELECTED';

/** What happened to a zone application */
export type ApplicationEventType =
  | 'BOARD_RESOLUTION_ACCEPTED'
  | 'CLARIFICATION_ANSWERED'
  | 'CLARIFICATION_REQUESTED'
  | 'DECIDED'
  | 'DOCUMENT_RECEIVED'
  | 'REVIEW_STARTED'
  | 'SUBMITTED'
  | 'WITHDRAWN';

export type ApplicationNoteInput = {
  applicationId: string | number;
  body: string;
};

/** EVIDENCE_OF_PRACTICE: a rated SDZ practice with narrative and evidence; NARRATIVE: a co-drafted answer */
export type ApplicationSectionKind =
  | 'EVIDENCE_OF_PRACTICE'
  | 'NARRATIVE';

/** DRAFT -> SUBMITTED -> UNDER_REVIEW <-> NEEDS_CLARIFICATION -> SELECTED or NOT_SELECTED; WITHDRAWN by the applicant before a decision */
export type ApplicationStatus =
  | 'DRAFT'
  | 'NEEDS_CLARIFICATION'
  | 'NOT_SELECTED'
  | 'SELECTED'
  | 'SUBMITTED'
  | 'UNDER_REVIEW'
  | 'WITHDRAWN';

/** What an applicationSectionSync message carries */
export type ApplicationSyncKind =
  /** Another client's awareness (who, cursor, selection, colour): a y-protocols awareness update in `update` */
  | 'AWARENESS'
  /** The client `clientId` left (its subscription ended): remove its awareness state */
  | 'AWARENESS_GONE'
  /** The application is no longer a draft (submitted, withdrawn): updates are refused from now on */
  | 'FROZEN'
  /** First message: what you are missing against the state vector you sent */
  | 'STATE'
  /** An update the hub accepted: everyone's but your own client's, when you gave your clientId */
  | 'UPDATE';

/** Attaches uploaded documents (POST /documents) to an application: evidence for a section, or the superintendent's letter of support */
export type AttachApplicationDocumentsInput = {
  applicationId: string | number;
  documentIds: Array<string | number>;
  /** An EVIDENCE_OF_PRACTICE section: evidence for it; absent: the letter of support (ILDZ) */
  sectionId?: string | number | null | undefined;
};

/** A place on the educator continuum, from preservice to school leader */
export type Audience =
  /** Educators in their first years */
  | 'NEW_EDUCATOR'
  /** Teacher candidates in preparation programs */
  | 'PRESERVICE'
  /** Principals, instructional coaches and district leaders */
  | 'SCHOOL_LEADER'
  /** Experienced classroom educators */
  | 'VETERAN_EDUCATOR';

/** OUTSTANDING (due, nothing uploaded) -> RECEIVED (uploaded) -> ACCEPTED (by the facilitation team) */
export type BoardResolutionStatus =
  | 'ACCEPTED'
  | 'OUTSTANDING'
  | 'RECEIVED';

/** A person's part in drafting a waiver request */
export type CollaboratorRole =
  /** Edits sections and comments */
  | 'AUTHOR'
  /** Started it: edits, invites, moves it through review and submits it */
  | 'LEAD'
  /** Reads and comments */
  | 'REVIEWER';

export type CompleteLearningModuleInput = {
  /** Documents you uploaded (POST /documents) as evidence: a certificate, an artifact; added to those already attached */
  documentIds?: Array<string | number> | null | undefined;
  /** A link to evidence: a certificate, an artifact, a portfolio entry */
  evidenceUrl?: string | null | undefined;
  moduleId: string | number;
};

export type CreateLearningModuleInput = {
  audiences: Array<Audience>;
  /** Markdown */
  body: string;
  /** Tags; trimmed, lower-cased and deduplicated */
  competencies?: Array<string> | null | undefined;
  durationHours?: number | null | undefined;
  format: DeliveryFormat;
  /** Modules to complete first, in order */
  prerequisiteIds?: Array<string | number> | null | undefined;
  /** The publishing organization (a college, regional organization or the state agency) */
  publisherId: string | number;
  summary: string;
  title: string;
  zones?: Array<Zone> | null | undefined;
};

export type CreateWaiverRequestInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  /** The lead district: an SDZ district you are an OWNER or EDITOR of */
  districtId: string | number;
  kind: WaiverKind;
  title: string;
};

export type DecideWaiverRequestInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  decision: WaiverDecision;
  /** Why: sent to the districts with the decision */
  note: string;
  waiverRequestId: string | number;
};

/** Whose pending suggestions to decide at once: exactly one of `authorId` and `districtId`, optionally in one section */
export type DecideWaiverSuggestionsInput = {
  /** true: accept them all (in the order they were made); false: reject them all */
  accept: boolean;
  /** Every pending suggestion of this person */
  authorId?: string | number | null | undefined;
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  /** Every pending suggestion made by members of this co-signing district */
  districtId?: string | number | null | undefined;
  /** Only those in this section */
  sectionId?: string | number | null | undefined;
  waiverRequestId: string | number;
};

/** The facilitation team's decision, with a note */
export type DecideZoneApplicationInput = {
  applicationId: string | number;
  /** SDZ selections: when the board resolution is due (60 days after the decision when absent) */
  boardResolutionDueAt?: string | null | undefined;
  decision: ApplicationDecision;
  note?: string | null | undefined;
};

/** How a learning module is delivered */
export type DeliveryFormat =
  | 'HYBRID'
  | 'IN_PERSON'
  | 'SELF_PACED'
  | 'VIRTUAL';

/** A co-author's new narrative for a section, made from `baseVersion` */
export type EditApplicationSectionInput = {
  baseVersion: number;
  body: string;
  sectionId: string | number;
};

/** Email for a kind of notification: none, one mail per event, or a daily or weekly digest */
export type EmailDelivery =
  | 'DAILY_DIGEST'
  | 'IMMEDIATE'
  | 'NONE'
  | 'WEEKLY_DIGEST';

/** The applicant's own rating of an Evidence of Practice (not scored by the hub: "perfection is not the goal") */
export type EvidenceRating =
  | 'IN_PLACE'
  | 'NOT_YET'
  | 'UNDER_CONSTRUCTION';

export type InviteWaiverCollaboratorInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  /** The co-signing district they draft for; by default their own, when they belong to one */
  districtId?: string | number | null | undefined;
  /** An existing user, or a new one invited by email */
  email: string;
  /** AUTHOR or REVIEWER (inviting someone already there changes their role) */
  role: CollaboratorRole;
  waiverRequestId: string | number;
};

/** What to find among published modules; filters combine (each list matches any of its values) */
export type LearningModuleFilter = {
  /** Modules serving any of these places on the continuum */
  audiences?: Array<Audience> | null | undefined;
  /** Modules building any of these competencies */
  competencies?: Array<string> | null | undefined;
  formats?: Array<DeliveryFormat> | null | undefined;
  /** Modules of this publishing organization */
  publisherId?: string | number | null | undefined;
  /** Words to search for (web-search syntax: "quoted phrases", or, -excluded); results by relevance */
  search?: string | null | undefined;
  /** Modules meant for any of these zones */
  zones?: Array<Zone> | null | undefined;
};

export type LearningModuleRefInput = {
  moduleId: string | number;
};

/** A person's role in an organization */
export type MemberRole =
  | 'EDITOR'
  | 'OWNER'
  | 'VIEWER';

/** A learning module's lifecycle */
export type ModuleStatus =
  /** Hidden from discovery, still resolvable by id */
  | 'ARCHIVED'
  /** Never published: visible only to members of the publisher */
  | 'DRAFT'
  /** Public: found by search and discovery */
  | 'PUBLISHED';

/** A version's place in a module's history */
export type ModuleVersionStatus =
  /** Being edited; visible only to members of the publisher */
  | 'DRAFT'
  /** The version the public sees now (immutable) */
  | 'PUBLISHED'
  /** Published before a newer version (immutable) */
  | 'SUPERSEDED';

export type MoveWaiverSectionInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  /** The new position, from 1 (past the end: last) */
  position: number;
  sectionId: string | number;
};

/** What a notification tells; see the kinds table in the README */
export type NotificationKind =
  | 'APPLICATION_BOARD_RESOLUTION_DUE'
  | 'APPLICATION_BOARD_RESOLUTION_OVERDUE'
  | 'APPLICATION_BOARD_RESOLUTION_RECEIVED'
  | 'APPLICATION_CLARIFICATION_ANSWERED'
  | 'APPLICATION_CLARIFICATION_REQUESTED'
  | 'APPLICATION_DECIDED'
  | 'LEARNING_MODULE_NEW_VERSION'
  | 'LEARNING_PREREQUISITE_UNLOCKED'
  | 'PARTNERSHIP_ANSWERED'
  | 'PARTNERSHIP_CANCELLED'
  | 'PARTNERSHIP_COMPLETED'
  | 'PARTNERSHIP_REQUESTED'
  | 'PARTNERSHIP_STARTED'
  | 'WAIVER_COLLABORATOR_ADDED'
  | 'WAIVER_COLLABORATOR_REMOVED'
  | 'WAIVER_COMMENT'
  | 'WAIVER_MENTION'
  | 'WAIVER_SIGN_OFF_STALE'
  | 'WAIVER_STATUS_CHANGED';

/** Your choice for one kind; a field left out keeps its current value */
export type NotificationSettingInput = {
  email?: EmailDelivery | null | undefined;
  inApp?: boolean | null | undefined;
  kind: NotificationKind;
};

/** Discovery filters; list filters match any of their values */
export type OpportunityFilter = {
  /** Offered by this business */
  businessId?: string | number | null | undefined;
  /** For any of these grade bands */
  gradeBands?: Array<string> | null | undefined;
  /** true: seats remain; false: full */
  hasSeats?: boolean | null | undefined;
  kinds?: Array<OpportunityKind> | null | undefined;
  /** Serving any of these regions */
  regions?: Array<string> | null | undefined;
  /** Words in the title or description (web-search syntax), or a skill tag */
  search?: string | null | undefined;
  /** Any of these skill tags */
  skills?: Array<string> | null | undefined;
};

/** What kind of real-world learning a business offers */
export type OpportunityKind =
  /** Registered or pre-apprenticeship training */
  | 'APPRENTICESHIP'
  /** Students solve a real problem for the business */
  | 'CLIENT_PROJECT'
  /** Advice to educators on essential employability skills */
  | 'EXPERT_ADVISOR'
  /** A professional visits the classroom */
  | 'GUEST_SPEAKER'
  /** Paid or unpaid work experience over weeks */
  | 'INTERNSHIP'
  /** Students follow an employee through a workday */
  | 'JOB_SHADOW'
  /** One-to-one or small-group mentoring */
  | 'MENTORSHIP'
  /** A class tours the workplace */
  | 'SITE_VISIT';

/** DRAFT (visible to the business only) -> OPEN (discoverable and requestable) -> CLOSED */
export type OpportunityStatus =
  | 'CLOSED'
  | 'DRAFT'
  | 'OPEN';

/** What an organization is in the network */
export type OrganizationKind =
  /** A business offering real-world (B2E) learning */
  | 'BUSINESS'
  /** A public school district (K-12, K-8 or charter) */
  | 'DISTRICT'
  /** A college or university */
  | 'HIGHER_ED'
  /** A regional education organization, such as a professional development center */
  | 'REGIONAL'
  /** A school within a district */
  | 'SCHOOL'
  /** The state education agency (DESE) */
  | 'STATE_AGENCY';

/** A business's answer to a partnership request */
export type PartnershipDecision =
  | 'ACCEPT'
  | 'DECLINE';

/** REQUESTED -> ACCEPTED or DECLINED; ACCEPTED -> ACTIVE -> COMPLETED; CANCELLED by either side before completion. ACCEPTED, ACTIVE and COMPLETED hold seats. */
export type PartnershipStatus =
  | 'ACCEPTED'
  | 'ACTIVE'
  | 'CANCELLED'
  | 'COMPLETED'
  | 'DECLINED'
  | 'REQUESTED';

/** Moves a partnership on, with an optional note for its history */
export type PartnershipTransitionInput = {
  note?: string | null | undefined;
  partnershipId: string | number;
};

/** A reader's awareness on a section's narrative (who, cursor, selection, colour) */
export type PushApplicationSectionAwarenessInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  sectionId: string | number;
  /** A y-protocols awareness update of your one client (encodeAwarenessUpdate(awareness, [awareness.clientID])), base64; repeat at least every 30 seconds */
  update: string;
};

/** A co-author's Yjs update of a section's narrative, typed live */
export type PushApplicationSectionUpdateInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  sectionId: string | number;
  /** A Yjs update of the section's document (its Y.Text 'body'), base64; at most LIMIT_YJS_UPDATE_BYTES bytes */
  update: string;
};

export type PushWaiverSectionAwarenessInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  sectionId: string | number;
  /** A y-protocols awareness update of your one client (encodeAwarenessUpdate(awareness, [awareness.clientID])), base64; repeat at least every 30 seconds */
  update: string;
};

export type PushWaiverSectionUpdateInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  sectionId: string | number;
  /** A Yjs update of the section's document (its Y.Text 'body'), base64; at most LIMIT_YJS_UPDATE_BYTES bytes */
  update: string;
};

/** The self-assessment of one Evidence of Practice: a rating and evidence links */
export type RateEvidenceOfPracticeInput = {
  /** Evidence links (https); replaces the list when given */
  links?: Array<string> | null | undefined;
  rating: EvidenceRating;
  sectionId: string | number;
};

export type RemoveMemberInput = {
  organizationId: string | number;
  userId: string | number;
};

export type RemoveWaiverCollaboratorInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  userId: string | number;
  waiverRequestId: string | number;
};

export type RenameWaiverSectionInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  sectionId: string | number;
  title: string;
};

/** A facilitation team member asks the applicant for more information */
export type RequestApplicationClarificationInput = {
  applicationId: string | number;
  question: string;
};

/** A district asks a business for an OPEN opportunity */
export type RequestPartnershipInput = {
  /** The district asking */
  districtId: string | number;
  message?: string | null | undefined;
  opportunityId: string | number;
  studentCount: number;
};

export type ResolveWaiverCommentInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  /** Any comment of the thread */
  commentId: string | number;
  /** false reopens the thread */
  resolved?: boolean;
};

/** The business's answer to a request */
export type RespondToPartnershipInput = {
  decision: PartnershipDecision;
  note?: string | null | undefined;
  partnershipId: string | number;
};

export type RestoreWaiverSectionRevisionInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  /** The revision whose text becomes the next version */
  revisionId: string | number;
};

export type SetDistrictSkillInterestsInput = {
  districtId: string | number;
  /** Skill tags the district wants real-world learning for; an empty list clears them */
  skills: Array<string>;
};

export type SetLearningPlanAudienceInput = {
  /** null: no place set (recommendations for every audience) */
  audience?: Audience | null | undefined;
};

export type SetMemberRoleInput = {
  organizationId: string | number;
  role: MemberRole;
  userId: string | number;
};

export type SetNotificationSettingsInput = {
  settings: Array<NotificationSettingInput>;
};

export type SignOffWaiverRequestInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  /** The co-signing district you sign for, as its OWNER */
  districtId: string | number;
  /** The request's `textDigest` as you read it: when the text changed since, the answer is CONFLICT (with the digest now in extensions) and nothing is signed */
  textDigest: string;
  waiverRequestId: string | number;
};

/** Starts an application while its zone takes them */
export type StartZoneApplicationInput = {
  /** The applying organization; for a teacher applying for themself, their school or district */
  applicantId: string | number;
  /** True: the viewer applies as an individual teacher (ILDZ only) */
  asTeacher?: boolean | null | undefined;
  schoolYear: string;
  zone: Zone;
};

/** The district uploads its board resolution (POST /documents) and attaches it to the requirement */
export type SubmitBoardResolutionInput = {
  documentId: string | number;
  requirementId: string | number;
};

/** Submits a complete DRAFT before the deadline; submitting is agreement to the zone's commitments */
export type SubmitZoneApplicationInput = {
  applicationId: string | number;
};

export type SuggestWaiverSectionChangeInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  /** Where the suggestion starts */
  from: WaiverTextPositionInput;
  sectionId: string | number;
  /** The text it inserts at `from` (empty or null for a deletion) */
  text?: string | null | undefined;
  /** Where the text it deletes ends; null (or `from`) for an insertion */
  to?: WaiverTextPositionInput | null | undefined;
};

/** APPLIED (from the current version), MERGED (from an older one, merged), UNCHANGED, CONFLICT (nothing stored) */
export type TextEditOutcome =
  | 'APPLIED'
  | 'CONFLICT'
  | 'MERGED'
  | 'UNCHANGED';

/** Changes to a module; absent fields stay. On a published module they go to a new draft version. */
export type UpdateLearningModuleInput = {
  audiences?: Array<Audience> | null | undefined;
  /** Markdown */
  body?: string | null | undefined;
  competencies?: Array<string> | null | undefined;
  /** null clears it */
  durationHours?: number | null | undefined;
  format?: DeliveryFormat | null | undefined;
  moduleId: string | number;
  /** Replaces the prerequisites */
  prerequisiteIds?: Array<string | number> | null | undefined;
  summary?: string | null | undefined;
  title?: string | null | undefined;
  zones?: Array<Zone> | null | undefined;
};

/** The state agency's decision on a submitted waiver request */
export type WaiverDecision =
  | 'APPROVED'
  | 'DENIED';

/** What editWaiverSection did with an edit */
export type WaiverEditOutcome =
  /** Made from the current version: stored as the next version */
  | 'APPLIED'
  /** Overlaps edits made since baseVersion: nothing stored; see `conflict` */
  | 'CONFLICT'
  /** Made from an older version and merged three-way with the edits made since */
  | 'MERGED'
  /** The text was already what the edit asked for: no new version */
  | 'UNCHANGED';

/** Which rules a waiver request asks to set aside */
export type WaiverKind =
  /** A federal requirement, requested through the state agency */
  | 'FEDERAL'
  /** Missouri School Improvement Program, 6th cycle (state accreditation rules) */
  | 'MSIP6'
  /** Anything else */
  | 'OTHER'
  /** A state statute or regulation outside MSIP 6 */
  | 'STATE_STATUTE';

/** Why someone's presence changed */
export type WaiverPresenceChange =
  | 'DISCONNECTED'
  | 'EXPIRED'
  | 'LEFT'
  | 'OPENED';

export type WaiverRequestActionInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  waiverRequestId: string | number;
};

/** How a section revision came about */
export type WaiverRevisionKind =
  | 'CREATED'
  | 'EDITED'
  | 'MERGED'
  | 'RESTORED';

/** Where a waiver request stands in its review workflow */
export type WaiverStatus =
  /** Approved by the state agency */
  | 'APPROVED'
  /** Denied by the state agency */
  | 'DENIED'
  /** Being drafted by its collaborators */
  | 'DRAFT'
  /** Ready for the co-signing districts to sign off; still editable (edits need new sign-offs) */
  | 'IN_REVIEW'
  /** Sent to the state agency: the text is frozen */
  | 'SUBMITTED'
  /** Withdrawn by its lead before a decision */
  | 'WITHDRAWN';

export type WaiverSuggestionActionInput = {
  /** Any string of the client's: echoed on the events this change publishes, so a client can tell its own */
  clientMutationId?: string | null | undefined;
  suggestionId: string | number;
};

/** What happened to a suggestion */
export type WaiverSuggestionChange =
  | 'ACCEPTED'
  | 'ADDED'
  | 'REJECTED';

/** What a suggestion would do to the text */
export type WaiverSuggestionKind =
  /** The text from `from` to `to` deleted */
  | 'DELETION'
  /** `text` inserted at `from` */
  | 'INSERTION'
  /** The text from `from` to `to` replaced by `text` */
  | 'REPLACEMENT';

/** Where a suggestion stands */
export type WaiverSuggestionStatus =
  /** Applied to the text (a new version) */
  | 'ACCEPTED'
  /** Shown as a suggestion; the text does not have it */
  | 'PENDING'
  /** Set aside; the text never had it */
  | 'REJECTED';

/** What a waiverSectionSync message carries */
export type WaiverSyncKind =
  /** Another client's awareness (who, cursor, selection, colour): a y-protocols awareness update in `update` */
  | 'AWARENESS'
  /** The client `clientId` left (its subscription ended): remove its awareness state */
  | 'AWARENESS_GONE'
  /** The request was submitted or closed: the text is frozen, updates are refused from now on */
  | 'FROZEN'
  /** First message: what you are missing against the state vector you sent */
  | 'STATE'
  /** A suggestion on this section was made, accepted or rejected: see `suggestion` and `suggestionChange` (an accepted one also comes as an UPDATE) */
  | 'SUGGESTION'
  /** An update the hub accepted: everyone's but your own client's, when you gave your clientId */
  | 'UPDATE';

/** A position in a section's text: give exactly one of `index` and `relativePosition` */
export type WaiverTextPositionInput = {
  /** An index (UTF-16 code units) into the text as the hub has it now */
  index?: number | null | undefined;
  /** A Yjs relative position in your copy of the section's document, base64 (Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(ytext, i))) */
  relativePosition?: string | null | undefined;
};

/** SRSN's Innovation Zones */
export type Zone =
  /** Collaborative Network Zone (CNZ): state and regional organizations, higher education, business */
  | 'COLLABORATIVE_NETWORK'
  /** Innovative Learning Design Zone (ILDZ): emerging CBL districts, schools or teachers */
  | 'INNOVATIVE_LEARNING_DESIGN'
  /** System Design Zone (SDZ): leading CBL districts; co-design waiver requests */
  | 'SYSTEM_DESIGN';

export type ZoneApplicationRefInput = {
  applicationId: string | number;
};

export type WebApplicationsQueryVariables = Exact<{ [key: string]: never; }>;


export type WebApplicationsQuery = { viewer: { id: string, memberships: Array<{ role: MemberRole, organization: { id: string, name: string, kind: OrganizationKind } }> } | null, applicationWindows: Array<{ id: string, zone: Zone, schoolYear: string, opensAt: string, deadline: string, extendedTo: string | null, isOpen: boolean }>, zoneApplications: { totalCount: number, edges: Array<{ node: { id: string, zone: Zone, schoolYear: string, status: ApplicationStatus, updatedAt: string, applicant: { id: string, name: string } } }> } };

export type WebStartApplicationMutationVariables = Exact<{
  input: StartZoneApplicationInput;
}>;


export type WebStartApplicationMutation = { startZoneApplication: { id: string } };

export type WebApplicationRecordFragment = { id: string, zone: Zone, schoolYear: string, status: ApplicationStatus, agreement: string, submittedAt: string | null, decidedAt: string | null, decisionNote: string | null, decisionSummary: string | null, placedZone: Zone | null, updatedAt: string, applicant: { id: string, name: string, slug: string, region: string | null, zoneMemberships: Array<{ zone: Zone, schoolYear: string }> }, teacher: { displayName: string } | null, window: { id: string, deadline: string, isOpen: boolean }, sections: Array<{ id: string, key: string, kind: ApplicationSectionKind, title: string, body: string, version: number, rating: EvidenceRating | null, links: Array<string>, updatedBy: { displayName: string } | null, evidenceDocuments: Array<{ id: string, filename: string, byteSize: number, url: string }> }>, commitments: Array<{ key: string, text: string, acknowledged: boolean }>, letterOfSupport: Array<{ id: string, filename: string, url: string }>, clarifications: Array<{ id: string, question: string, askedAt: string, answer: string | null, answeredAt: string | null, askedBy: { displayName: string } | null, answeredBy: { displayName: string } | null }>, boardResolution: { id: string, status: BoardResolutionStatus, dueAt: string, overdue: boolean, receivedAt: string | null, acceptedAt: string | null, documents: Array<{ id: string, filename: string, url: string }> } | null };

export type WebApplicationQueryVariables = Exact<{
  id: string | number;
}>;


export type WebApplicationQuery = { viewer: { id: string, displayName: string, memberships: Array<{ role: MemberRole, organization: { id: string } }> } | null, zoneApplication: { id: string, zone: Zone, schoolYear: string, status: ApplicationStatus, agreement: string, submittedAt: string | null, decidedAt: string | null, decisionNote: string | null, decisionSummary: string | null, placedZone: Zone | null, updatedAt: string, applicant: { id: string, name: string, slug: string, region: string | null, zoneMemberships: Array<{ zone: Zone, schoolYear: string }> }, teacher: { displayName: string } | null, window: { id: string, deadline: string, isOpen: boolean }, sections: Array<{ id: string, key: string, kind: ApplicationSectionKind, title: string, body: string, version: number, rating: EvidenceRating | null, links: Array<string>, updatedBy: { displayName: string } | null, evidenceDocuments: Array<{ id: string, filename: string, byteSize: number, url: string }> }>, commitments: Array<{ key: string, text: string, acknowledged: boolean }>, letterOfSupport: Array<{ id: string, filename: string, url: string }>, clarifications: Array<{ id: string, question: string, askedAt: string, answer: string | null, answeredAt: string | null, askedBy: { displayName: string } | null, answeredBy: { displayName: string } | null }>, boardResolution: { id: string, status: BoardResolutionStatus, dueAt: string, overdue: boolean, receivedAt: string | null, acceptedAt: string | null, documents: Array<{ id: string, filename: string, url: string }> } | null } | null };

export type WebApplicationEventsSubscriptionVariables = Exact<{
  applicationId?: string | number | null | undefined;
}>;


export type WebApplicationEventsSubscription = { applicationEvents: { type: ApplicationEventType, status: ApplicationStatus, at: string, application: { id: string } } };

export type WebEditApplicationSectionMutationVariables = Exact<{
  input: EditApplicationSectionInput;
}>;


export type WebEditApplicationSectionMutation = { editApplicationSection: { outcome: TextEditOutcome, section: { id: string, version: number, body: string }, conflict: { baseVersion: number, tooManyChanges: boolean, regions: Array<{ line: number }> } | null } };

export type WebRateEvidenceMutationVariables = Exact<{
  input: RateEvidenceOfPracticeInput;
}>;


export type WebRateEvidenceMutation = { rateEvidenceOfPractice: { id: string, rating: EvidenceRating | null, links: Array<string> } };

export type WebAcknowledgeCommitmentsMutationVariables = Exact<{
  input: AcknowledgeZoneCommitmentsInput;
}>;


export type WebAcknowledgeCommitmentsMutation = { acknowledgeZoneCommitments: { id: string, commitments: Array<{ key: string, acknowledged: boolean }> } };

export type WebAttachApplicationDocumentsMutationVariables = Exact<{
  input: AttachApplicationDocumentsInput;
}>;


export type WebAttachApplicationDocumentsMutation = { attachApplicationDocuments: { id: string } };

export type WebSubmitApplicationMutationVariables = Exact<{
  input: SubmitZoneApplicationInput;
}>;


export type WebSubmitApplicationMutation = { submitZoneApplication: { id: string, status: ApplicationStatus, submittedAt: string | null } };

export type WebWithdrawApplicationMutationVariables = Exact<{
  input: ZoneApplicationRefInput;
}>;


export type WebWithdrawApplicationMutation = { withdrawZoneApplication: { id: string, status: ApplicationStatus } };

export type WebAnswerClarificationMutationVariables = Exact<{
  input: AnswerApplicationClarificationInput;
}>;


export type WebAnswerClarificationMutation = { answerApplicationClarification: { id: string, answer: string | null, application: { id: string, status: ApplicationStatus } } };

export type WebSubmitBoardResolutionMutationVariables = Exact<{
  input: SubmitBoardResolutionInput;
}>;


export type WebSubmitBoardResolutionMutation = { submitBoardResolution: { id: string, status: BoardResolutionStatus, receivedAt: string | null } };

export type WebApplicationSectionSyncSubscriptionVariables = Exact<{
  sectionId: string | number;
  stateVector?: string | null | undefined;
  clientId?: number | null | undefined;
}>;


export type WebApplicationSectionSyncSubscription = { applicationSectionSync: { kind: ApplicationSyncKind, authorId: string | null, update: string | null, version: number | null, clientId: number | null, status: ApplicationStatus | null } };

export type WebPushApplicationSectionUpdateMutationVariables = Exact<{
  input: PushApplicationSectionUpdateInput;
}>;


export type WebPushApplicationSectionUpdateMutation = { pushApplicationSectionUpdate: { outcome: TextEditOutcome, version: number } };

export type WebPushApplicationSectionAwarenessMutationVariables = Exact<{
  input: PushApplicationSectionAwarenessInput;
}>;


export type WebPushApplicationSectionAwarenessMutation = { pushApplicationSectionAwareness: { clientId: number } };

export type WebFacilitationQueueQueryVariables = Exact<{
  zone?: Zone | null | undefined;
  status?: ApplicationStatus | null | undefined;
  schoolYear?: string | null | undefined;
}>;


export type WebFacilitationQueueQuery = { viewer: { id: string } | null, facilitationTeam: Array<{ id: string }>, applicationWindows: Array<{ id: string, zone: Zone, schoolYear: string }>, zoneApplications: { totalCount: number, edges: Array<{ node: { id: string, zone: Zone, schoolYear: string, status: ApplicationStatus, submittedAt: string | null, applicant: { id: string, name: string, region: string | null }, teacher: { displayName: string } | null } }> } };

export type WebCohortQueryVariables = Exact<{
  zone: Zone;
  schoolYear: string;
}>;


export type WebCohortQuery = { zoneCohort: { organizations: number, teachers: number, regionsWithoutMembers: Array<string>, regions: Array<{ region: string, organizations: number, teachers: number }>, withoutRegion: { organizations: number, teachers: number } } };

export type WebFacilitationApplicationQueryVariables = Exact<{
  id: string | number;
}>;


export type WebFacilitationApplicationQuery = { zoneApplication: { id: string, zone: Zone, schoolYear: string, status: ApplicationStatus, agreement: string, submittedAt: string | null, decidedAt: string | null, decisionNote: string | null, decisionSummary: string | null, placedZone: Zone | null, updatedAt: string, reviewNotes: Array<{ id: string, body: string, createdAt: string, author: { displayName: string } | null }>, applicant: { id: string, name: string, slug: string, region: string | null, zoneMemberships: Array<{ zone: Zone, schoolYear: string }> }, teacher: { displayName: string } | null, window: { id: string, deadline: string, isOpen: boolean }, sections: Array<{ id: string, key: string, kind: ApplicationSectionKind, title: string, body: string, version: number, rating: EvidenceRating | null, links: Array<string>, updatedBy: { displayName: string } | null, evidenceDocuments: Array<{ id: string, filename: string, byteSize: number, url: string }> }>, commitments: Array<{ key: string, text: string, acknowledged: boolean }>, letterOfSupport: Array<{ id: string, filename: string, url: string }>, clarifications: Array<{ id: string, question: string, askedAt: string, answer: string | null, answeredAt: string | null, askedBy: { displayName: string } | null, answeredBy: { displayName: string } | null }>, boardResolution: { id: string, status: BoardResolutionStatus, dueAt: string, overdue: boolean, receivedAt: string | null, acceptedAt: string | null, documents: Array<{ id: string, filename: string, url: string }> } | null } | null };

export type WebStartApplicationReviewMutationVariables = Exact<{
  input: ZoneApplicationRefInput;
}>;


export type WebStartApplicationReviewMutation = { startApplicationReview: { id: string, status: ApplicationStatus } };

export type WebAddReviewNoteMutationVariables = Exact<{
  input: ApplicationNoteInput;
}>;


export type WebAddReviewNoteMutation = { addApplicationReviewNote: { id: string } };

export type WebRequestClarificationMutationVariables = Exact<{
  input: RequestApplicationClarificationInput;
}>;


export type WebRequestClarificationMutation = { requestApplicationClarification: { id: string, application: { id: string, status: ApplicationStatus } } };

export type WebDecideApplicationMutationVariables = Exact<{
  input: DecideZoneApplicationInput;
}>;


export type WebDecideApplicationMutation = { decideZoneApplication: { id: string, status: ApplicationStatus, placedZone: Zone | null, decisionSummary: string | null } };

export type WebAcceptBoardResolutionMutationVariables = Exact<{
  input: AcceptBoardResolutionInput;
}>;


export type WebAcceptBoardResolutionMutation = { acceptBoardResolution: { id: string, status: BoardResolutionStatus, acceptedAt: string | null } };

export type WebHomeQueryVariables = Exact<{ [key: string]: never; }>;


export type WebHomeQuery = { viewer: { id: string, displayName: string, unreadNotificationCount: number, unread: { edges: Array<{ node: { id: string, title: string, text: string, subjectId: string, unreadCount: number, latestAt: string } }> }, memberships: Array<{ role: MemberRole, organization: { id: string, name: string, slug: string, kind: OrganizationKind, drafts: { totalCount: number, edges: Array<{ node: { id: string, title: string, updatedAt: string } }> }, toAnswer: { totalCount: number, edges: Array<{ node: { id: string, studentCount: number, business: { id: string }, district: { id: string, name: string }, opportunity: { id: string, title: string } } }> } } }> } | null, learningPlan: { items: { totalCount: number, edges: Array<{ node: { addedAt: string, module: { id: string, title: string } } }> } } | null, waiverRequests: { totalCount: number, edges: Array<{ node: { id: string, title: string, status: WaiverStatus, viewerRole: CollaboratorRole | null, leadDistrict: { name: string } } }> }, zoneApplications: { totalCount: number, edges: Array<{ node: { id: string, zone: Zone, schoolYear: string, status: ApplicationStatus, applicant: { id: string, name: string }, teacher: { id: string } | null } }> } };

export type WebNotificationFragment = { id: string, kind: NotificationKind, title: string, text: string, subjectId: string, unreadCount: number, activityCount: number, unread: boolean, latestAt: string, readAt: string | null, actors: Array<{ id: string, displayName: string }> };

export type WebUnreadCountQueryVariables = Exact<{ [key: string]: never; }>;


export type WebUnreadCountQuery = { viewer: { id: string, unreadNotificationCount: number, notifications: { edges: Array<{ node: { id: string, unread: boolean } }> } } | null };

export type WebInboxQueryVariables = Exact<{
  first: number;
}>;


export type WebInboxQuery = { viewer: { id: string, unreadNotificationCount: number, notifications: { totalCount: number, pageInfo: { hasNextPage: boolean }, edges: Array<{ node: { id: string, kind: NotificationKind, title: string, text: string, subjectId: string, unreadCount: number, activityCount: number, unread: boolean, latestAt: string, readAt: string | null, actors: Array<{ id: string, displayName: string }> } }> } } | null };

export type WebNotificationEventsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type WebNotificationEventsSubscription = { notificationEvents: { type: string, unreadNotificationCount: number, notification: { id: string, kind: NotificationKind, title: string, text: string, subjectId: string, unreadCount: number, activityCount: number, unread: boolean, latestAt: string, readAt: string | null, actors: Array<{ id: string, displayName: string }> } | null } };

export type WebMarkNotificationReadMutationVariables = Exact<{
  id: string | number;
}>;


export type WebMarkNotificationReadMutation = { markNotificationRead: { id: string, kind: NotificationKind, title: string, text: string, subjectId: string, unreadCount: number, activityCount: number, unread: boolean, latestAt: string, readAt: string | null, actors: Array<{ id: string, displayName: string }> } };

export type WebMarkAllNotificationsReadMutationVariables = Exact<{
  before: string;
}>;


export type WebMarkAllNotificationsReadMutation = { markAllNotificationsRead: { marked: number, unreadNotificationCount: number } };

export type WebNotificationSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type WebNotificationSettingsQuery = { viewer: { id: string } | null, notificationSettings: Array<{ kind: NotificationKind, inApp: boolean, email: EmailDelivery }> };

export type WebSetNotificationSettingsMutationVariables = Exact<{
  input: SetNotificationSettingsInput;
}>;


export type WebSetNotificationSettingsMutation = { setNotificationSettings: Array<{ kind: NotificationKind, inApp: boolean, email: EmailDelivery }> };

export type WebCatalogueQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: LearningModuleFilter | null | undefined;
}>;


export type WebCatalogueQuery = { learningModules: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, title: string, summary: string, competencies: Array<string>, audiences: Array<Audience>, format: DeliveryFormat, durationHours: number | null, zones: Array<Zone>, publisher: { name: string } } }> } };

export type WebModuleQueryVariables = Exact<{
  id: string | number;
}>;


export type WebModuleQuery = { viewer: { id: string, memberships: Array<{ role: MemberRole, organization: { id: string } }> } | null, learningModule: { id: string, title: string, summary: string, body: string, status: ModuleStatus, version: number, format: DeliveryFormat, durationHours: number | null, audiences: Array<Audience>, competencies: Array<string>, zones: Array<Zone>, publishedAt: string | null, publisher: { id: string, name: string, slug: string }, prerequisites: Array<{ id: string }>, pathway: Array<{ id: string, title: string, prerequisites: Array<{ id: string }> }>, versions: Array<{ id: string, version: number, status: ModuleVersionStatus, publishedAt: string | null, summary: string, body: string }>, draft: { id: string, version: number } | null } | null, learningPlan: { items: { edges: Array<{ node: { module: { id: string } } }> } } | null };

export type WebModuleForEditingQueryVariables = Exact<{
  id: string | number;
}>;


export type WebModuleForEditingQuery = { learningModule: { id: string, status: ModuleStatus, version: number, title: string, summary: string, body: string, format: DeliveryFormat, audiences: Array<Audience>, competencies: Array<string>, durationHours: number | null, zones: Array<Zone>, publisher: { id: string, name: string }, draft: { version: number, title: string, summary: string, body: string, format: DeliveryFormat, audiences: Array<Audience>, competencies: Array<string>, durationHours: number | null, zones: Array<Zone> } | null } | null };

export type WebPublishersQueryVariables = Exact<{ [key: string]: never; }>;


export type WebPublishersQuery = { viewer: { id: string, memberships: Array<{ role: MemberRole, organization: { id: string, name: string, kind: OrganizationKind } }> } | null };

export type WebCreateModuleMutationVariables = Exact<{
  input: CreateLearningModuleInput;
}>;


export type WebCreateModuleMutation = { createLearningModule: { id: string, status: ModuleStatus, version: number } };

export type WebUpdateModuleMutationVariables = Exact<{
  input: UpdateLearningModuleInput;
}>;


export type WebUpdateModuleMutation = { updateLearningModule: { id: string, status: ModuleStatus, version: number, draft: { id: string, version: number } | null } };

export type WebPublishModuleMutationVariables = Exact<{
  input: LearningModuleRefInput;
}>;


export type WebPublishModuleMutation = { publishLearningModule: { id: string, status: ModuleStatus, version: number, publishedAt: string | null } };

export type WebArchiveModuleMutationVariables = Exact<{
  input: LearningModuleRefInput;
}>;


export type WebArchiveModuleMutation = { archiveLearningModule: { id: string, status: ModuleStatus, archivedAt: string | null } };

export type WebPlanQueryVariables = Exact<{ [key: string]: never; }>;


export type WebPlanQuery = { learningPlan: { audience: Audience | null, items: { totalCount: number, edges: Array<{ node: { addedAt: string, completed: boolean, completedAt: string | null, evidenceUrl: string | null, module: { id: string, title: string, summary: string } } }> }, recommended: { edges: Array<{ node: { id: string, title: string, summary: string } }> } } | null };

export type WebAddToPlanMutationVariables = Exact<{
  input: LearningModuleRefInput;
}>;


export type WebAddToPlanMutation = { addToLearningPlan: { addedAt: string, module: { id: string } } };

export type WebCompleteModuleMutationVariables = Exact<{
  input: CompleteLearningModuleInput;
}>;


export type WebCompleteModuleMutation = { completeLearningModule: { completed: boolean, completedAt: string | null, module: { id: string } } };

export type WebSetAudienceMutationVariables = Exact<{
  input: SetLearningPlanAudienceInput;
}>;


export type WebSetAudienceMutation = { setLearningPlanAudience: { audience: Audience | null } };

export type WebDirectoryQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  search?: string | null | undefined;
  kind?: OrganizationKind | null | undefined;
  zone?: Zone | null | undefined;
  region?: string | null | undefined;
  schoolYear?: string | null | undefined;
}>;


export type WebDirectoryQuery = { regions: Array<string>, organizations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, slug: string, kind: OrganizationKind, region: string | null, zones: Array<Zone> } }> } };

export type WebOrganizationQueryVariables = Exact<{
  slug: string;
}>;


export type WebOrganizationQuery = { organization: { id: string, name: string, slug: string, kind: OrganizationKind, region: string | null, description: string | null, zoneMemberships: Array<{ zone: Zone, schoolYear: string }>, modules: { totalCount: number, edges: Array<{ node: { id: string, title: string } }> }, opportunities: { totalCount: number, edges: Array<{ node: { id: string, title: string, seatsRemaining: number } }> } } | null };

export type WebMembersQueryVariables = Exact<{
  slug: string;
}>;


export type WebMembersQuery = { viewer: { id: string } | null, organization: { id: string, members: { totalCount: number, edges: Array<{ node: { role: MemberRole, user: { id: string, displayName: string, email: string | null } } }> } } | null };

export type WebAddMemberMutationVariables = Exact<{
  input: AddMemberInput;
}>;


export type WebAddMemberMutation = { addMember: { role: MemberRole, user: { id: string, displayName: string, email: string | null } } };

export type WebSetMemberRoleMutationVariables = Exact<{
  input: SetMemberRoleInput;
}>;


export type WebSetMemberRoleMutation = { setMemberRole: { role: MemberRole, user: { id: string } } };

export type WebRemoveMemberMutationVariables = Exact<{
  input: RemoveMemberInput;
}>;


export type WebRemoveMemberMutation = { removeMember: { id: string } };

export type WebRegionCountsQueryVariables = Exact<{
  kind?: OrganizationKind | null | undefined;
  zone?: Zone | null | undefined;
  schoolYear?: string | null | undefined;
}>;


export type WebRegionCountsQuery = { central: { totalCount: number }, kansasCity: { totalCount: number }, northeast: { totalCount: number }, northwest: { totalCount: number }, southCentral: { totalCount: number }, southeast: { totalCount: number }, southwest: { totalCount: number }, stLouis: { totalCount: number } };

export type WebBoardQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: OpportunityFilter | null | undefined;
}>;


export type WebBoardQuery = { regions: Array<string>, opportunities: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, title: string, kind: OpportunityKind, skills: Array<string>, gradeBands: Array<string>, regions: Array<string>, capacity: number, seatsRemaining: number, startsOn: string | null, business: { name: string } } }> } };

export type WebOpportunityQueryVariables = Exact<{
  id: string | number;
}>;


export type WebOpportunityQuery = { viewer: { id: string, memberships: Array<{ role: MemberRole, organization: { id: string, name: string, kind: OrganizationKind } }> } | null, node:
    | { __typename: 'ApplicationClarification', id: string }
    | { __typename: 'ApplicationReviewNote', id: string }
    | { __typename: 'ApplicationSection', id: string }
    | { __typename: 'ApplicationWindow', id: string }
    | { __typename: 'BoardResolutionRequirement', id: string }
    | { __typename: 'Document', id: string }
    | { __typename: 'LearningModule', id: string }
    | { __typename: 'LearningModuleVersion', id: string }
    | { __typename: 'Opportunity', title: string, kind: OpportunityKind, description: string, skills: Array<string>, gradeBands: Array<string>, regions: Array<string>, capacity: number, seatsRemaining: number, status: OpportunityStatus, startsOn: string | null, endsOn: string | null, id: string, business: { id: string, name: string, slug: string } }
    | { __typename: 'Organization', id: string }
    | { __typename: 'Partnership', id: string }
    | { __typename: 'User', id: string }
    | { __typename: 'WaiverComment', id: string }
    | { __typename: 'WaiverRequest', id: string }
    | { __typename: 'WaiverRevision', id: string }
    | { __typename: 'WaiverSection', id: string }
    | { __typename: 'WaiverSuggestion', id: string }
    | { __typename: 'ZoneApplication', id: string }
   | null };

export type WebRequestPartnershipMutationVariables = Exact<{
  input: RequestPartnershipInput;
}>;


export type WebRequestPartnershipMutation = { requestPartnership: { id: string, status: PartnershipStatus, studentCount: number } };

export type WebPartnershipsQueryVariables = Exact<{ [key: string]: never; }>;


export type WebPartnershipsQuery = { viewer: { id: string, memberships: Array<{ role: MemberRole, organization: { id: string, name: string, kind: OrganizationKind, skillInterests: Array<string>, partnerships: { totalCount: number, edges: Array<{ node: { id: string, status: PartnershipStatus, studentCount: number, message: string | null, requestedAt: string, updatedAt: string, business: { id: string, name: string }, district: { id: string, name: string }, opportunity: { id: string, title: string, seatsRemaining: number, capacity: number }, history: Array<{ at: string, from: PartnershipStatus | null, to: PartnershipStatus, note: string | null, actor: { displayName: string } | null }> } }> } } }> } | null };

export type WebRespondMutationVariables = Exact<{
  input: RespondToPartnershipInput;
}>;


export type WebRespondMutation = { respondToPartnership: { id: string, status: PartnershipStatus, studentCount: number, message: string | null, requestedAt: string, updatedAt: string, opportunity: { id: string, seatsRemaining: number, title: string, kind: OpportunityKind, startsOn: string | null, endsOn: string | null, capacity: number }, requestedBy: { displayName: string } | null, business: { id: string, name: string, slug: string }, district: { id: string, name: string, slug: string }, history: Array<{ at: string, from: PartnershipStatus | null, to: PartnershipStatus, note: string | null, actor: { displayName: string } | null }> } };

export type WebPartnershipEventsSubscriptionVariables = Exact<{
  organizationId: string | number;
}>;


export type WebPartnershipEventsSubscription = { partnershipEvents: { at: string, status: PartnershipStatus, previousStatus: PartnershipStatus | null, partnership: { id: string, status: PartnershipStatus } } };

export type WebRecommendationsQueryVariables = Exact<{
  districtId: string | number;
}>;


export type WebRecommendationsQuery = { recommendedOpportunities: { edges: Array<{ node: { id: string, title: string, kind: OpportunityKind, seatsRemaining: number, skills: Array<string>, business: { name: string } } }> } };

export type WebSetSkillInterestsMutationVariables = Exact<{
  input: SetDistrictSkillInterestsInput;
}>;


export type WebSetSkillInterestsMutation = { setDistrictSkillInterests: { id: string, skillInterests: Array<string> } };

export type WebPartnershipDetailFragment = { id: string, status: PartnershipStatus, studentCount: number, message: string | null, requestedAt: string, updatedAt: string, requestedBy: { displayName: string } | null, business: { id: string, name: string, slug: string }, district: { id: string, name: string, slug: string }, opportunity: { id: string, title: string, kind: OpportunityKind, startsOn: string | null, endsOn: string | null, seatsRemaining: number, capacity: number }, history: Array<{ at: string, from: PartnershipStatus | null, to: PartnershipStatus, note: string | null, actor: { displayName: string } | null }> };

export type WebPartnershipQueryVariables = Exact<{
  id: string | number;
}>;


export type WebPartnershipQuery = { viewer: { id: string, memberships: Array<{ role: MemberRole, organization: { id: string } }> } | null, node:
    | { __typename: 'ApplicationClarification', id: string }
    | { __typename: 'ApplicationReviewNote', id: string }
    | { __typename: 'ApplicationSection', id: string }
    | { __typename: 'ApplicationWindow', id: string }
    | { __typename: 'BoardResolutionRequirement', id: string }
    | { __typename: 'Document', id: string }
    | { __typename: 'LearningModule', id: string }
    | { __typename: 'LearningModuleVersion', id: string }
    | { __typename: 'Opportunity', id: string }
    | { __typename: 'Organization', id: string }
    | { __typename: 'Partnership', id: string, status: PartnershipStatus, studentCount: number, message: string | null, requestedAt: string, updatedAt: string, requestedBy: { displayName: string } | null, business: { id: string, name: string, slug: string }, district: { id: string, name: string, slug: string }, opportunity: { id: string, title: string, kind: OpportunityKind, startsOn: string | null, endsOn: string | null, seatsRemaining: number, capacity: number }, history: Array<{ at: string, from: PartnershipStatus | null, to: PartnershipStatus, note: string | null, actor: { displayName: string } | null }> }
    | { __typename: 'User', id: string }
    | { __typename: 'WaiverComment', id: string }
    | { __typename: 'WaiverRequest', id: string }
    | { __typename: 'WaiverRevision', id: string }
    | { __typename: 'WaiverSection', id: string }
    | { __typename: 'WaiverSuggestion', id: string }
    | { __typename: 'ZoneApplication', id: string }
   | null };

export type WebStartPartnershipMutationVariables = Exact<{
  input: PartnershipTransitionInput;
}>;


export type WebStartPartnershipMutation = { startPartnership: { id: string, status: PartnershipStatus, studentCount: number, message: string | null, requestedAt: string, updatedAt: string, requestedBy: { displayName: string } | null, business: { id: string, name: string, slug: string }, district: { id: string, name: string, slug: string }, opportunity: { id: string, title: string, kind: OpportunityKind, startsOn: string | null, endsOn: string | null, seatsRemaining: number, capacity: number }, history: Array<{ at: string, from: PartnershipStatus | null, to: PartnershipStatus, note: string | null, actor: { displayName: string } | null }> } };

export type WebCompletePartnershipMutationVariables = Exact<{
  input: PartnershipTransitionInput;
}>;


export type WebCompletePartnershipMutation = { completePartnership: { id: string, status: PartnershipStatus, studentCount: number, message: string | null, requestedAt: string, updatedAt: string, requestedBy: { displayName: string } | null, business: { id: string, name: string, slug: string }, district: { id: string, name: string, slug: string }, opportunity: { id: string, title: string, kind: OpportunityKind, startsOn: string | null, endsOn: string | null, seatsRemaining: number, capacity: number }, history: Array<{ at: string, from: PartnershipStatus | null, to: PartnershipStatus, note: string | null, actor: { displayName: string } | null }> } };

export type WebCancelPartnershipMutationVariables = Exact<{
  input: PartnershipTransitionInput;
}>;


export type WebCancelPartnershipMutation = { cancelPartnership: { id: string, status: PartnershipStatus, studentCount: number, message: string | null, requestedAt: string, updatedAt: string, requestedBy: { displayName: string } | null, business: { id: string, name: string, slug: string }, district: { id: string, name: string, slug: string }, opportunity: { id: string, title: string, kind: OpportunityKind, startsOn: string | null, endsOn: string | null, seatsRemaining: number, capacity: number }, history: Array<{ at: string, from: PartnershipStatus | null, to: PartnershipStatus, note: string | null, actor: { displayName: string } | null }> } };

export type WebDeskRolesQueryVariables = Exact<{ [key: string]: never; }>;


export type WebDeskRolesQuery = { viewer: { id: string, memberships: Array<{ role: MemberRole, organization: { id: string, kind: OrganizationKind } }> } | null };

export type WebFacilitationTeamQueryVariables = Exact<{ [key: string]: never; }>;


export type WebFacilitationTeamQuery = { facilitationTeam: Array<{ id: string }> };

export type WebReviewDeskQueryVariables = Exact<{
  status?: WaiverStatus | null | undefined;
}>;


export type WebReviewDeskQuery = { viewer: { id: string, memberships: Array<{ role: MemberRole, organization: { id: string, kind: OrganizationKind } }> } | null, waiverRequests: { totalCount: number, edges: Array<{ node: { id: string, title: string, kind: WaiverKind, status: WaiverStatus, submittedAt: string | null, decidedAt: string | null, leadDistrict: { name: string }, districts: Array<{ id: string }> } }> } };

export type WebReviewRequestQueryVariables = Exact<{
  id: string | number;
}>;


export type WebReviewRequestQuery = { viewer: { id: string, memberships: Array<{ role: MemberRole, organization: { id: string, kind: OrganizationKind } }> } | null, waiverRequest: { id: string, title: string, kind: WaiverKind, status: WaiverStatus, submittedAt: string | null, decidedAt: string | null, decisionNote: string | null, textVersion: number, textDigest: string, decidedBy: { displayName: string } | null, leadDistrict: { name: string }, sections: Array<{ id: string, title: string, body: string }>, signOffs: Array<{ lead: boolean, signedOffAt: string | null, signedTextVersion: number | null, current: boolean, staleSinceVersion: number | null, district: { id: string, name: string }, signedOffBy: { displayName: string } | null }> } | null };

export type WebDecideWaiverMutationVariables = Exact<{
  input: DecideWaiverRequestInput;
}>;


export type WebDecideWaiverMutation = { decideWaiverRequest: { id: string, status: WaiverStatus, decidedAt: string | null, decisionNote: string | null } };

export type WebReviewEventsSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type WebReviewEventsSubscription = { waiverRequestEvents:
    | { __typename: 'WaiverCollaboratorChanged', at: string }
    | { __typename: 'WaiverCommentAdded', at: string }
    | { __typename: 'WaiverCommentResolved', at: string }
    | { __typename: 'WaiverDistrictChanged', at: string }
    | { __typename: 'WaiverPresenceChanged', at: string }
    | { __typename: 'WaiverSectionAdded', at: string }
    | { __typename: 'WaiverSectionEdited', at: string }
    | { __typename: 'WaiverSectionMoved', at: string }
    | { __typename: 'WaiverSectionRenamed', at: string }
    | { __typename: 'WaiverStatusChanged', at: string }
    | { __typename: 'WaiverSuggestionChanged', at: string }
   };

export type WebWaiverListQueryVariables = Exact<{ [key: string]: never; }>;


export type WebWaiverListQuery = { viewer: { id: string, memberships: Array<{ role: MemberRole, organization: { id: string, name: string, kind: OrganizationKind, zones: Array<Zone> } }> } | null, waiverRequests: { totalCount: number, edges: Array<{ node: { id: string, title: string, kind: WaiverKind, status: WaiverStatus, viewerRole: CollaboratorRole | null, updatedAt: string, leadDistrict: { id: string, name: string } } }> } };

export type WebCreateWaiverRequestMutationVariables = Exact<{
  input: CreateWaiverRequestInput;
}>;


export type WebCreateWaiverRequestMutation = { createWaiverRequest: { id: string } };

export type WebWaiverSectionFragment = { id: string, key: string, title: string, position: number, version: number, body: string, guidance: string | null, updatedAt: string, editors: Array<{ id: string, displayName: string }> };

export type WebWaiverSuggestionFragment = { id: string, kind: WaiverSuggestionKind, status: WaiverSuggestionStatus, text: string, deletedText: string, fromPosition: string, toPosition: string | null, createdAt: string, author: { id: string, displayName: string } | null, district: { id: string, name: string } | null };

export type WebWaiverCommentFragment = { id: string, body: string, renderedBody: string, quote: string | null, createdAt: string, resolved: boolean, resolvedAt: string | null, resolvedBy: { id: string, displayName: string } | null, author: { id: string, displayName: string } | null, section: { id: string } };

export type WebWaiverRequestQueryVariables = Exact<{
  id: string | number;
}>;


export type WebWaiverRequestQuery = { viewer: { id: string, displayName: string, memberships: Array<{ role: MemberRole, organization: { id: string } }> } | null, waiverRequest: { id: string, title: string, kind: WaiverKind, status: WaiverStatus, viewerRole: CollaboratorRole | null, viewerCanEdit: boolean, textDigest: string, textVersion: number, submittedAt: string | null, decidedAt: string | null, decisionNote: string | null, decidedBy: { id: string, displayName: string } | null, leadDistrict: { id: string, name: string }, sections: Array<{ id: string, key: string, title: string, position: number, version: number, body: string, guidance: string | null, updatedAt: string, editors: Array<{ id: string, displayName: string }> }>, collaborators: Array<{ role: CollaboratorRole, user: { id: string, displayName: string, email: string | null }, district: { id: string, name: string } | null }>, signOffs: Array<{ lead: boolean, current: boolean, signedOffAt: string | null, signedTextVersion: number | null, staleSinceVersion: number | null, signedOffBy: { id: string, displayName: string } | null, district: { id: string, name: string } }>, comments: { totalCount: number, edges: Array<{ node: { id: string, body: string, renderedBody: string, quote: string | null, createdAt: string, resolved: boolean, resolvedAt: string | null, replies: Array<{ id: string, body: string, renderedBody: string, quote: string | null, createdAt: string, resolved: boolean, resolvedAt: string | null, resolvedBy: { id: string, displayName: string } | null, author: { id: string, displayName: string } | null, section: { id: string } }>, resolvedBy: { id: string, displayName: string } | null, author: { id: string, displayName: string } | null, section: { id: string } } }> } } | null };

export type WebWaiverSignedTextFragment = { title: string, textVersion: number, sections: Array<{ key: string, title: string, body: string, position: number }> };

export type WebWaiverSignedTextsQueryVariables = Exact<{
  id: string | number;
}>;


export type WebWaiverSignedTextsQuery = { waiverRequest: { id: string, signOffs: Array<{ signedTextVersion: number | null, district: { id: string }, signedText: { title: string, textVersion: number, sections: Array<{ key: string, title: string, body: string, position: number }> } | null }> } | null };

export type WebSdzDistrictsQueryVariables = Exact<{
  search?: string | null | undefined;
}>;


export type WebSdzDistrictsQuery = { organizations: { edges: Array<{ node: { id: string, name: string } }> } };

export type WebWaiverMentionCandidatesQueryVariables = Exact<{
  id: string | number;
  search: string;
}>;


export type WebWaiverMentionCandidatesQuery = { waiverMentionCandidates: Array<{ id: string, kind: string, name: string, token: string }> };

export type WebWaiverRequestEventsSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type WebWaiverRequestEventsSubscription = { waiverRequestEvents:
    | { __typename: 'WaiverCollaboratorChanged', at: string, byViewer: boolean, actor: { id: string, displayName: string } | null }
    | { __typename: 'WaiverCommentAdded', at: string, byViewer: boolean, comment: { id: string }, actor: { id: string, displayName: string } | null }
    | { __typename: 'WaiverCommentResolved', at: string, byViewer: boolean, actor: { id: string, displayName: string } | null }
    | { __typename: 'WaiverDistrictChanged', at: string, byViewer: boolean, actor: { id: string, displayName: string } | null }
    | { __typename: 'WaiverPresenceChanged', presenceChange: WaiverPresenceChange, at: string, byViewer: boolean, user: { id: string, displayName: string }, openSection: { id: string, title: string } | null, actor: { id: string, displayName: string } | null }
    | { __typename: 'WaiverSectionAdded', at: string, byViewer: boolean, actor: { id: string, displayName: string } | null }
    | { __typename: 'WaiverSectionEdited', version: number, at: string, byViewer: boolean, section: { id: string, title: string }, actor: { id: string, displayName: string } | null }
    | { __typename: 'WaiverSectionMoved', at: string, byViewer: boolean, actor: { id: string, displayName: string } | null }
    | { __typename: 'WaiverSectionRenamed', at: string, byViewer: boolean, actor: { id: string, displayName: string } | null }
    | { __typename: 'WaiverStatusChanged', from: WaiverStatus, to: WaiverStatus, note: string | null, at: string, byViewer: boolean, actor: { id: string, displayName: string } | null }
    | { __typename: 'WaiverSuggestionChanged', suggestionChange: WaiverSuggestionChange, at: string, byViewer: boolean, section: { id: string, title: string }, actor: { id: string, displayName: string } | null }
   };

export type WebWaiverSectionSyncSubscriptionVariables = Exact<{
  sectionId: string | number;
  stateVector?: string | null | undefined;
  clientId?: number | null | undefined;
}>;


export type WebWaiverSectionSyncSubscription = { waiverSectionSync: { kind: WaiverSyncKind, authorId: string | null, update: string | null, version: number | null, clientId: number | null, status: WaiverStatus | null } };

export type WebPushWaiverSectionUpdateMutationVariables = Exact<{
  input: PushWaiverSectionUpdateInput;
}>;


export type WebPushWaiverSectionUpdateMutation = { pushWaiverSectionUpdate: { outcome: WaiverEditOutcome, version: number } };

export type WebPushWaiverSectionAwarenessMutationVariables = Exact<{
  input: PushWaiverSectionAwarenessInput;
}>;


export type WebPushWaiverSectionAwarenessMutation = { pushWaiverSectionAwareness: { clientId: number, expiresAt: string | null } };

export type WebAddWaiverSectionMutationVariables = Exact<{
  input: AddWaiverSectionInput;
}>;


export type WebAddWaiverSectionMutation = { addWaiverSection: { id: string } };

export type WebRenameWaiverSectionMutationVariables = Exact<{
  input: RenameWaiverSectionInput;
}>;


export type WebRenameWaiverSectionMutation = { renameWaiverSection: { id: string, title: string } };

export type WebMoveWaiverSectionMutationVariables = Exact<{
  input: MoveWaiverSectionInput;
}>;


export type WebMoveWaiverSectionMutation = { moveWaiverSection: { id: string, position: number } };

export type WebAddWaiverCommentMutationVariables = Exact<{
  input: AddWaiverCommentInput;
}>;


export type WebAddWaiverCommentMutation = { addWaiverComment: { id: string } };

export type WebResolveWaiverCommentMutationVariables = Exact<{
  input: ResolveWaiverCommentInput;
}>;


export type WebResolveWaiverCommentMutation = { resolveWaiverComment: { id: string, resolved: boolean } };

export type WebRestoreWaiverSectionRevisionMutationVariables = Exact<{
  input: RestoreWaiverSectionRevisionInput;
}>;


export type WebRestoreWaiverSectionRevisionMutation = { restoreWaiverSectionRevision: { outcome: WaiverEditOutcome, version: number } };

export type WebInviteWaiverCollaboratorMutationVariables = Exact<{
  input: InviteWaiverCollaboratorInput;
}>;


export type WebInviteWaiverCollaboratorMutation = { inviteWaiverCollaborator: { role: CollaboratorRole } };

export type WebRemoveWaiverCollaboratorMutationVariables = Exact<{
  input: RemoveWaiverCollaboratorInput;
}>;


export type WebRemoveWaiverCollaboratorMutation = { removeWaiverCollaborator: { id: string } };

export type WebAddWaiverDistrictMutationVariables = Exact<{
  input: AddWaiverDistrictInput;
}>;


export type WebAddWaiverDistrictMutation = { addWaiverDistrict: { id: string } };

export type WebSignOffWaiverRequestMutationVariables = Exact<{
  input: SignOffWaiverRequestInput;
}>;


export type WebSignOffWaiverRequestMutation = { signOffWaiverRequest: { current: boolean, signedOffAt: string | null } };

export type WebStartWaiverReviewMutationVariables = Exact<{
  input: WaiverRequestActionInput;
}>;


export type WebStartWaiverReviewMutation = { startWaiverReview: { id: string, status: WaiverStatus } };

export type WebSubmitWaiverRequestMutationVariables = Exact<{
  input: WaiverRequestActionInput;
}>;


export type WebSubmitWaiverRequestMutation = { submitWaiverRequest: { id: string, status: WaiverStatus } };

export type WebWithdrawWaiverRequestMutationVariables = Exact<{
  input: WaiverRequestActionInput;
}>;


export type WebWithdrawWaiverRequestMutation = { withdrawWaiverRequest: { id: string, status: WaiverStatus } };

export type WebWaiverSectionHistoryQueryVariables = Exact<{
  sectionId: string | number;
}>;


export type WebWaiverSectionHistoryQuery = { node:
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { version: number, id: string, revisions: { totalCount: number, edges: Array<{ node: { id: string, version: number, kind: WaiverRevisionKind, body: string, createdAt: string, restoredFromVersion: number | null, author: { id: string, displayName: string } | null } }> } }
    | { id: string }
    | { id: string }
   | null };

export type WebSuggestWaiverSectionChangeMutationVariables = Exact<{
  input: SuggestWaiverSectionChangeInput;
}>;


export type WebSuggestWaiverSectionChangeMutation = { suggestWaiverSectionChange: { id: string, kind: WaiverSuggestionKind, status: WaiverSuggestionStatus, text: string, deletedText: string, fromPosition: string, toPosition: string | null, createdAt: string, author: { id: string, displayName: string } | null, district: { id: string, name: string } | null } };

export type WebAcceptWaiverSuggestionMutationVariables = Exact<{
  input: WaiverSuggestionActionInput;
}>;


export type WebAcceptWaiverSuggestionMutation = { acceptWaiverSuggestion: { id: string, status: WaiverSuggestionStatus } };

export type WebRejectWaiverSuggestionMutationVariables = Exact<{
  input: WaiverSuggestionActionInput;
}>;


export type WebRejectWaiverSuggestionMutation = { rejectWaiverSuggestion: { id: string, status: WaiverSuggestionStatus } };

export type WebDecideWaiverSuggestionsMutationVariables = Exact<{
  input: DecideWaiverSuggestionsInput;
}>;


export type WebDecideWaiverSuggestionsMutation = { decideWaiverSuggestions: { decided: Array<{ id: string, status: WaiverSuggestionStatus }> } };

export type WebWaiverSectionSuggestionsQueryVariables = Exact<{
  sectionId: string | number;
}>;


export type WebWaiverSectionSuggestionsQuery = { node:
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string, suggestions: Array<{ id: string, kind: WaiverSuggestionKind, status: WaiverSuggestionStatus, text: string, deletedText: string, fromPosition: string, toPosition: string | null, createdAt: string, author: { id: string, displayName: string } | null, district: { id: string, name: string } | null }> }
    | { id: string }
    | { id: string }
   | null };

export const WebApplicationRecordFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebApplicationRecord"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ZoneApplication"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"zone"}},{"kind":"Field","name":{"kind":"Name","value":"schoolYear"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"agreement"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decisionNote"}},{"kind":"Field","name":{"kind":"Name","value":"decisionSummary"}},{"kind":"Field","name":{"kind":"Name","value":"placedZone"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"zoneMemberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zone"}},{"kind":"Field","name":{"kind":"Name","value":"schoolYear"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"teacher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"window"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"isOpen"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"rating"}},{"kind":"Field","name":{"kind":"Name","value":"links"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"evidenceDocuments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"filename"}},{"kind":"Field","name":{"kind":"Name","value":"byteSize"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"commitments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledged"}}]}},{"kind":"Field","name":{"kind":"Name","value":"letterOfSupport"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"filename"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"Field","name":{"kind":"Name","value":"clarifications"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"question"}},{"kind":"Field","name":{"kind":"Name","value":"askedAt"}},{"kind":"Field","name":{"kind":"Name","value":"askedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"answer"}},{"kind":"Field","name":{"kind":"Name","value":"answeredAt"}},{"kind":"Field","name":{"kind":"Name","value":"answeredBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"boardResolution"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"documents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"filename"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}}]} as unknown as DocumentNode<WebApplicationRecordFragment, unknown>;
export const WebNotificationFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebNotification"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Notification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"subjectId"}},{"kind":"Field","name":{"kind":"Name","value":"actors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"unreadCount"}},{"kind":"Field","name":{"kind":"Name","value":"activityCount"}},{"kind":"Field","name":{"kind":"Name","value":"unread"}},{"kind":"Field","name":{"kind":"Name","value":"latestAt"}},{"kind":"Field","name":{"kind":"Name","value":"readAt"}}]}}]} as unknown as DocumentNode<WebNotificationFragment, unknown>;
export const WebPartnershipDetailFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebPartnershipDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Partnership"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"studentCount"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"business"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}},{"kind":"Field","name":{"kind":"Name","value":"opportunity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"startsOn"}},{"kind":"Field","name":{"kind":"Name","value":"endsOn"}},{"kind":"Field","name":{"kind":"Name","value":"seatsRemaining"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<WebPartnershipDetailFragment, unknown>;
export const WebWaiverSectionFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebWaiverSection"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverSection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"guidance"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"editors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]} as unknown as DocumentNode<WebWaiverSectionFragment, unknown>;
export const WebWaiverSuggestionFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebWaiverSuggestion"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverSuggestion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"deletedText"}},{"kind":"Field","name":{"kind":"Name","value":"fromPosition"}},{"kind":"Field","name":{"kind":"Name","value":"toPosition"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<WebWaiverSuggestionFragment, unknown>;
export const WebWaiverCommentFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebWaiverComment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverComment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"renderedBody"}},{"kind":"Field","name":{"kind":"Name","value":"quote"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"resolved"}},{"kind":"Field","name":{"kind":"Name","value":"resolvedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resolvedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"section"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<WebWaiverCommentFragment, unknown>;
export const WebWaiverSignedTextFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebWaiverSignedText"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverSignedText"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"textVersion"}},{"kind":"Field","name":{"kind":"Name","value":"sections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<WebWaiverSignedTextFragment, unknown>;
export const WebApplicationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebApplications"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"applicationWindows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"zone"}},{"kind":"Field","name":{"kind":"Name","value":"schoolYear"}},{"kind":"Field","name":{"kind":"Name","value":"opensAt"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"extendedTo"}},{"kind":"Field","name":{"kind":"Name","value":"isOpen"}}]}},{"kind":"Field","name":{"kind":"Name","value":"zoneApplications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"zone"}},{"kind":"Field","name":{"kind":"Name","value":"schoolYear"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebApplicationsQuery, WebApplicationsQueryVariables>;
export const WebStartApplicationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebStartApplication"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartZoneApplicationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startZoneApplication"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<WebStartApplicationMutation, WebStartApplicationMutationVariables>;
export const WebApplicationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebApplication"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"zoneApplication"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebApplicationRecord"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebApplicationRecord"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ZoneApplication"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"zone"}},{"kind":"Field","name":{"kind":"Name","value":"schoolYear"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"agreement"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decisionNote"}},{"kind":"Field","name":{"kind":"Name","value":"decisionSummary"}},{"kind":"Field","name":{"kind":"Name","value":"placedZone"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"zoneMemberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zone"}},{"kind":"Field","name":{"kind":"Name","value":"schoolYear"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"teacher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"window"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"isOpen"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"rating"}},{"kind":"Field","name":{"kind":"Name","value":"links"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"evidenceDocuments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"filename"}},{"kind":"Field","name":{"kind":"Name","value":"byteSize"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"commitments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledged"}}]}},{"kind":"Field","name":{"kind":"Name","value":"letterOfSupport"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"filename"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"Field","name":{"kind":"Name","value":"clarifications"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"question"}},{"kind":"Field","name":{"kind":"Name","value":"askedAt"}},{"kind":"Field","name":{"kind":"Name","value":"askedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"answer"}},{"kind":"Field","name":{"kind":"Name","value":"answeredAt"}},{"kind":"Field","name":{"kind":"Name","value":"answeredBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"boardResolution"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"documents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"filename"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}}]} as unknown as DocumentNode<WebApplicationQuery, WebApplicationQueryVariables>;
export const WebApplicationEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebApplicationEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"applicationId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"applicationEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"applicationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"applicationId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"application"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<WebApplicationEventsSubscription, WebApplicationEventsSubscriptionVariables>;
export const WebEditApplicationSectionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebEditApplicationSection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EditApplicationSectionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"editApplicationSection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"section"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"body"}}]}},{"kind":"Field","name":{"kind":"Name","value":"conflict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"baseVersion"}},{"kind":"Field","name":{"kind":"Name","value":"tooManyChanges"}},{"kind":"Field","name":{"kind":"Name","value":"regions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"line"}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebEditApplicationSectionMutation, WebEditApplicationSectionMutationVariables>;
export const WebRateEvidenceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebRateEvidence"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RateEvidenceOfPracticeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rateEvidenceOfPractice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rating"}},{"kind":"Field","name":{"kind":"Name","value":"links"}}]}}]}}]} as unknown as DocumentNode<WebRateEvidenceMutation, WebRateEvidenceMutationVariables>;
export const WebAcknowledgeCommitmentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebAcknowledgeCommitments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AcknowledgeZoneCommitmentsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acknowledgeZoneCommitments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"commitments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledged"}}]}}]}}]}}]} as unknown as DocumentNode<WebAcknowledgeCommitmentsMutation, WebAcknowledgeCommitmentsMutationVariables>;
export const WebAttachApplicationDocumentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebAttachApplicationDocuments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AttachApplicationDocumentsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"attachApplicationDocuments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<WebAttachApplicationDocumentsMutation, WebAttachApplicationDocumentsMutationVariables>;
export const WebSubmitApplicationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebSubmitApplication"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitZoneApplicationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitZoneApplication"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}}]}}]}}]} as unknown as DocumentNode<WebSubmitApplicationMutation, WebSubmitApplicationMutationVariables>;
export const WebWithdrawApplicationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebWithdrawApplication"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ZoneApplicationRefInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"withdrawZoneApplication"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<WebWithdrawApplicationMutation, WebWithdrawApplicationMutationVariables>;
export const WebAnswerClarificationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebAnswerClarification"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AnswerApplicationClarificationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"answerApplicationClarification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"answer"}},{"kind":"Field","name":{"kind":"Name","value":"application"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<WebAnswerClarificationMutation, WebAnswerClarificationMutationVariables>;
export const WebSubmitBoardResolutionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebSubmitBoardResolution"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitBoardResolutionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitBoardResolution"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}}]}}]}}]} as unknown as DocumentNode<WebSubmitBoardResolutionMutation, WebSubmitBoardResolutionMutationVariables>;
export const WebApplicationSectionSyncDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebApplicationSectionSync"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sectionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"stateVector"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"applicationSectionSync"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sectionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sectionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"stateVector"},"value":{"kind":"Variable","name":{"kind":"Name","value":"stateVector"}}},{"kind":"Argument","name":{"kind":"Name","value":"clientId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"authorId"}},{"kind":"Field","name":{"kind":"Name","value":"update"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<WebApplicationSectionSyncSubscription, WebApplicationSectionSyncSubscriptionVariables>;
export const WebPushApplicationSectionUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebPushApplicationSectionUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PushApplicationSectionUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pushApplicationSectionUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<WebPushApplicationSectionUpdateMutation, WebPushApplicationSectionUpdateMutationVariables>;
export const WebPushApplicationSectionAwarenessDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebPushApplicationSectionAwareness"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PushApplicationSectionAwarenessInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pushApplicationSectionAwareness"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientId"}}]}}]}}]} as unknown as DocumentNode<WebPushApplicationSectionAwarenessMutation, WebPushApplicationSectionAwarenessMutationVariables>;
export const WebFacilitationQueueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebFacilitationQueue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"zone"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Zone"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ApplicationStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"schoolYear"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"facilitationTeam"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"applicationWindows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"zone"}},{"kind":"Field","name":{"kind":"Name","value":"schoolYear"}}]}},{"kind":"Field","name":{"kind":"Name","value":"zoneApplications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"zone"},"value":{"kind":"Variable","name":{"kind":"Name","value":"zone"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"schoolYear"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schoolYear"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"zone"}},{"kind":"Field","name":{"kind":"Name","value":"schoolYear"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"}}]}},{"kind":"Field","name":{"kind":"Name","value":"teacher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebFacilitationQueueQuery, WebFacilitationQueueQueryVariables>;
export const WebCohortDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebCohort"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"zone"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Zone"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"schoolYear"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zoneCohort"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"zone"},"value":{"kind":"Variable","name":{"kind":"Name","value":"zone"}}},{"kind":"Argument","name":{"kind":"Name","value":"schoolYear"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schoolYear"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizations"}},{"kind":"Field","name":{"kind":"Name","value":"teachers"}},{"kind":"Field","name":{"kind":"Name","value":"regions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"organizations"}},{"kind":"Field","name":{"kind":"Name","value":"teachers"}}]}},{"kind":"Field","name":{"kind":"Name","value":"regionsWithoutMembers"}},{"kind":"Field","name":{"kind":"Name","value":"withoutRegion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizations"}},{"kind":"Field","name":{"kind":"Name","value":"teachers"}}]}}]}}]}}]} as unknown as DocumentNode<WebCohortQuery, WebCohortQueryVariables>;
export const WebFacilitationApplicationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebFacilitationApplication"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zoneApplication"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebApplicationRecord"}},{"kind":"Field","name":{"kind":"Name","value":"reviewNotes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebApplicationRecord"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ZoneApplication"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"zone"}},{"kind":"Field","name":{"kind":"Name","value":"schoolYear"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"agreement"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decisionNote"}},{"kind":"Field","name":{"kind":"Name","value":"decisionSummary"}},{"kind":"Field","name":{"kind":"Name","value":"placedZone"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"zoneMemberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zone"}},{"kind":"Field","name":{"kind":"Name","value":"schoolYear"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"teacher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"window"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"isOpen"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"rating"}},{"kind":"Field","name":{"kind":"Name","value":"links"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"evidenceDocuments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"filename"}},{"kind":"Field","name":{"kind":"Name","value":"byteSize"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"commitments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledged"}}]}},{"kind":"Field","name":{"kind":"Name","value":"letterOfSupport"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"filename"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"Field","name":{"kind":"Name","value":"clarifications"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"question"}},{"kind":"Field","name":{"kind":"Name","value":"askedAt"}},{"kind":"Field","name":{"kind":"Name","value":"askedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"answer"}},{"kind":"Field","name":{"kind":"Name","value":"answeredAt"}},{"kind":"Field","name":{"kind":"Name","value":"answeredBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"boardResolution"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"documents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"filename"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}}]} as unknown as DocumentNode<WebFacilitationApplicationQuery, WebFacilitationApplicationQueryVariables>;
export const WebStartApplicationReviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebStartApplicationReview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ZoneApplicationRefInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startApplicationReview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<WebStartApplicationReviewMutation, WebStartApplicationReviewMutationVariables>;
export const WebAddReviewNoteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebAddReviewNote"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ApplicationNoteInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addApplicationReviewNote"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<WebAddReviewNoteMutation, WebAddReviewNoteMutationVariables>;
export const WebRequestClarificationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebRequestClarification"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestApplicationClarificationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestApplicationClarification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"application"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<WebRequestClarificationMutation, WebRequestClarificationMutationVariables>;
export const WebDecideApplicationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebDecideApplication"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DecideZoneApplicationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decideZoneApplication"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"placedZone"}},{"kind":"Field","name":{"kind":"Name","value":"decisionSummary"}}]}}]}}]} as unknown as DocumentNode<WebDecideApplicationMutation, WebDecideApplicationMutationVariables>;
export const WebAcceptBoardResolutionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebAcceptBoardResolution"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AcceptBoardResolutionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptBoardResolution"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedAt"}}]}}]}}]} as unknown as DocumentNode<WebAcceptBoardResolutionMutation, WebAcceptBoardResolutionMutationVariables>;
export const WebHomeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebHome"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"unreadNotificationCount"}},{"kind":"Field","alias":{"kind":"Name","value":"unread"},"name":{"kind":"Name","value":"notifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}},{"kind":"Argument","name":{"kind":"Name","value":"unreadOnly"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"subjectId"}},{"kind":"Field","name":{"kind":"Name","value":"unreadCount"}},{"kind":"Field","name":{"kind":"Name","value":"latestAt"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","alias":{"kind":"Name","value":"drafts"},"name":{"kind":"Name","value":"modules"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"DRAFT"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"toAnswer"},"name":{"kind":"Name","value":"partnerships"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"REQUESTED"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"studentCount"}},{"kind":"Field","name":{"kind":"Name","value":"business"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"opportunity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"learningPlan"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"items"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}},{"kind":"Argument","name":{"kind":"Name","value":"completed"},"value":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addedAt"}},{"kind":"Field","name":{"kind":"Name","value":"module"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"waiverRequests"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"viewerRole"}},{"kind":"Field","name":{"kind":"Name","value":"leadDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"zoneApplications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"zone"}},{"kind":"Field","name":{"kind":"Name","value":"schoolYear"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"teacher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebHomeQuery, WebHomeQueryVariables>;
export const WebUnreadCountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebUnreadCount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"unreadNotificationCount"}},{"kind":"Field","name":{"kind":"Name","value":"notifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"unreadOnly"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"unread"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebUnreadCountQuery, WebUnreadCountQueryVariables>;
export const WebInboxDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebInbox"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"unreadNotificationCount"}},{"kind":"Field","name":{"kind":"Name","value":"notifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebNotification"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebNotification"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Notification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"subjectId"}},{"kind":"Field","name":{"kind":"Name","value":"actors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"unreadCount"}},{"kind":"Field","name":{"kind":"Name","value":"activityCount"}},{"kind":"Field","name":{"kind":"Name","value":"unread"}},{"kind":"Field","name":{"kind":"Name","value":"latestAt"}},{"kind":"Field","name":{"kind":"Name","value":"readAt"}}]}}]} as unknown as DocumentNode<WebInboxQuery, WebInboxQueryVariables>;
export const WebNotificationEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebNotificationEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"unreadNotificationCount"}},{"kind":"Field","name":{"kind":"Name","value":"notification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebNotification"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebNotification"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Notification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"subjectId"}},{"kind":"Field","name":{"kind":"Name","value":"actors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"unreadCount"}},{"kind":"Field","name":{"kind":"Name","value":"activityCount"}},{"kind":"Field","name":{"kind":"Name","value":"unread"}},{"kind":"Field","name":{"kind":"Name","value":"latestAt"}},{"kind":"Field","name":{"kind":"Name","value":"readAt"}}]}}]} as unknown as DocumentNode<WebNotificationEventsSubscription, WebNotificationEventsSubscriptionVariables>;
export const WebMarkNotificationReadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebMarkNotificationRead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markNotificationRead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebNotification"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebNotification"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Notification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"subjectId"}},{"kind":"Field","name":{"kind":"Name","value":"actors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"unreadCount"}},{"kind":"Field","name":{"kind":"Name","value":"activityCount"}},{"kind":"Field","name":{"kind":"Name","value":"unread"}},{"kind":"Field","name":{"kind":"Name","value":"latestAt"}},{"kind":"Field","name":{"kind":"Name","value":"readAt"}}]}}]} as unknown as DocumentNode<WebMarkNotificationReadMutation, WebMarkNotificationReadMutationVariables>;
export const WebMarkAllNotificationsReadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebMarkAllNotificationsRead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markAllNotificationsRead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"marked"}},{"kind":"Field","name":{"kind":"Name","value":"unreadNotificationCount"}}]}}]}}]} as unknown as DocumentNode<WebMarkAllNotificationsReadMutation, WebMarkAllNotificationsReadMutationVariables>;
export const WebNotificationSettingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebNotificationSettings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"notificationSettings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"inApp"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]} as unknown as DocumentNode<WebNotificationSettingsQuery, WebNotificationSettingsQueryVariables>;
export const WebSetNotificationSettingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebSetNotificationSettings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetNotificationSettingsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setNotificationSettings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"inApp"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]} as unknown as DocumentNode<WebSetNotificationSettingsMutation, WebSetNotificationSettingsMutationVariables>;
export const WebCatalogueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebCatalogue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"LearningModuleFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"learningModules"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"competencies"}},{"kind":"Field","name":{"kind":"Name","value":"audiences"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"durationHours"}},{"kind":"Field","name":{"kind":"Name","value":"zones"}},{"kind":"Field","name":{"kind":"Name","value":"publisher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebCatalogueQuery, WebCatalogueQueryVariables>;
export const WebModuleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebModule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"learningModule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"durationHours"}},{"kind":"Field","name":{"kind":"Name","value":"audiences"}},{"kind":"Field","name":{"kind":"Name","value":"competencies"}},{"kind":"Field","name":{"kind":"Name","value":"zones"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"publisher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}},{"kind":"Field","name":{"kind":"Name","value":"prerequisites"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pathway"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"prerequisites"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"versions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"body"}}]}},{"kind":"Field","name":{"kind":"Name","value":"draft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"learningPlan"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"items"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"completed"},"value":{"kind":"BooleanValue","value":true}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"module"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebModuleQuery, WebModuleQueryVariables>;
export const WebModuleForEditingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebModuleForEditing"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"learningModule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"publisher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"audiences"}},{"kind":"Field","name":{"kind":"Name","value":"competencies"}},{"kind":"Field","name":{"kind":"Name","value":"durationHours"}},{"kind":"Field","name":{"kind":"Name","value":"zones"}},{"kind":"Field","name":{"kind":"Name","value":"draft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"audiences"}},{"kind":"Field","name":{"kind":"Name","value":"competencies"}},{"kind":"Field","name":{"kind":"Name","value":"durationHours"}},{"kind":"Field","name":{"kind":"Name","value":"zones"}}]}}]}}]}}]} as unknown as DocumentNode<WebModuleForEditingQuery, WebModuleForEditingQueryVariables>;
export const WebPublishersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebPublishers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebPublishersQuery, WebPublishersQueryVariables>;
export const WebCreateModuleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebCreateModule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateLearningModuleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createLearningModule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<WebCreateModuleMutation, WebCreateModuleMutationVariables>;
export const WebUpdateModuleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebUpdateModule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateLearningModuleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateLearningModule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"draft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}}]} as unknown as DocumentNode<WebUpdateModuleMutation, WebUpdateModuleMutationVariables>;
export const WebPublishModuleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebPublishModule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LearningModuleRefInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publishLearningModule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}}]}}]}}]} as unknown as DocumentNode<WebPublishModuleMutation, WebPublishModuleMutationVariables>;
export const WebArchiveModuleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebArchiveModule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LearningModuleRefInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"archiveLearningModule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"archivedAt"}}]}}]}}]} as unknown as DocumentNode<WebArchiveModuleMutation, WebArchiveModuleMutationVariables>;
export const WebPlanDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebPlan"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"learningPlan"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audience"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completed"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"evidenceUrl"}},{"kind":"Field","name":{"kind":"Name","value":"module"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommended"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebPlanQuery, WebPlanQueryVariables>;
export const WebAddToPlanDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebAddToPlan"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LearningModuleRefInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addToLearningPlan"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addedAt"}},{"kind":"Field","name":{"kind":"Name","value":"module"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<WebAddToPlanMutation, WebAddToPlanMutationVariables>;
export const WebCompleteModuleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebCompleteModule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CompleteLearningModuleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"completeLearningModule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"completed"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"module"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<WebCompleteModuleMutation, WebCompleteModuleMutationVariables>;
export const WebSetAudienceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebSetAudience"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetLearningPlanAudienceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setLearningPlanAudience"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audience"}}]}}]}}]} as unknown as DocumentNode<WebSetAudienceMutation, WebSetAudienceMutationVariables>;
export const WebDirectoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebDirectory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"OrganizationKind"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"zone"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Zone"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"region"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"schoolYear"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"regions"}},{"kind":"Field","name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"zone"},"value":{"kind":"Variable","name":{"kind":"Name","value":"zone"}}},{"kind":"Argument","name":{"kind":"Name","value":"region"},"value":{"kind":"Variable","name":{"kind":"Name","value":"region"}}},{"kind":"Argument","name":{"kind":"Name","value":"schoolYear"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schoolYear"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"zones"}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebDirectoryQuery, WebDirectoryQueryVariables>;
export const WebOrganizationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebOrganization"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"slug"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organization"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"slug"},"value":{"kind":"Variable","name":{"kind":"Name","value":"slug"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"zoneMemberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zone"}},{"kind":"Field","name":{"kind":"Name","value":"schoolYear"}}]}},{"kind":"Field","name":{"kind":"Name","value":"modules"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"PUBLISHED"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"opportunities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"OPEN"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"seatsRemaining"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebOrganizationQuery, WebOrganizationQueryVariables>;
export const WebMembersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebMembers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"slug"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"slug"},"value":{"kind":"Variable","name":{"kind":"Name","value":"slug"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebMembersQuery, WebMembersQueryVariables>;
export const WebAddMemberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebAddMember"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddMemberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addMember"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]}}]} as unknown as DocumentNode<WebAddMemberMutation, WebAddMemberMutationVariables>;
export const WebSetMemberRoleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebSetMemberRole"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetMemberRoleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setMemberRole"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<WebSetMemberRoleMutation, WebSetMemberRoleMutationVariables>;
export const WebRemoveMemberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebRemoveMember"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RemoveMemberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeMember"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<WebRemoveMemberMutation, WebRemoveMemberMutationVariables>;
export const WebRegionCountsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebRegionCounts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"OrganizationKind"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"zone"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Zone"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"schoolYear"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"central"},"name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"region"},"value":{"kind":"StringValue","value":"Central","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"zone"},"value":{"kind":"Variable","name":{"kind":"Name","value":"zone"}}},{"kind":"Argument","name":{"kind":"Name","value":"schoolYear"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schoolYear"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"kansasCity"},"name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"region"},"value":{"kind":"StringValue","value":"Kansas City","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"zone"},"value":{"kind":"Variable","name":{"kind":"Name","value":"zone"}}},{"kind":"Argument","name":{"kind":"Name","value":"schoolYear"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schoolYear"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"northeast"},"name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"region"},"value":{"kind":"StringValue","value":"Northeast","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"zone"},"value":{"kind":"Variable","name":{"kind":"Name","value":"zone"}}},{"kind":"Argument","name":{"kind":"Name","value":"schoolYear"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schoolYear"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"northwest"},"name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"region"},"value":{"kind":"StringValue","value":"Northwest","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"zone"},"value":{"kind":"Variable","name":{"kind":"Name","value":"zone"}}},{"kind":"Argument","name":{"kind":"Name","value":"schoolYear"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schoolYear"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"southCentral"},"name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"region"},"value":{"kind":"StringValue","value":"South Central","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"zone"},"value":{"kind":"Variable","name":{"kind":"Name","value":"zone"}}},{"kind":"Argument","name":{"kind":"Name","value":"schoolYear"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schoolYear"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"southeast"},"name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"region"},"value":{"kind":"StringValue","value":"Southeast","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"zone"},"value":{"kind":"Variable","name":{"kind":"Name","value":"zone"}}},{"kind":"Argument","name":{"kind":"Name","value":"schoolYear"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schoolYear"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"southwest"},"name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"region"},"value":{"kind":"StringValue","value":"Southwest","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"zone"},"value":{"kind":"Variable","name":{"kind":"Name","value":"zone"}}},{"kind":"Argument","name":{"kind":"Name","value":"schoolYear"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schoolYear"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"stLouis"},"name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"region"},"value":{"kind":"StringValue","value":"St. Louis","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"zone"},"value":{"kind":"Variable","name":{"kind":"Name","value":"zone"}}},{"kind":"Argument","name":{"kind":"Name","value":"schoolYear"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schoolYear"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<WebRegionCountsQuery, WebRegionCountsQueryVariables>;
export const WebBoardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebBoard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"OpportunityFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"regions"}},{"kind":"Field","name":{"kind":"Name","value":"opportunities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"skills"}},{"kind":"Field","name":{"kind":"Name","value":"gradeBands"}},{"kind":"Field","name":{"kind":"Name","value":"regions"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}},{"kind":"Field","name":{"kind":"Name","value":"seatsRemaining"}},{"kind":"Field","name":{"kind":"Name","value":"startsOn"}},{"kind":"Field","name":{"kind":"Name","value":"business"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebBoardQuery, WebBoardQueryVariables>;
export const WebOpportunityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebOpportunity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Opportunity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"skills"}},{"kind":"Field","name":{"kind":"Name","value":"gradeBands"}},{"kind":"Field","name":{"kind":"Name","value":"regions"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}},{"kind":"Field","name":{"kind":"Name","value":"seatsRemaining"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startsOn"}},{"kind":"Field","name":{"kind":"Name","value":"endsOn"}},{"kind":"Field","name":{"kind":"Name","value":"business"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebOpportunityQuery, WebOpportunityQueryVariables>;
export const WebRequestPartnershipDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebRequestPartnership"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestPartnershipInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestPartnership"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"studentCount"}}]}}]}}]} as unknown as DocumentNode<WebRequestPartnershipMutation, WebRequestPartnershipMutationVariables>;
export const WebPartnershipsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebPartnerships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"skillInterests"}},{"kind":"Field","name":{"kind":"Name","value":"partnerships"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"studentCount"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"business"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"opportunity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"seatsRemaining"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebPartnershipsQuery, WebPartnershipsQueryVariables>;
export const WebRespondDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebRespond"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RespondToPartnershipInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"respondToPartnership"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"opportunity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seatsRemaining"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebPartnershipDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebPartnershipDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Partnership"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"studentCount"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"business"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}},{"kind":"Field","name":{"kind":"Name","value":"opportunity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"startsOn"}},{"kind":"Field","name":{"kind":"Name","value":"endsOn"}},{"kind":"Field","name":{"kind":"Name","value":"seatsRemaining"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<WebRespondMutation, WebRespondMutationVariables>;
export const WebPartnershipEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebPartnershipEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"organizationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"partnershipEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"organizationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"organizationId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"previousStatus"}},{"kind":"Field","name":{"kind":"Name","value":"partnership"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<WebPartnershipEventsSubscription, WebPartnershipEventsSubscriptionVariables>;
export const WebRecommendationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebRecommendations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"districtId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recommendedOpportunities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"districtId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"districtId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"seatsRemaining"}},{"kind":"Field","name":{"kind":"Name","value":"skills"}},{"kind":"Field","name":{"kind":"Name","value":"business"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebRecommendationsQuery, WebRecommendationsQueryVariables>;
export const WebSetSkillInterestsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebSetSkillInterests"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetDistrictSkillInterestsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setDistrictSkillInterests"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"skillInterests"}}]}}]}}]} as unknown as DocumentNode<WebSetSkillInterestsMutation, WebSetSkillInterestsMutationVariables>;
export const WebPartnershipDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebPartnership"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebPartnershipDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebPartnershipDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Partnership"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"studentCount"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"business"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}},{"kind":"Field","name":{"kind":"Name","value":"opportunity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"startsOn"}},{"kind":"Field","name":{"kind":"Name","value":"endsOn"}},{"kind":"Field","name":{"kind":"Name","value":"seatsRemaining"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<WebPartnershipQuery, WebPartnershipQueryVariables>;
export const WebStartPartnershipDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebStartPartnership"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PartnershipTransitionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startPartnership"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebPartnershipDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebPartnershipDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Partnership"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"studentCount"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"business"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}},{"kind":"Field","name":{"kind":"Name","value":"opportunity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"startsOn"}},{"kind":"Field","name":{"kind":"Name","value":"endsOn"}},{"kind":"Field","name":{"kind":"Name","value":"seatsRemaining"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<WebStartPartnershipMutation, WebStartPartnershipMutationVariables>;
export const WebCompletePartnershipDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebCompletePartnership"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PartnershipTransitionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"completePartnership"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebPartnershipDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebPartnershipDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Partnership"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"studentCount"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"business"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}},{"kind":"Field","name":{"kind":"Name","value":"opportunity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"startsOn"}},{"kind":"Field","name":{"kind":"Name","value":"endsOn"}},{"kind":"Field","name":{"kind":"Name","value":"seatsRemaining"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<WebCompletePartnershipMutation, WebCompletePartnershipMutationVariables>;
export const WebCancelPartnershipDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebCancelPartnership"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PartnershipTransitionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelPartnership"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebPartnershipDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebPartnershipDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Partnership"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"studentCount"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"business"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}},{"kind":"Field","name":{"kind":"Name","value":"opportunity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"startsOn"}},{"kind":"Field","name":{"kind":"Name","value":"endsOn"}},{"kind":"Field","name":{"kind":"Name","value":"seatsRemaining"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<WebCancelPartnershipMutation, WebCancelPartnershipMutationVariables>;
export const WebDeskRolesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebDeskRoles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebDeskRolesQuery, WebDeskRolesQueryVariables>;
export const WebFacilitationTeamDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebFacilitationTeam"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"facilitationTeam"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<WebFacilitationTeamQuery, WebFacilitationTeamQueryVariables>;
export const WebReviewDeskDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebReviewDesk"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverStatus"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"waiverRequests"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"leadDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"districts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebReviewDeskQuery, WebReviewDeskQueryVariables>;
export const WebReviewRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebReviewRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"waiverRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decisionNote"}},{"kind":"Field","name":{"kind":"Name","value":"decidedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"textVersion"}},{"kind":"Field","name":{"kind":"Name","value":"textDigest"}},{"kind":"Field","name":{"kind":"Name","value":"leadDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}}]}},{"kind":"Field","name":{"kind":"Name","value":"signOffs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lead"}},{"kind":"Field","name":{"kind":"Name","value":"signedOffAt"}},{"kind":"Field","name":{"kind":"Name","value":"signedOffBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"signedTextVersion"}},{"kind":"Field","name":{"kind":"Name","value":"current"}},{"kind":"Field","name":{"kind":"Name","value":"staleSinceVersion"}}]}}]}}]}}]} as unknown as DocumentNode<WebReviewRequestQuery, WebReviewRequestQueryVariables>;
export const WebDecideWaiverDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebDecideWaiver"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DecideWaiverRequestInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decideWaiverRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decisionNote"}}]}}]}}]} as unknown as DocumentNode<WebDecideWaiverMutation, WebDecideWaiverMutationVariables>;
export const WebReviewEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebReviewEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"waiverRequestEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"waiverRequestId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<WebReviewEventsSubscription, WebReviewEventsSubscriptionVariables>;
export const WebWaiverListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebWaiverList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"zones"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"waiverRequests"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"viewerRole"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"leadDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebWaiverListQuery, WebWaiverListQueryVariables>;
export const WebCreateWaiverRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebCreateWaiverRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateWaiverRequestInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createWaiverRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<WebCreateWaiverRequestMutation, WebCreateWaiverRequestMutationVariables>;
export const WebWaiverRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebWaiverRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"waiverRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"viewerRole"}},{"kind":"Field","name":{"kind":"Name","value":"viewerCanEdit"}},{"kind":"Field","name":{"kind":"Name","value":"textDigest"}},{"kind":"Field","name":{"kind":"Name","value":"textVersion"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decisionNote"}},{"kind":"Field","name":{"kind":"Name","value":"decidedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"leadDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebWaiverSection"}}]}},{"kind":"Field","name":{"kind":"Name","value":"collaborators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"signOffs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lead"}},{"kind":"Field","name":{"kind":"Name","value":"current"}},{"kind":"Field","name":{"kind":"Name","value":"signedOffAt"}},{"kind":"Field","name":{"kind":"Name","value":"signedTextVersion"}},{"kind":"Field","name":{"kind":"Name","value":"staleSinceVersion"}},{"kind":"Field","name":{"kind":"Name","value":"signedOffBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebWaiverComment"}},{"kind":"Field","name":{"kind":"Name","value":"replies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebWaiverComment"}}]}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebWaiverSection"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverSection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"guidance"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"editors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebWaiverComment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverComment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"renderedBody"}},{"kind":"Field","name":{"kind":"Name","value":"quote"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"resolved"}},{"kind":"Field","name":{"kind":"Name","value":"resolvedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resolvedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"section"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<WebWaiverRequestQuery, WebWaiverRequestQueryVariables>;
export const WebWaiverSignedTextsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebWaiverSignedTexts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"waiverRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"signOffs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signedTextVersion"}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"signedText"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebWaiverSignedText"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebWaiverSignedText"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverSignedText"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"textVersion"}},{"kind":"Field","name":{"kind":"Name","value":"sections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<WebWaiverSignedTextsQuery, WebWaiverSignedTextsQueryVariables>;
export const WebSdzDistrictsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebSdzDistricts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"EnumValue","value":"DISTRICT"}},{"kind":"Argument","name":{"kind":"Name","value":"zone"},"value":{"kind":"EnumValue","value":"SYSTEM_DESIGN"}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebSdzDistrictsQuery, WebSdzDistrictsQueryVariables>;
export const WebWaiverMentionCandidatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebWaiverMentionCandidates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"waiverMentionCandidates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"waiverRequestId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"8"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"token"}}]}}]}}]} as unknown as DocumentNode<WebWaiverMentionCandidatesQuery, WebWaiverMentionCandidatesQueryVariables>;
export const WebWaiverRequestEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebWaiverRequestEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"waiverRequestEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"waiverRequestId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"byViewer"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverSectionEdited"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"section"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverStatusChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverPresenceChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"presenceChange"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"openSection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverCommentAdded"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"comment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverSuggestionChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suggestionChange"}},{"kind":"Field","name":{"kind":"Name","value":"section"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebWaiverRequestEventsSubscription, WebWaiverRequestEventsSubscriptionVariables>;
export const WebWaiverSectionSyncDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebWaiverSectionSync"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sectionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"stateVector"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"waiverSectionSync"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sectionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sectionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"stateVector"},"value":{"kind":"Variable","name":{"kind":"Name","value":"stateVector"}}},{"kind":"Argument","name":{"kind":"Name","value":"clientId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"authorId"}},{"kind":"Field","name":{"kind":"Name","value":"update"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<WebWaiverSectionSyncSubscription, WebWaiverSectionSyncSubscriptionVariables>;
export const WebPushWaiverSectionUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebPushWaiverSectionUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PushWaiverSectionUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pushWaiverSectionUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<WebPushWaiverSectionUpdateMutation, WebPushWaiverSectionUpdateMutationVariables>;
export const WebPushWaiverSectionAwarenessDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebPushWaiverSectionAwareness"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PushWaiverSectionAwarenessInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pushWaiverSectionAwareness"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<WebPushWaiverSectionAwarenessMutation, WebPushWaiverSectionAwarenessMutationVariables>;
export const WebAddWaiverSectionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebAddWaiverSection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddWaiverSectionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addWaiverSection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<WebAddWaiverSectionMutation, WebAddWaiverSectionMutationVariables>;
export const WebRenameWaiverSectionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebRenameWaiverSection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RenameWaiverSectionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"renameWaiverSection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]} as unknown as DocumentNode<WebRenameWaiverSectionMutation, WebRenameWaiverSectionMutationVariables>;
export const WebMoveWaiverSectionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebMoveWaiverSection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MoveWaiverSectionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"moveWaiverSection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<WebMoveWaiverSectionMutation, WebMoveWaiverSectionMutationVariables>;
export const WebAddWaiverCommentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebAddWaiverComment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddWaiverCommentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addWaiverComment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<WebAddWaiverCommentMutation, WebAddWaiverCommentMutationVariables>;
export const WebResolveWaiverCommentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebResolveWaiverComment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ResolveWaiverCommentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resolveWaiverComment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"resolved"}}]}}]}}]} as unknown as DocumentNode<WebResolveWaiverCommentMutation, WebResolveWaiverCommentMutationVariables>;
export const WebRestoreWaiverSectionRevisionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebRestoreWaiverSectionRevision"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RestoreWaiverSectionRevisionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"restoreWaiverSectionRevision"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<WebRestoreWaiverSectionRevisionMutation, WebRestoreWaiverSectionRevisionMutationVariables>;
export const WebInviteWaiverCollaboratorDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebInviteWaiverCollaborator"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InviteWaiverCollaboratorInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inviteWaiverCollaborator"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]} as unknown as DocumentNode<WebInviteWaiverCollaboratorMutation, WebInviteWaiverCollaboratorMutationVariables>;
export const WebRemoveWaiverCollaboratorDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebRemoveWaiverCollaborator"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RemoveWaiverCollaboratorInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeWaiverCollaborator"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<WebRemoveWaiverCollaboratorMutation, WebRemoveWaiverCollaboratorMutationVariables>;
export const WebAddWaiverDistrictDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebAddWaiverDistrict"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddWaiverDistrictInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addWaiverDistrict"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<WebAddWaiverDistrictMutation, WebAddWaiverDistrictMutationVariables>;
export const WebSignOffWaiverRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebSignOffWaiverRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SignOffWaiverRequestInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signOffWaiverRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"current"}},{"kind":"Field","name":{"kind":"Name","value":"signedOffAt"}}]}}]}}]} as unknown as DocumentNode<WebSignOffWaiverRequestMutation, WebSignOffWaiverRequestMutationVariables>;
export const WebStartWaiverReviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebStartWaiverReview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverRequestActionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startWaiverReview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<WebStartWaiverReviewMutation, WebStartWaiverReviewMutationVariables>;
export const WebSubmitWaiverRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebSubmitWaiverRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverRequestActionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitWaiverRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<WebSubmitWaiverRequestMutation, WebSubmitWaiverRequestMutationVariables>;
export const WebWithdrawWaiverRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebWithdrawWaiverRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverRequestActionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"withdrawWaiverRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<WebWithdrawWaiverRequestMutation, WebWithdrawWaiverRequestMutationVariables>;
export const WebWaiverSectionHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebWaiverSectionHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sectionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sectionId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverSection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"revisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"restoredFromVersion"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebWaiverSectionHistoryQuery, WebWaiverSectionHistoryQueryVariables>;
export const WebSuggestWaiverSectionChangeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebSuggestWaiverSectionChange"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SuggestWaiverSectionChangeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suggestWaiverSectionChange"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebWaiverSuggestion"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebWaiverSuggestion"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverSuggestion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"deletedText"}},{"kind":"Field","name":{"kind":"Name","value":"fromPosition"}},{"kind":"Field","name":{"kind":"Name","value":"toPosition"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<WebSuggestWaiverSectionChangeMutation, WebSuggestWaiverSectionChangeMutationVariables>;
export const WebAcceptWaiverSuggestionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebAcceptWaiverSuggestion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverSuggestionActionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptWaiverSuggestion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<WebAcceptWaiverSuggestionMutation, WebAcceptWaiverSuggestionMutationVariables>;
export const WebRejectWaiverSuggestionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebRejectWaiverSuggestion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverSuggestionActionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectWaiverSuggestion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<WebRejectWaiverSuggestionMutation, WebRejectWaiverSuggestionMutationVariables>;
export const WebDecideWaiverSuggestionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebDecideWaiverSuggestions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DecideWaiverSuggestionsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decideWaiverSuggestions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decided"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<WebDecideWaiverSuggestionsMutation, WebDecideWaiverSuggestionsMutationVariables>;
export const WebWaiverSectionSuggestionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebWaiverSectionSuggestions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sectionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sectionId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverSection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suggestions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebWaiverSuggestion"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebWaiverSuggestion"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WaiverSuggestion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"deletedText"}},{"kind":"Field","name":{"kind":"Name","value":"fromPosition"}},{"kind":"Field","name":{"kind":"Name","value":"toPosition"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<WebWaiverSectionSuggestionsQuery, WebWaiverSectionSuggestionsQueryVariables>;