/** Words for the API's enum values, as people read them. */
const WORDS: Record<string, string> = {
  HIGHER_ED: 'Higher education',
  REGIONAL: 'Regional organization',
  BUSINESS: 'Business',
  DISTRICT: 'District',
  STATE_AGENCY: 'State agency',
  SYSTEM_DESIGN: 'System Design Zone',
  INNOVATIVE_LEARNING_DESIGN: 'Innovative Learning Design Zone',
  COLLABORATIVE_NETWORK: 'Collaborative Network Zone',
  OWNER: 'Owner',
  EDITOR: 'Editor',
  VIEWER: 'Viewer',
  PRESERVICE: 'Preservice',
  NEW_EDUCATOR: 'New educator',
  VETERAN_EDUCATOR: 'Veteran educator',
  SCHOOL_LEADER: 'School leader',
  IN_PERSON: 'In person',
  VIRTUAL: 'Virtual',
  HYBRID: 'Hybrid',
  SELF_PACED: 'Self-paced',
  INTERNSHIP: 'Internship',
  JOB_SHADOW: 'Job shadow',
  APPRENTICESHIP: 'Apprenticeship',
  CLIENT_PROJECT: 'Client project',
  GUEST_SPEAKER: 'Guest speaker',
  SITE_VISIT: 'Site visit',
  MENTORSHIP: 'Mentorship',
  EXPERT_ADVISOR: 'Expert advisor',
  REQUESTED: 'Requested',
  ACCEPTED: 'Accepted',
  DECLINED: 'Declined',
  ACTIVE: 'Active',
  COMPLETED: 'Completed',
  CANCELLED: 'Cancelled',
  DRAFT: 'Draft',
  PUBLISHED: 'Published',
  ARCHIVED: 'Archived',
  OPEN: 'Open',
  CLOSED: 'Closed',
  IN_REVIEW: 'In review',
  SUBMITTED: 'Submitted',
  APPROVED: 'Approved',
  DENIED: 'Denied',
  WITHDRAWN: 'Withdrawn',
  LEAD: 'Lead',
  AUTHOR: 'Author',
  REVIEWER: 'Reviewer',
};

export const label = (value: string | null | undefined): string => (value ? (WORDS[value] ?? value) : '');

export const ORGANIZATION_KINDS = ['HIGHER_ED', 'REGIONAL', 'BUSINESS', 'DISTRICT', 'STATE_AGENCY'] as const;
export const ZONES = ['SYSTEM_DESIGN', 'INNOVATIVE_LEARNING_DESIGN', 'COLLABORATIVE_NETWORK'] as const;
export const ROLES = ['OWNER', 'EDITOR', 'VIEWER'] as const;
export const AUDIENCES = ['PRESERVICE', 'NEW_EDUCATOR', 'VETERAN_EDUCATOR', 'SCHOOL_LEADER'] as const;
export const FORMATS = ['IN_PERSON', 'VIRTUAL', 'HYBRID', 'SELF_PACED'] as const;
export const OPPORTUNITY_KINDS = [
  'INTERNSHIP',
  'JOB_SHADOW',
  'APPRENTICESHIP',
  'CLIENT_PROJECT',
  'GUEST_SPEAKER',
  'SITE_VISIT',
  'MENTORSHIP',
  'EXPERT_ADVISOR',
] as const;

export const formatDate = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' }) : '';
