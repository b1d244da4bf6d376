/**
 * Zone applications, the applicant's side: start one while the window is
 * open, co-draft its sections, rate the Evidence of Practice, acknowledge the
 * commitments, attach documents, submit before the deadline, withdraw.
 *
 * Lock order: the application row (FOR UPDATE for status and content, FOR
 * SHARE for a section's text), then the window row (FOR SHARE), then section
 * rows (FOR UPDATE). Events are published after the commit.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, requireUserId } from '../../auth/policy';
import { Zone } from '../../domain/enums';
import { expectGlobalId } from '../../domain/global-id';
import { BadUserInputError, ConflictError, InvalidTransitionError, NotFoundError, type FieldProblem } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { writeTransaction } from '../../graphql/write-transaction';
import { resolveVersionedEdit } from '../../text/versioned-edit';
import type { ConflictRegion } from '../../text/merge';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { appendBodyChange, documentCommitted, openDocument } from '../../db/yjs-document';
import { assertDraft, lockApplication, sectionInWrite } from './application.access';
import { NARRATIVE_TABLES, narrativeAtVersion } from './application-section.doc';
import { narrativeMessagesOf, publishNarrativeSync, type NarrativeSyncPayload } from './application-sync.events';
import { APPLICANT_KINDS, COMMITMENTS, EVIDENCE_OF_PRACTICE, NARRATIVES, TEACHER_ZONES, zoneName } from './application.content';
import { attachDocuments, DocumentPurpose, type DocumentTarget } from '../documents';
import { APPLICATION_TARGET, evidenceCounts, letterOfSupportCount, SECTION_TARGET } from './application.documents';
import { ApplicationEventType, ApplicationSectionKind, ApplicationStatus, EvidenceRating, TextEditOutcome } from './application.enums';
import { ApplicationSection, ApplicationSectionRevision, ZoneApplication } from './application.entity';
import { applicationEvent, publishApplicationEvent, type ApplicationEventPayload } from './application.events';
import type {
  AcknowledgeZoneCommitmentsInput,
  AttachApplicationDocumentsInput,
  EditApplicationSectionInput,
  RateEvidenceOfPracticeInput,
  StartZoneApplicationInput,
  ZoneApplicationRefInput,
} from './application.inputs';
import { assertOpen, windowFor } from './application-window.service';

const { DRAFT, SUBMITTED, UNDER_REVIEW, NEEDS_CLARIFICATION, WITHDRAWN } = ApplicationStatus;

/** Statuses an applicant may withdraw from: any before a decision. */
const WITHDRAWABLE: ReadonlySet<ApplicationStatus> = new Set([DRAFT, SUBMITTED, UNDER_REVIEW, NEEDS_CLARIFICATION]);

/** Starts the application with its sections (the zone's narratives, and for SDZ the four Evidence of Practice). */
export async function startZoneApplication(ctx: HubContext, input: StartZoneApplicationInput): Promise<ZoneApplication> {
  const applicantId = expectGlobalId(input.applicantId, 'Organization', 'input.applicantId');
  return writeTransaction(ctx, async (em, viewer) => {
    const userId = requireUserId(viewer);
    const applicant = await em.findOne(Organization, { id: applicantId });
    if (!applicant) throw new NotFoundError('Organization');
    const asTeacher = input.asTeacher === true;
    authorize(viewer, 'zoneApplication.start', {
      applicantId,
      applicantKind: applicant.kind,
      eligibleKinds: APPLICANT_KINDS[input.zone],
      asTeacher,
      teachersMayApply: TEACHER_ZONES.includes(input.zone),
    });
    const window = await windowFor(em, input.zone, input.schoolYear);
    assertOpen(window, ctx.clock.now(), 'start an application');
    const id = crypto.randomUUID();
    const inserted = await em
      .createQueryBuilder(ZoneApplication)
      .insert({
        id,
        window: window.id,
        zone: input.zone,
        schoolYear: input.schoolYear,
        applicant: applicantId,
        teacher: asTeacher ? userId : null,
        startedBy: userId,
      })
      .onConflict()
      .ignore()
      .execute('run');
    if (inserted.affectedRows !== 1) {
      const who = asTeacher ? 'You already have' : `${applicant.name} already has`;
      throw new ConflictError(`${who} an application to the ${zoneName(input.zone)} for ${input.schoolYear}: one per applicant, zone and school year`, {
        fields: [{ path: 'input.applicantId', message: 'has an application for this zone and school year' }],
      });
    }
    const application = await em.findOneOrFail(ZoneApplication, { id });
    const prompts = [
      ...(input.zone === Zone.SYSTEM_DESIGN ? EVIDENCE_OF_PRACTICE.map((p) => ({ ...p, kind: ApplicationSectionKind.EVIDENCE_OF_PRACTICE })) : []),
      ...NARRATIVES[input.zone].map((p) => ({ ...p, kind: ApplicationSectionKind.NARRATIVE })),
    ];
    const author = em.getReference(User, userId);
    prompts.forEach((prompt, index) => {
      const section = em.create(ApplicationSection, {
        application,
        key: prompt.key,
        kind: prompt.kind,
        title: prompt.title,
        position: index + 1,
        updatedBy: author,
      });
      em.create(ApplicationSectionRevision, { section, version: 1, body: '', author });
    });
    return application;
  });
}

export interface ApplicationEditResult {
  outcome: TextEditOutcome;
  section: ApplicationSection;
  conflict: { baseVersion: number; yourBody: string; regions: ConflictRegion[]; tooManyChanges: boolean } | null;
}

/**
 * A co-author's narrative from `baseVersion`, with the waiver sections' rule
 * (`resolveVersionedEdit`): applied, merged, unchanged, or a conflict. An
 * accepted text is also a hub edit of the narrative's Yjs document, sent to
 * its live co-typists once committed.
 */
export async function editApplicationSection(ctx: HubContext, input: EditApplicationSectionInput): Promise<ApplicationEditResult> {
  const { result, synced, open } = await writeTransaction(ctx, async (em, viewer) => {
    const userId = requireUserId(viewer);
    const { application, section } = await sectionInWrite(em, viewer, input.sectionId, 'share');
    const unchanged = (outcome: TextEditOutcome, conflict: ApplicationEditResult['conflict'] = null) => ({
      result: { outcome, section, conflict },
      synced: [] as NarrativeSyncPayload[],
      open: undefined,
    });
    const edit = await resolveVersionedEdit({
      current: section,
      baseVersion: input.baseVersion,
      body: input.body,
      path: 'input.baseVersion',
      what: 'section',
      bodyAt: (version) => narrativeAtVersion(em, section, version),
    });
    if (edit.kind === 'conflict') {
      return unchanged(TextEditOutcome.CONFLICT, {
        baseVersion: input.baseVersion,
        yourBody: input.body,
        regions: edit.regions,
        tooManyChanges: edit.budgetExceeded,
      });
    }
    if (edit.body === section.body) return unchanged(TextEditOutcome.UNCHANGED);
    const open = await openDocument(em, NARRATIVE_TABLES, section);
    const author = em.getReference(User, userId);
    section.version += 1;
    section.body = edit.body;
    section.updatedBy = author;
    em.create(ApplicationSectionRevision, { section, version: section.version, body: edit.body, author });
    appendBodyChange(open, section, userId);
    const outcome = edit.kind === 'merged' ? TextEditOutcome.MERGED : TextEditOutcome.APPLIED;
    return { result: { outcome, section, conflict: null }, synced: narrativeMessagesOf(open, application.id, null), open };
  });
  // Kept for the next write of the narrative here (an edit or a push): it then reads only what others appended since.
  if (open) documentCommitted(ctx.rootEm, open, { keep: true, onError: (error) => ctx.logger.warn({ err: error }, 'rewriting a snapshot failed') });
  publishNarrativeSync(ctx.pubsub, synced);
  return result;
}

/** The applicant's own rating of one Evidence of Practice, and its links. */
export function rateEvidenceOfPractice(ctx: HubContext, input: RateEvidenceOfPracticeInput): Promise<ApplicationSection> {
  return writeTransaction(ctx, async (em, viewer) => {
    const { section } = await sectionInWrite(em, viewer, input.sectionId, 'share');
    if (section.kind !== ApplicationSectionKind.EVIDENCE_OF_PRACTICE) throw BadUserInputError.field('input.sectionId', 'is not an Evidence of Practice');
    section.rating = input.rating;
    if (input.links) section.links = [...new Set(input.links)];
    section.updatedBy = em.getReference(User, requireUserId(viewer));
    return section;
  });
}

/** Acknowledges (or takes back) commitments of the application's zone. */
export function acknowledgeZoneCommitments(ctx: HubContext, input: AcknowledgeZoneCommitmentsInput): Promise<ZoneApplication> {
  return writeTransaction(ctx, async (em, viewer) => {
    const { application } = await lockApplication(em, viewer, input.applicationId, 'zoneApplication.draft');
    assertDraft(application);
    const known = new Set(COMMITMENTS[application.zone].map((c) => c.key));
    const unknown = input.commitmentKeys.filter((key) => !known.has(key));
    if (unknown.length) throw BadUserInputError.field('input.commitmentKeys', `${unknown.join(', ')} are not commitments of the ${zoneName(application.zone)}`);
    const held = new Set(application.acknowledgedCommitments);
    for (const key of input.commitmentKeys) {
      if (input.acknowledged === false) held.delete(key);
      else held.add(key);
    }
    application.acknowledgedCommitments = COMMITMENTS[application.zone].map((c) => c.key).filter((key) => held.has(key));
    return application;
  });
}

/** What a submission lacks, as input paths: the rules of seed 004. */
async function missingForSubmit(em: EntityManager, application: ZoneApplication): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const acknowledged = new Set(application.acknowledgedCommitments);
  for (const commitment of COMMITMENTS[application.zone]) {
    if (!acknowledged.has(commitment.key)) problems.push({ path: `commitments.${commitment.key}`, message: `is not acknowledged: "${commitment.text}"` });
  }
  const sections = await em.find(ApplicationSection, { application }, { orderBy: { position: 'asc' } });
  const evidenceDocuments = await evidenceDocumentCounts(em, sections);
  for (const section of sections) {
    if (!section.body.trim()) problems.push({ path: `sections.${section.key}.body`, message: `needs a narrative: ${section.title}` });
    if (section.kind !== ApplicationSectionKind.EVIDENCE_OF_PRACTICE) continue;
    if (!section.rating) problems.push({ path: `sections.${section.key}.rating`, message: 'needs a rating: IN_PLACE, UNDER_CONSTRUCTION or NOT_YET' });
    else if (section.rating !== EvidenceRating.NOT_YET && section.links.length === 0 && !evidenceDocuments.get(section.id)) {
      problems.push({
        path: `sections.${section.key}.evidence`,
        message: 'needs evidence (a link or a document) for a practice in place or under construction',
      });
    }
  }
  if (application.zone === Zone.INNOVATIVE_LEARNING_DESIGN && (await letterOfSupportCount(em, application.id)) === 0) {
    problems.push({ path: 'letterOfSupport', message: 'a signed letter of support from the Superintendent is required' });
  }
  return problems;
}

function evidenceDocumentCounts(em: EntityManager, sections: ApplicationSection[]): Promise<Map<string, number>> {
  return evidenceCounts(
    em,
    sections.filter((s) => s.kind === ApplicationSectionKind.EVIDENCE_OF_PRACTICE).map((s) => s.id),
  );
}

interface Committed {
  application: ZoneApplication;
  event: ApplicationEventPayload | null;
}

/** DRAFT -> SUBMITTED, before the deadline in force (by the hub's clock) and only when complete. */
export async function submitZoneApplication(ctx: HubContext, input: ZoneApplicationRefInput): Promise<ZoneApplication> {
  const { application, event } = await writeTransaction(ctx, async (em, viewer): Promise<Committed> => {
    const userId = requireUserId(viewer);
    const { application } = await lockApplication(em, viewer, input.applicationId, 'zoneApplication.draft');
    if (application.status !== DRAFT) throw new InvalidTransitionError('Application', application.status, SUBMITTED);
    const window = await windowFor(em, application.zone, application.schoolYear);
    const now = ctx.clock.now();
    assertOpen(window, now, 'submit');
    const problems = await missingForSubmit(em, application);
    if (problems.length) throw new BadUserInputError(`The application is not complete: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
    application.status = SUBMITTED;
    application.submittedAt = now;
    application.submittedBy = em.getReference(User, userId);
    return { application, event: applicationEvent(ApplicationEventType.SUBMITTED, application, userId, now) };
  });
  if (event) publishApplicationEvent(ctx.pubsub, event);
  return application;
}

/** Any status before a decision -> WITHDRAWN; nothing is created. */
export async function withdrawZoneApplication(ctx: HubContext, input: ZoneApplicationRefInput): Promise<ZoneApplication> {
  const { application, event } = await writeTransaction(ctx, async (em, viewer): Promise<Committed> => {
    const userId = requireUserId(viewer);
    const { application } = await lockApplication(em, viewer, input.applicationId, 'zoneApplication.draft');
    if (!WITHDRAWABLE.has(application.status)) throw new InvalidTransitionError('Application', application.status, WITHDRAWN);
    const now = ctx.clock.now();
    application.status = WITHDRAWN;
    application.withdrawnAt = now;
    return { application, event: applicationEvent(ApplicationEventType.WITHDRAWN, application, userId, now) };
  });
  if (event) publishApplicationEvent(ctx.pubsub, event);
  return application;
}

/**
 * Attaches uploads to a DRAFT: evidence for an Evidence of Practice section,
 * or (no section) the superintendent's letter of support. Publishes
 * DOCUMENT_RECEIVED after the commit.
 */
export async function attachApplicationDocuments(ctx: HubContext, input: AttachApplicationDocumentsInput): Promise<ZoneApplication> {
  const { application, event } = await writeTransaction(ctx, async (em, viewer): Promise<Committed> => {
    const userId = requireUserId(viewer);
    const { application } = await lockApplication(em, viewer, input.applicationId, 'zoneApplication.draft');
    assertDraft(application);
    let target: DocumentTarget;
    if (input.sectionId) {
      const sectionId = expectGlobalId(input.sectionId, 'ApplicationSection', 'input.sectionId');
      const section = await em.findOne(ApplicationSection, { id: sectionId, application });
      if (!section) throw BadUserInputError.field('input.sectionId', 'is not a section of this application');
      if (section.kind !== ApplicationSectionKind.EVIDENCE_OF_PRACTICE) throw BadUserInputError.field('input.sectionId', 'is not an Evidence of Practice');
      target = { targetType: SECTION_TARGET, targetId: section.id, purpose: DocumentPurpose.APPLICATION_EVIDENCE };
    } else {
      if (application.zone !== Zone.INNOVATIVE_LEARNING_DESIGN)
        throw BadUserInputError.field('input.sectionId', 'is needed: only ILDZ applications take a letter of support');
      target = { targetType: APPLICATION_TARGET, targetId: application.id, purpose: DocumentPurpose.LETTER_OF_SUPPORT };
    }
    await attachDocuments(em, viewer, input.documentIds, target, 'input.documentIds');
    return { application, event: applicationEvent(ApplicationEventType.DOCUMENT_RECEIVED, application, userId, ctx.clock.now()) };
  });
  if (event) publishApplicationEvent(ctx.pubsub, event);
  return application;
}
