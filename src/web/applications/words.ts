/** Words for the applications' enum values, and the SDZ → ILDZ rule as people read it. */
import { formatDate, label } from '../shell/labels';

const WORDS: Record<string, string> = {
  DRAFT: 'Draft',
  SUBMITTED: 'Submitted',
  UNDER_REVIEW: 'Under review',
  NEEDS_CLARIFICATION: 'Needs clarification',
  SELECTED: 'Selected',
  NOT_SELECTED: 'Not selected',
  WITHDRAWN: 'Withdrawn',
  IN_PLACE: 'In place',
  UNDER_CONSTRUCTION: 'Under construction',
  NOT_YET: 'Not yet',
  OUTSTANDING: 'Outstanding',
  RECEIVED: 'Received',
  ACCEPTED: 'Accepted',
};

export const words = (value: string | null | undefined): string => (value ? (WORDS[value] ?? label(value)) : '');

export const APPLICATION_STATUSES = ['SUBMITTED', 'UNDER_REVIEW', 'NEEDS_CLARIFICATION', 'SELECTED', 'NOT_SELECTED', 'WITHDRAWN'] as const;
export const RATINGS = ['IN_PLACE', 'UNDER_CONSTRUCTION', 'NOT_YET'] as const;

/** Short zone names (SDZ, ILDZ, CNZ) for tight places. */
export const ZONE_SHORT: Record<string, string> = { SYSTEM_DESIGN: 'SDZ', INNOVATIVE_LEARNING_DESIGN: 'ILDZ', COLLABORATIVE_NETWORK: 'CNZ' };

/** What a decision will do, said before it is confirmed (the hub's rule: src/modules/applications, `placementOf`). */
export function decisionConsequence(zone: string, decision: 'SELECTED' | 'NOT_SELECTED', applicant: string, schoolYear: string): string {
  if (decision === 'SELECTED') {
    const resolution = zone === 'SYSTEM_DESIGN' ? ' Its board resolution supporting participation becomes due 60 days after today.' : '';
    return `${applicant} becomes a member of the ${label(zone)} for ${schoolYear}.${resolution}`;
  }
  if (zone === 'SYSTEM_DESIGN')
    return `Not selecting ${applicant} for the System Design Zone places it in the Innovative Learning Design Zone (ILDZ) for ${schoolYear}: the hub makes it an ILDZ member when you confirm.`;
  return `${applicant} is not placed in any zone for ${schoolYear}.`;
}

export const when = (iso: string | null | undefined): string => formatDate(iso);
