/**
 * The board resolution an SDZ selection requires ("submitted after receiving
 * notification of being selected"): OUTSTANDING until the district attaches
 * the uploaded resolution (RECEIVED), then ACCEPTED by the facilitation team.
 * Each step locks the requirement's application row FOR UPDATE, then the
 * requirement row.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireUserId } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { expectGlobalId } from '../../domain/global-id';
import { InvalidTransitionError, NotFoundError } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { writeTransaction } from '../../graphql/write-transaction';
import { attachDocuments, DocumentPurpose } from '../documents';
import { User } from '../users/user.entity';
import { lockApplicationById, type ApplicationAction } from './application.access';
import { BOARD_RESOLUTION_TARGET } from './application.documents';
import { ApplicationEventType, BoardResolutionStatus } from './application.enums';
import { BoardResolutionRequirement } from './application.entity';
import { applicationEvent, publishApplicationEvent } from './application.events';
import { notifyBoardResolutionReceived } from './application.notifications';
import type { AcceptBoardResolutionInput, SubmitBoardResolutionInput } from './application.inputs';

const { OUTSTANDING, RECEIVED, ACCEPTED } = BoardResolutionStatus;

async function lockRequirement(em: EntityManager, viewer: Viewer, globalId: string, action: ApplicationAction) {
  const id = expectGlobalId(globalId, 'BoardResolutionRequirement', 'input.requirementId');
  const [row] = await em.execute<Array<{ application_id: string }>>('select application_id from board_resolution_requirements where id = ?', [id]);
  if (!row) throw new NotFoundError('Board resolution requirement');
  const { application } = await lockApplicationById(em, viewer, row.application_id, action);
  const requirement = await em.findOneOrFail(BoardResolutionRequirement, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  return { application, requirement };
}

/** The district attaches its resolution: OUTSTANDING (or RECEIVED, replacing nothing: another document joins) -> RECEIVED. */
export async function submitBoardResolution(ctx: HubContext, input: SubmitBoardResolutionInput): Promise<BoardResolutionRequirement> {
  const { requirement, event } = await writeTransaction(ctx, async (em, viewer) => {
    const userId = requireUserId(viewer);
    const { application, requirement } = await lockRequirement(em, viewer, input.requirementId, 'zoneApplication.draft');
    if (requirement.status === ACCEPTED) throw new InvalidTransitionError('Board resolution', ACCEPTED, RECEIVED);
    await attachDocuments(
      em,
      viewer,
      [input.documentId],
      { targetType: BOARD_RESOLUTION_TARGET, targetId: requirement.id, purpose: DocumentPurpose.BOARD_RESOLUTION },
      'input.documentId',
    );
    const now = ctx.clock.now();
    requirement.status = RECEIVED;
    requirement.receivedAt = now;
    await notifyBoardResolutionReceived(em, application.id, userId);
    return { requirement, event: applicationEvent(ApplicationEventType.DOCUMENT_RECEIVED, application, userId, now) };
  });
  publishApplicationEvent(ctx.pubsub, event);
  return requirement;
}

/** The facilitation team accepts a received resolution: RECEIVED -> ACCEPTED. */
export async function acceptBoardResolution(ctx: HubContext, input: AcceptBoardResolutionInput): Promise<BoardResolutionRequirement> {
  const { requirement, event } = await writeTransaction(ctx, async (em, viewer) => {
    const userId = requireUserId(viewer);
    const { application, requirement } = await lockRequirement(em, viewer, input.requirementId, 'zoneApplication.review');
    if (requirement.status !== RECEIVED) throw new InvalidTransitionError('Board resolution', requirement.status, ACCEPTED);
    const now = ctx.clock.now();
    Object.assign(requirement, { status: ACCEPTED, acceptedAt: now, acceptedBy: em.getReference(User, userId) });
    return { requirement, event: applicationEvent(ApplicationEventType.BOARD_RESOLUTION_ACCEPTED, application, userId, now) };
  });
  publishApplicationEvent(ctx.pubsub, event);
  return requirement;
}

/** Whether a requirement is past due and still OUTSTANDING at `now`. */
export function isOverdue(requirement: BoardResolutionRequirement, now: Date): boolean {
  return requirement.status === OUTSTANDING && requirement.dueAt < now;
}
