/**
 * Demo waiver request: three SDZ districts (Cedar Bluff R-II leading, Marais
 * Valley R-VII and Big Piney C-4 co-signing) drafting an MSIP 6 waiver for
 * competency-based credit, with revision history (including a three-way
 * merge), comment threads, and collaborators ready for presence.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { User } from '../modules/users/user.entity';
import { CollaboratorRole, WaiverKind, WaiverRevisionKind } from '../modules/waivers/waiver.enums';
import { WaiverRequest } from '../modules/waivers/waiver.entity';
import { WaiverCollaborator, WaiverDistrict } from '../modules/waivers/waiver-party.entity';
import { WaiverComment } from '../modules/waivers/waiver-comment.entity';
import { WaiverRevision, WaiverSection } from '../modules/waivers/waiver-section.entity';
import { STANDARD_SECTIONS } from '../modules/waivers/waiver.state';
import type { SeededNetwork } from './seeded-network';

/** Each standard section's history: successive texts and who wrote them (email), oldest first. */
const HISTORY: Record<string, Array<{ by: string; body: string; kind?: WaiverRevisionKind; baseVersion?: number }>> = {
  requirement: [
    { by: 'sam.ortiz@cedar-bluff.example', body: 'MSIP 6 requirements tying high school credit to minimum instructional time (seat time) per course.' },
    {
      by: 'renee.cartwright@marais-valley.example',
      body: [
        'MSIP 6 requirements tying high school credit to minimum instructional time (seat time) per course.',
        '',
        'We ask that a district may award credit when a student demonstrates mastery of the course competencies, whatever the hours spent.',
      ].join('\n'),
    },
  ],
  rationale: [
    {
      by: 'ana.silva@cedar-bluff.example',
      body: [
        'Students who master competencies early wait for the calendar instead of moving on.',
        'Students who need more time are moved on before they are ready.',
        'Seat time measures attendance, not learning.',
      ].join('\n'),
    },
    {
      by: 'tom.becker@big-piney.example',
      body: [
        'Students who master competencies early wait for the calendar instead of moving on.',
        'Students who need more time are moved on before they are ready, with gaps that follow them.',
        'Seat time measures attendance, not learning.',
      ].join('\n'),
    },
    {
      by: 'ana.silva@cedar-bluff.example',
      kind: WaiverRevisionKind.MERGED,
      baseVersion: 2,
      body: [
        'Students who master competencies early wait for the calendar instead of moving on.',
        'Students who need more time are moved on before they are ready, with gaps that follow them.',
        'Seat time measures attendance, not learning; our graduate profile asks for evidence of mastery.',
      ].join('\n'),
    },
  ],
  alternative: [
    {
      by: 'sam.ortiz@cedar-bluff.example',
      body: 'Credit is awarded on demonstrated mastery, verified by common performance assessments scored by teacher teams in all three districts.',
    },
  ],
  readiness: [
    {
      by: 'renee.cartwright@marais-valley.example',
      body: [
        '- Cedar Bluff R-II: competency-based diplomas in grades 9-12 since 2022.',
        '- Marais Valley R-VII: mastery transcripts piloted in two high schools.',
        '- Big Piney C-4: flexible pacing across K-8, with a board resolution of 2023.',
      ].join('\n'),
    },
  ],
  engagement: [
    {
      by: 'tom.becker@big-piney.example',
      body: 'Family forums in each district, a student advisory panel, and two employer round tables with Real World Learning partners.',
    },
  ],
  accountability: [
    { by: 'ana.silva@cedar-bluff.example', body: 'Students defend a portfolio each semester before a panel of teachers and community members.' },
  ],
  timeline: [
    {
      by: 'sam.ortiz@cedar-bluff.example',
      body: '- 2026-2027: pilot in grades 9-10.\n- 2027-2028: all high school grades.\n- Each June: joint report to the state agency.',
    },
  ],
};

/** Seeds the demo waiver request (DRAFT), ready to be co-edited live. */
export function seedWaivers(em: EntityManager, { organizations, users }: SeededNetwork): void {
  const user = (email: string): User => users.get(email)!;
  const lead = organizations.get('cedar-bluff-r2')!;
  const sam = user('sam.ortiz@cedar-bluff.example');
  const request = em.create(WaiverRequest, {
    title: 'Competency-based credit in place of seat time',
    kind: WaiverKind.MSIP6,
    leadDistrict: lead,
    createdBy: sam,
  });
  // Distinct times keep the order people joined in.
  const joined = (minutes: number) => new Date(Date.now() - (60 - minutes) * 60_000);
  ['cedar-bluff-r2', 'marais-valley-r7', 'big-piney-c4'].forEach((slug, i) => {
    em.create(WaiverDistrict, { waiverRequest: request, organization: organizations.get(slug)!, lead: i === 0, createdAt: joined(i) });
  });
  const collaborators: Array<[string, CollaboratorRole, string]> = [
    ['sam.ortiz@cedar-bluff.example', CollaboratorRole.LEAD, 'cedar-bluff-r2'],
    ['renee.cartwright@marais-valley.example', CollaboratorRole.AUTHOR, 'marais-valley-r7'],
    ['tom.becker@big-piney.example', CollaboratorRole.AUTHOR, 'big-piney-c4'],
    ['ana.silva@cedar-bluff.example', CollaboratorRole.AUTHOR, 'cedar-bluff-r2'],
  ];
  collaborators.forEach(([email, role, district], i) => {
    em.create(WaiverCollaborator, {
      waiverRequest: request,
      user: user(email),
      role,
      district: organizations.get(district)!,
      invitedBy: sam,
      createdAt: joined(i),
    });
  });

  const sections = new Map<string, WaiverSection>();
  STANDARD_SECTIONS.forEach(({ key, title }, index) => {
    const history = HISTORY[key] ?? [];
    const last = history[history.length - 1];
    const section = em.create(WaiverSection, {
      waiverRequest: request,
      key,
      title,
      position: index + 1,
      body: last?.body ?? '',
      version: history.length + 1,
      updatedBy: last ? user(last.by) : sam,
    });
    sections.set(key, section);
    em.create(WaiverRevision, { waiverRequest: request, section, version: 1, body: '', kind: WaiverRevisionKind.CREATED, author: sam });
    history.forEach((revision, i) => {
      em.create(WaiverRevision, {
        waiverRequest: request,
        section,
        version: i + 2,
        body: revision.body,
        author: user(revision.by),
        kind: revision.kind ?? WaiverRevisionKind.EDITED,
        baseVersion: revision.baseVersion ?? i + 1,
      });
    });
  });

  const question = em.create(WaiverComment, {
    waiverRequest: request,
    section: sections.get('accountability')!,
    author: user('renee.cartwright@marais-valley.example'),
    body: 'Who scores the portfolios, and how do we keep scoring consistent across three districts?',
    quote: 'defend a portfolio',
  });
  em.create(WaiverComment, {
    waiverRequest: request,
    section: sections.get('accountability')!,
    parent: question,
    author: user('ana.silva@cedar-bluff.example'),
    body: 'Teacher teams from all three districts calibrate on shared anchor portfolios each fall.',
  });
  const settled = em.create(WaiverComment, {
    waiverRequest: request,
    section: sections.get('rationale')!,
    author: user('tom.becker@big-piney.example'),
    body: 'Can we cite the graduate profile here?',
    quote: 'Seat time measures attendance, not learning',
    resolvedAt: new Date(),
    resolvedBy: user('ana.silva@cedar-bluff.example'),
  });
  em.create(WaiverComment, {
    waiverRequest: request,
    section: sections.get('rationale')!,
    parent: settled,
    author: user('ana.silva@cedar-bluff.example'),
    body: 'Done in the last revision.',
  });
}
