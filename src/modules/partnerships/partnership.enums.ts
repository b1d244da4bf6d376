/** The vocabulary of business-to-education (B2E) partnerships, registered as GraphQL enums. */
import { registerEnumType } from 'type-graphql';

export enum OpportunityKind {
  INTERNSHIP = 'INTERNSHIP',
  JOB_SHADOW = 'JOB_SHADOW',
  APPRENTICESHIP = 'APPRENTICESHIP',
  CLIENT_PROJECT = 'CLIENT_PROJECT',
  GUEST_SPEAKER = 'GUEST_SPEAKER',
  SITE_VISIT = 'SITE_VISIT',
  MENTORSHIP = 'MENTORSHIP',
  EXPERT_ADVISOR = 'EXPERT_ADVISOR',
}

export enum OpportunityStatus {
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

export enum PartnershipStatus {
  REQUESTED = 'REQUESTED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

export enum PartnershipDecision {
  ACCEPT = 'ACCEPT',
  DECLINE = 'DECLINE',
}

/** Grade bands an opportunity is meant for. */
export const GRADE_BANDS = ['K-2', '3-5', '6-8', '9-12'] as const;

registerEnumType(OpportunityKind, {
  name: 'OpportunityKind',
  description: 'What kind of real-world learning a business offers',
  valuesConfig: {
    INTERNSHIP: { description: 'Paid or unpaid work experience over weeks' },
    JOB_SHADOW: { description: 'Students follow an employee through a workday' },
    APPRENTICESHIP: { description: 'Registered or pre-apprenticeship training' },
    CLIENT_PROJECT: { description: 'Students solve a real problem for the business' },
    GUEST_SPEAKER: { description: 'A professional visits the classroom' },
    SITE_VISIT: { description: 'A class tours the workplace' },
    MENTORSHIP: { description: 'One-to-one or small-group mentoring' },
    EXPERT_ADVISOR: { description: 'Advice to educators on essential employability skills' },
  },
});
registerEnumType(OpportunityStatus, {
  name: 'OpportunityStatus',
  description: 'DRAFT (visible to the business only) -> OPEN (discoverable and requestable) -> CLOSED',
});
registerEnumType(PartnershipStatus, {
  name: 'PartnershipStatus',
  description:
    'REQUESTED -> ACCEPTED or DECLINED; ACCEPTED -> ACTIVE -> COMPLETED; CANCELLED by either side before completion. ACCEPTED, ACTIVE and COMPLETED hold seats.',
});
registerEnumType(PartnershipDecision, { name: 'PartnershipDecision', description: "A business's answer to a partnership request" });
