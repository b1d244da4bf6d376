/**
 * Zone applications, the facilitation team's side: take up a submitted
 * application, keep private notes, ask for clarification (the applicant
 * answers in the same record), decide. A decision and the zone membership it
 * creates commit together: SELECTED places the applicant in its zone; an SDZ
 * applicant NOT_SELECTED is placed in the ILDZ for the same year; an SDZ
 * selection also puts a board resolution requirement on the membership.
 *
 * Every step locks the application row FOR UPDATE first, so two decisions of
 * one application run one after the other and the second finds it decided.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireUserId } from '../../auth/policy';
import { Zone } from '../../domain/enums';
import { expectGlobalId } from '../../domain/global-id';
import { BadUserInputError, ConflictError, InvalidTransitionError, NotFoundError } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { writeTransaction } from '../../graphql/write-transaction';
import { ZoneMembership } from '../organizations/zone-membership.entity';
import { User } from '../users/user.entity';
import { lockApplication, lockApplicationById } from './application.access';
import { BOARD_RESOLUTION_DAYS } from './application.content';
import { ApplicationDecision, ApplicationEventType, ApplicationStatus } from './application.enums';
import { ApplicationClarification, ApplicationReviewNote, BoardResolutionRequirement, TeacherZoneMembership, type ZoneApplication } from './application.entity';
import { applicationEvent, publishApplicationEvent, type ApplicationEventPayload } from './application.events';
import { notifyClarificationAnswered, notifyClarificationRequested, notifyDecided } from './application.notifications';
import type {
  AnswerApplicationClarificationInput,
  ApplicationNoteInput,
  DecideZoneApplicationInput,
  RequestApplicationClarificationInput,
  ZoneApplicationRefInput,
} from './application.inputs';

const { SUBMITTED, UNDER_REVIEW, NEEDS_CLARIFICATION, SELECTED, NOT_SELECTED } = ApplicationStatus;

/** Statuses the team may decide from. */
const DECIDABLE: ReadonlySet<ApplicationStatus> = new Set([SUBMITTED, UNDER_REVIEW]);

interface Committed<T> {
  result: T;
  event: ApplicationEventPayload | null;
}

async function publishing<T>(ctx: HubContext, work: Promise<Committed<T>>): Promise<T> {
  const { result, event } = await work;
  if (event) publishApplicationEvent(ctx.pubsub, event);
  return result;
}

/** SUBMITTED -> UNDER_REVIEW: a team member takes it up. */
export function startApplicationReview(ctx: HubContext, input: ZoneApplicationRefInput): Promise<ZoneApplication> {
  return publishing(
    ctx,
    writeTransaction(ctx, async (em, viewer) => {
      const userId = requireUserId(viewer);
      const { application } = await lockApplication(em, viewer, input.applicationId, 'zoneApplication.review');
      if (application.status !== SUBMITTED) throw new InvalidTransitionError('Application', application.status, UNDER_REVIEW);
      application.status = UNDER_REVIEW;
      return { result: application, event: applicationEvent(ApplicationEventType.REVIEW_STARTED, application, userId, ctx.clock.now()) };
    }),
  );
}

/** A private note, for the team only. */
export function addApplicationReviewNote(ctx: HubContext, input: ApplicationNoteInput): Promise<ApplicationReviewNote> {
  return writeTransaction(ctx, async (em, viewer) => {
    const userId = requireUserId(viewer);
    const { application } = await lockApplication(em, viewer, input.applicationId, 'zoneApplication.review', 'share');
    return em.create(ApplicationReviewNote, { application, author: em.getReference(User, userId), body: input.body });
  });
}

/** SUBMITTED or UNDER_REVIEW -> NEEDS_CLARIFICATION, with the question (one open at a time). */
export function requestApplicationClarification(ctx: HubContext, input: RequestApplicationClarificationInput): Promise<ApplicationClarification> {
  return publishing(
    ctx,
    writeTransaction(ctx, async (em, viewer) => {
      const userId = requireUserId(viewer);
      const { application } = await lockApplication(em, viewer, input.applicationId, 'zoneApplication.review');
      if (!DECIDABLE.has(application.status)) throw new InvalidTransitionError('Application', application.status, NEEDS_CLARIFICATION);
      application.status = NEEDS_CLARIFICATION;
      const clarification = em.create(ApplicationClarification, { application, question: input.question, askedBy: em.getReference(User, userId) });
      await notifyClarificationRequested(em, application.id, input.question, userId);
      return { result: clarification, event: applicationEvent(ApplicationEventType.CLARIFICATION_REQUESTED, application, userId, ctx.clock.now()) };
    }),
  );
}

/** The applicant answers the open question in its record: NEEDS_CLARIFICATION -> UNDER_REVIEW. */
export async function answerApplicationClarification(ctx: HubContext, input: AnswerApplicationClarificationInput): Promise<ApplicationClarification> {
  const id = expectGlobalId(input.clarificationId, 'ApplicationClarification', 'input.clarificationId');
  return publishing(
    ctx,
    writeTransaction(ctx, async (em, viewer) => {
      const userId = requireUserId(viewer);
      const [row] = await em.execute<Array<{ application_id: string }>>('select application_id from zone_application_clarifications where id = ?', [id]);
      if (!row) throw new NotFoundError('Clarification');
      const { application } = await lockApplicationById(em, viewer, row.application_id, 'zoneApplication.draft');
      const clarification = await em.findOneOrFail(ApplicationClarification, { id }, { refresh: true });
      if (clarification.answeredAt) throw new ConflictError('This clarification is already answered', { answeredAt: clarification.answeredAt.toISOString() });
      if (application.status !== NEEDS_CLARIFICATION) throw new InvalidTransitionError('Application', application.status, UNDER_REVIEW);
      const now = ctx.clock.now();
      Object.assign(clarification, { answer: input.answer, answeredBy: em.getReference(User, userId), answeredAt: now });
      application.status = UNDER_REVIEW;
      await notifyClarificationAnswered(em, application.id, userId);
      return { result: clarification, event: applicationEvent(ApplicationEventType.CLARIFICATION_ANSWERED, application, userId, now) };
    }),
  );
}

/** The zone a decision places the applicant in: its own when selected; ILDZ for an SDZ applicant not selected; none otherwise. */
export function placementOf(zone: Zone, decision: ApplicationDecision): Zone | null {
  if (decision === ApplicationDecision.SELECTED) return zone;
  return zone === Zone.SYSTEM_DESIGN ? Zone.INNOVATIVE_LEARNING_DESIGN : null;
}

/** Creates the zone membership of a placement (kept when it already exists), and returns it. */
async function place(em: EntityManager, application: ZoneApplication, zone: Zone): Promise<ZoneMembership | null> {
  const year = application.schoolYear;
  if (application.teacher) {
    await em
      .createQueryBuilder(TeacherZoneMembership)
      .insert({ id: crypto.randomUUID(), teacher: application.teacher.id, organization: application.applicant.id, zone, schoolYear: year })
      .onConflict(['teacher_id', 'zone', 'school_year'])
      .ignore()
      .execute('run');
    return null;
  }
  await em
    .createQueryBuilder(ZoneMembership)
    .insert({ id: crypto.randomUUID(), organization: application.applicant.id, zone, schoolYear: year })
    .onConflict(['organization_id', 'zone', 'school_year'])
    .ignore()
    .execute('run');
  return em.findOneOrFail(ZoneMembership, { organization: application.applicant.id, zone, schoolYear: year });
}

/** SUBMITTED or UNDER_REVIEW -> SELECTED or NOT_SELECTED, with the membership it creates, in one transaction. */
export function decideZoneApplication(ctx: HubContext, input: DecideZoneApplicationInput): Promise<ZoneApplication> {
  return publishing(
    ctx,
    writeTransaction(ctx, async (em, viewer) => {
      const userId = requireUserId(viewer);
      const { application } = await lockApplication(em, viewer, input.applicationId, 'zoneApplication.review');
      const to = input.decision === ApplicationDecision.SELECTED ? SELECTED : NOT_SELECTED;
      if (!DECIDABLE.has(application.status)) throw new InvalidTransitionError('Application', application.status, to);
      const now = ctx.clock.now();
      const zone = placementOf(application.zone, input.decision);
      const membership = zone ? await place(em, application, zone) : null;
      if (membership && to === SELECTED && application.zone === Zone.SYSTEM_DESIGN) {
        const dueAt = input.boardResolutionDueAt ?? new Date(now.getTime() + BOARD_RESOLUTION_DAYS * 86_400_000);
        if (dueAt <= now) throw BadUserInputError.field('input.boardResolutionDueAt', 'must be in the future');
        await em
          .createQueryBuilder(BoardResolutionRequirement)
          .insert({ id: crypto.randomUUID(), zoneMembership: membership.id, application: application.id, organization: application.applicant.id, dueAt })
          .onConflict(['zone_membership_id'])
          .ignore()
          .execute('run');
      }
      Object.assign(application, { status: to, decidedAt: now, decidedBy: em.getReference(User, userId), decisionNote: input.note ?? null, placedZone: zone });
      await notifyDecided(em, application.id, to, userId);
      return { result: application, event: applicationEvent(ApplicationEventType.DECIDED, application, userId, now) };
    }),
  );
}
