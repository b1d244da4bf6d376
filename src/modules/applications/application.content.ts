/**
 * What each zone asks of its applicants, verbatim from the Innovation Zones
 * text (seed 004): who may apply, the SDZ Evidence of Practice, each zone's
 * commitments, and what submitting means; and the zones' names as people
 * read them (the one map on the server: decisions, notifications, exports).
 */
import { OrganizationKind, Zone } from '../../domain/enums';

/** The zones' names (DOMAIN.md), and their short forms. */
export const ZONE_NAMES: Record<Zone, string> = {
  [Zone.SYSTEM_DESIGN]: 'System Design Zone',
  [Zone.INNOVATIVE_LEARNING_DESIGN]: 'Innovative Learning Design Zone',
  [Zone.COLLABORATIVE_NETWORK]: 'Collaborative Network Zone',
};
export const ZONE_SHORT_NAMES: Record<Zone, string> = {
  [Zone.SYSTEM_DESIGN]: 'SDZ',
  [Zone.INNOVATIVE_LEARNING_DESIGN]: 'ILDZ',
  [Zone.COLLABORATIVE_NETWORK]: 'CNZ',
};

/** A zone's name, e.g. "System Design Zone" (an unknown value as it is). */
export const zoneName = (zone: string): string => ZONE_NAMES[zone as Zone] ?? zone;

export interface EvidenceOfPractice {
  key: string;
  /** The practice as the seed names it. */
  title: string;
}

/** "Districts wishing to participate in SDZ should have evidence the following practices are in place or are under construction in their system". */
export const EVIDENCE_OF_PRACTICE: readonly EvidenceOfPractice[] = [
  { key: 'cbl-practices', title: 'Use of competency-based learning (CBL) practices.' },
  { key: 'data-for-system-change', title: 'Use of data to inform system change and improvement.' },
  {
    key: 'assessment-for-learning',
    title: 'Use of assessment for learning practices (especially formative, summative, interim assessments that demonstrate student growth).',
  },
  {
    key: 'professional-learning',
    title:
      'Professional learning that supports implementation of CBL, including current or desired future use of real world learning opportunities for students done in collaboration with identified partners (e.g. businesses, industry, entrepreneurial opportunities, etc).',
  },
];

export interface Commitment {
  key: string;
  text: string;
}

const list = (prefix: string, texts: string[]): Commitment[] => texts.map((text, i) => ({ key: `${prefix}-${i + 1}`, text }));

/** Each zone's commitments, in the seed's order and words. */
export const COMMITMENTS: Record<Zone, readonly Commitment[]> = {
  [Zone.SYSTEM_DESIGN]: list('sdz', [
    'Sharing examples of how a competency-based mind-set is used to create personalized learning experiences, digital (e.g. text, video, etc) examples of which can be used for professional learning by other districts.',
    'Creating real world learning opportunities for students in collaboration with identified partners (e.g. businesses, industry, entrepreneurial opportunities, higher ed. etc.).',
    'Participating fully in regularly scheduled meetings (e.g. virtual, hybrid).',
    'Engaging in study and research (within approved and secure protocols) which inform instructional practice and system design that help identify important qualities of an assessment for learning and reimagined accreditation system.',
    'Supporting development of and considering participation in group designed waiver request(s) to DESE (e.g MSIP 6, federal) that identify solutions to barriers currently impeding the goal of every student mastering the knowledge, skills and dispositions they need to be high school, college, career and workplace ready.',
    'Using learning from the SDZ to support DESE in design work leading to creation of reimagined assessment and accreditation systems.',
    'Serving as a site visit location for other Missouri educators and stakeholders.',
  ]),
  [Zone.INNOVATIVE_LEARNING_DESIGN]: list('ildz', [
    'Demonstrate a desire to grow in the use of competency-based learning (CBL) practices.',
    'Engage in monthly statewide professional learning.',
    'Support professional learning design and development of CBL related training materials as appropriate for use locally and/or statewide.',
    'Support improvements in curriculum and assessment design.',
    'Engage local stakeholder groups in using a CBL mind-set to support high school, college, career and workplace readiness.',
    'Prepare for engagement in a future System Design Zone cohort.',
  ]),
  [Zone.COLLABORATIVE_NETWORK]: list('cnz', [
    'Demonstrate a desire to grow in the use of competency-based learning (CBL) practices.',
    'Engage in monthly statewide professional learning.',
    'Support state-wide and regional efforts to collaboratively create aligned structures and processes that support a competency-based learning mind-set. As one example, higher education institutions work together to ensure all preservice, new teachers and veteran educators have access to a continuum of quality professional learning.',
  ]),
};

/** What submitting an application means, stated at submit (the seed's words). */
export const AGREEMENT: Record<Zone, string> = {
  [Zone.SYSTEM_DESIGN]:
    'Participating districts will be asked to secure from their Board of Education a resolution supporting participation in the System Design Zone.',
  [Zone.INNOVATIVE_LEARNING_DESIGN]:
    'Submission of an application serves as agreement to commit. In addition, a signed letter of support from the Superintendent is required.',
  [Zone.COLLABORATIVE_NETWORK]: 'Submission of an application serves as agreement to commit.',
};

/** Who applies to each zone, by organization kind ("public K-12, K-8 and charter districts" are DISTRICTs). */
export const APPLICANT_KINDS: Record<Zone, readonly OrganizationKind[]> = {
  [Zone.SYSTEM_DESIGN]: [OrganizationKind.DISTRICT],
  [Zone.INNOVATIVE_LEARNING_DESIGN]: [OrganizationKind.DISTRICT, OrganizationKind.SCHOOL],
  [Zone.COLLABORATIVE_NETWORK]: [OrganizationKind.STATE_AGENCY, OrganizationKind.REGIONAL, OrganizationKind.HIGHER_ED, OrganizationKind.BUSINESS],
};

/** Individual teachers apply to the ILDZ only ("emerging CBL districts, schools and/or teachers"). */
export const TEACHER_ZONES: readonly Zone[] = [Zone.INNOVATIVE_LEARNING_DESIGN];

export interface NarrativePrompt {
  key: string;
  title: string;
}

/** The co-drafted answers each zone asks for, besides the SDZ evidence narratives. */
export const NARRATIVES: Record<Zone, readonly NarrativePrompt[]> = {
  [Zone.SYSTEM_DESIGN]: [{ key: 'system-overview', title: 'Where your district is in its journey toward a personalized, competency-based learning system' }],
  [Zone.INNOVATIVE_LEARNING_DESIGN]: [
    { key: 'cbl-principles', title: 'How you have demonstrated application of competency-based learning (CBL) principles' },
    { key: 'growth-goals', title: 'What you hope to grow through professional learning with the System Design Zone' },
  ],
  [Zone.COLLABORATIVE_NETWORK]: [
    { key: 'contribution', title: 'How your organization will support a personalized professional learning system for SDZ and ILDZ educators' },
  ],
};

/** Board resolutions are due this many days after an SDZ selection unless the decision names a date. */
export const BOARD_RESOLUTION_DAYS = 60;
