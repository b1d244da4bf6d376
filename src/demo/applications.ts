/**
 * Demo zone applications for 2027-2028: windows open for all three zones
 * (the SDZ's extended), a facilitation team of two, and an application in
 * every state of the journey:
 *  - Little Dixie R-V (ILDZ) co-writing an SDZ draft: Maya and Omar, with a merged revision;
 *  - Pine Ridge Elementary (a school of Current River C-2) SUBMITTED to the ILDZ, letter of support attached;
 *  - Sni-A-Bar Valley R-IX's SDZ application NEEDS_CLARIFICATION, a question from Rosa open;
 *  - Whitewater Creek R-IV SELECTED for the SDZ, its board resolution OUTSTANDING and due;
 *  - Meramec Heights NOT_SELECTED for the SDZ and placed in the ILDZ.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Zone } from '../domain/enums';
import { COMMITMENTS, EVIDENCE_OF_PRACTICE, NARRATIVES } from '../modules/applications/application.content';
import { APPLICATION_TARGET, SECTION_TARGET } from '../modules/applications/application.documents';
import {
  ApplicationClarification,
  ApplicationReviewNote,
  ApplicationSection,
  ApplicationSectionRevision,
  ApplicationWindow,
  BoardResolutionRequirement,
  FacilitationTeamMember,
  ZoneApplication,
} from '../modules/applications/application.entity';
import { ApplicationSectionKind, ApplicationStatus, EvidenceRating } from '../modules/applications/application.enums';
import { Document, DocumentContent, DocumentPurpose } from '../modules/documents';
import { ZoneMembership } from '../modules/organizations/zone-membership.entity';
import type { Organization } from '../modules/organizations/organization.entity';
import type { User } from '../modules/users/user.entity';

/** What the network seed made (seed.ts's SeededNetwork, named here so the seed and this file do not import each other). */
interface SeededNetwork {
  organizations: Map<string, Organization>;
  users: Map<string, User>;
}

export const DEMO_APPLICATION_YEAR = '2027-2028';
const DAY = 86_400_000;
const { SYSTEM_DESIGN: SDZ, INNOVATIVE_LEARNING_DESIGN: ILDZ, COLLABORATIVE_NETWORK: CNZ } = Zone;

/** A one-page PDF (valid enough for any viewer) saying what it stands for. */
function pdf(title: string): Buffer {
  const text = title.replace(/[()\\]/g, '');
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function attach(
  em: EntityManager,
  uploader: User,
  filename: string,
  title: string,
  target: { targetType: string; targetId: string; purpose: DocumentPurpose },
) {
  const bytes = pdf(title);
  const document = em.create(Document, {
    uploader,
    filename,
    contentType: 'application/pdf',
    byteSize: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    targetType: target.targetType,
    targetId: target.targetId,
    purpose: target.purpose,
    attachedAt: new Date(),
  });
  em.create(DocumentContent, { documentId: document.id, chunk: 0, bytes });
  return document;
}

interface Draft {
  zone: Zone;
  applicant: string;
  by: User;
  status: ApplicationStatus;
  /** Narrative per section key (the last text; `history` adds earlier revisions). */
  answers?: Record<string, string>;
  acknowledgeAll?: boolean;
}

export function seedApplications(em: EntityManager, network: SeededNetwork): void {
  const user = (email: string) => network.users.get(email)!;
  const org = (slug: string) => network.organizations.get(slug)!;
  const now = Date.now();
  const dana = user('dana.whitfield@show-me-learning.example');
  const rosa = user('rosa.delgado@show-me-learning.example');
  const ben = user('ben.fischer@heartland-rpdc.example');

  const windows = new Map<Zone, ApplicationWindow>();
  for (const zone of [SDZ, ILDZ, CNZ]) {
    const closesAt = new Date(now + 60 * DAY);
    windows.set(
      zone,
      em.create(ApplicationWindow, {
        zone,
        schoolYear: DEMO_APPLICATION_YEAR,
        opensAt: new Date(now - 30 * DAY),
        closesAt,
        openedBy: dana,
        // "The deadline for applications has been extended": the SDZ's, by three weeks.
        extendedTo: zone === SDZ ? new Date(closesAt.getTime() + 21 * DAY) : null,
      }),
    );
  }
  for (const member of [rosa, ben]) em.create(FacilitationTeamMember, { user: member, grantedBy: dana });

  const application = (draft: Draft) => {
    const submitted = draft.status !== ApplicationStatus.DRAFT;
    const created = em.create(ZoneApplication, {
      window: windows.get(draft.zone)!,
      zone: draft.zone,
      schoolYear: DEMO_APPLICATION_YEAR,
      applicant: org(draft.applicant),
      status: draft.status,
      startedBy: draft.by,
      acknowledgedCommitments:
        draft.acknowledgeAll || submitted ? COMMITMENTS[draft.zone].map((c) => c.key) : COMMITMENTS[draft.zone].slice(0, 3).map((c) => c.key),
      submittedAt: submitted ? new Date(now - 10 * DAY) : null,
      submittedBy: submitted ? draft.by : null,
    });
    const prompts = [
      ...(draft.zone === SDZ ? EVIDENCE_OF_PRACTICE.map((p) => ({ ...p, kind: ApplicationSectionKind.EVIDENCE_OF_PRACTICE })) : []),
      ...NARRATIVES[draft.zone].map((p) => ({ ...p, kind: ApplicationSectionKind.NARRATIVE })),
    ];
    const sections = prompts.map((prompt, index) => {
      const body =
        draft.answers?.[prompt.key] ??
        (submitted ? `${org(draft.applicant).name}: ${prompt.title.replace(/\.$/, '').toLowerCase()} — described in our attached evidence.` : '');
      const evidence = prompt.kind === ApplicationSectionKind.EVIDENCE_OF_PRACTICE;
      const rating = evidence && (submitted || index < 2) ? (index % 2 === 0 ? EvidenceRating.IN_PLACE : EvidenceRating.UNDER_CONSTRUCTION) : null;
      const section = em.create(ApplicationSection, {
        application: created,
        key: prompt.key,
        kind: prompt.kind,
        title: prompt.title,
        position: index + 1,
        body,
        version: body ? 2 : 1,
        rating,
        links: rating ? [`https://${draft.applicant}.example/evidence/${prompt.key}`] : [],
        updatedBy: draft.by,
      });
      em.create(ApplicationSectionRevision, { section, version: 1, body: '', author: draft.by });
      if (body) em.create(ApplicationSectionRevision, { section, version: 2, body, author: draft.by });
      return section;
    });
    return { application: created, sections };
  };

  // 1. A draft co-written by Maya (OWNER) and Omar (EDITOR): Omar's edit from version 2 merged with Maya's.
  const maya = user('maya.brooks@little-dixie.example');
  const omar = user('omar.haddad@little-dixie.example');
  const draft = application({ zone: SDZ, applicant: 'little-dixie-r5', by: maya, status: ApplicationStatus.DRAFT });
  const cbl = draft.sections[0];
  const base =
    'Grades 6-8 use competency rubrics in math and ELA.\n\nTeachers meet weekly to calibrate scoring.\n\nWe are extending rubrics to science next year.';
  const mayas =
    'Grades 6-8 use competency rubrics in math, ELA and social studies.\n\nTeachers meet weekly to calibrate scoring.\n\nWe are extending rubrics to science next year.';
  const merged =
    'Grades 6-8 use competency rubrics in math, ELA and social studies.\n\nTeachers meet weekly to calibrate scoring.\n\nWe are extending rubrics to science and K-5 next year.';
  Object.assign(cbl, { body: merged, version: 4, updatedBy: omar });
  em.create(ApplicationSectionRevision, { section: cbl, version: 2, body: base, author: maya });
  em.create(ApplicationSectionRevision, { section: cbl, version: 3, body: mayas, author: maya });
  em.create(ApplicationSectionRevision, { section: cbl, version: 4, body: merged, author: omar });

  // 2. A school's ILDZ application, submitted with the principal's letter of support.
  const jordan = user('jordan.price@pine-ridge.example');
  const school = application({ zone: ILDZ, applicant: 'pine-ridge-elementary', by: jordan, status: ApplicationStatus.SUBMITTED });
  attach(em, jordan, 'superintendent-letter-of-support.pdf', 'Current River C-2: letter of support for Pine Ridge Elementary', {
    targetType: APPLICATION_TARGET,
    targetId: school.application.id,
    purpose: DocumentPurpose.LETTER_OF_SUPPORT,
  });

  // 3. Needs clarification: Rosa asked, Lena has not answered yet.
  const lena = user('lena.morris@sni-a-bar.example');
  const asked = application({ zone: SDZ, applicant: 'sni-a-bar-valley-r9', by: lena, status: ApplicationStatus.NEEDS_CLARIFICATION });
  attach(em, lena, 'learner-profile-dashboard.pdf', 'Sni-A-Bar Valley: learner profile data dashboard', {
    targetType: SECTION_TARGET,
    targetId: asked.sections[1].id,
    purpose: DocumentPurpose.APPLICATION_EVIDENCE,
  });
  em.create(ApplicationReviewNote, {
    application: asked.application,
    author: ben,
    body: 'Strong learner profiles; real-world learning partners are not named.',
  });
  em.create(ApplicationClarification, {
    application: asked.application,
    askedBy: rosa,
    question: 'Which partners provide the real-world learning opportunities described under professional learning, and for which grades?',
  });

  // 4. Selected for the SDZ: the membership and its board resolution, due in 45 days.
  const carla = user('carla.nguyen@whitewater-creek.example');
  const chosen = application({ zone: SDZ, applicant: 'whitewater-creek-r4', by: carla, status: ApplicationStatus.SELECTED });
  Object.assign(chosen.application, {
    decidedAt: new Date(now - 2 * DAY),
    decidedBy: rosa,
    placedZone: SDZ,
    decisionNote: 'Selected for the 2027-2028 SDZ cohort: your assessment redesign work is a model.',
  });
  const sdzMembership = em.create(ZoneMembership, { organization: org('whitewater-creek-r4'), zone: SDZ, schoolYear: DEMO_APPLICATION_YEAR });
  em.create(BoardResolutionRequirement, {
    zoneMembership: sdzMembership,
    application: chosen.application,
    organization: org('whitewater-creek-r4'),
    dueAt: new Date(now + 45 * DAY),
  });

  // 5. Not selected for the SDZ: placed in the ILDZ for the same year.
  const derek = user('derek.hale@meramec-heights.example');
  const placed = application({ zone: SDZ, applicant: 'meramec-heights', by: derek, status: ApplicationStatus.NOT_SELECTED });
  Object.assign(placed.application, {
    decidedAt: new Date(now - 2 * DAY),
    decidedBy: ben,
    placedZone: ILDZ,
    decisionNote: 'Not this cohort; we look forward to your ILDZ year and a future SDZ application.',
  });
  em.create(ZoneMembership, { organization: org('meramec-heights'), zone: ILDZ, schoolYear: DEMO_APPLICATION_YEAR });
}
