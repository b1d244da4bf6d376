/**
 * Loading an application with what the policy needs to decide on it. Inside
 * a write the application row is locked first (FOR UPDATE for status and
 * content changes, FOR SHARE for text edits of one section), and the viewer's
 * place on the facilitation team is read FOR SHARE, so a revocation waits for
 * the write and a write that waited for one decides on its result.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, can, type ApplicationTarget } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { selectRows } from '../../db/select';
import { expectGlobalId } from '../../domain/global-id';
import { InvalidTransitionError, NotFoundError } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { ApplicationStatus } from './application.enums';
import { ApplicationSection, ZoneApplication } from './application.entity';

/** Whether the user is on the facilitation team; `lock` takes their row FOR SHARE (inside a write). */
export async function isFacilitator(em: EntityManager, userId: string | undefined, lock = false): Promise<boolean> {
  if (!userId) return false;
  const rows = await selectRows(em, `select 1 from facilitation_team_members where user_id = ?${lock ? ' for share' : ''}`, [userId]);
  return rows.length > 0;
}

/** What the policy sees of an application, for a viewer known to be (or not be) a facilitator. */
export function targetOf(application: ZoneApplication, facilitator: boolean): ApplicationTarget {
  return {
    applicantId: application.applicant.id,
    teacherId: application.teacher?.id ?? null,
    submitted: application.submittedAt !== null,
    facilitator,
  };
}

/** The actions decided on one application. */
export type ApplicationAction = 'zoneApplication.read' | 'zoneApplication.draft' | 'zoneApplication.review';

export interface Locked {
  application: ZoneApplication;
  target: ApplicationTarget;
}

/** Inside a write: the application locked (`update` or `share`), authorized for `action`, or NOT_FOUND / FORBIDDEN. */
export async function lockApplication(
  em: EntityManager,
  viewer: Viewer,
  globalId: string,
  action: ApplicationAction,
  mode: 'update' | 'share' = 'update',
  path = 'input.applicationId',
): Promise<Locked> {
  const id = expectGlobalId(globalId, 'ZoneApplication', path);
  return lockApplicationById(em, viewer, id, action, mode);
}

export async function lockApplicationById(
  em: EntityManager,
  viewer: Viewer,
  id: string,
  action: ApplicationAction,
  mode: 'update' | 'share' = 'update',
): Promise<Locked> {
  const lockMode = mode === 'update' ? LockMode.PESSIMISTIC_WRITE : LockMode.PESSIMISTIC_READ;
  const application = await em.findOne(ZoneApplication, { id }, { lockMode, refresh: true });
  if (!application) throw new NotFoundError('Application');
  const target = targetOf(application, await isFacilitator(em, viewer.userId, true));
  // A signed-in viewer who may not even read it learns nothing of it; an anonymous one is told to sign in.
  if (viewer.signedIn && !can(viewer, 'zoneApplication.read', target)) throw new NotFoundError('Application');
  authorize(viewer, action, target);
  return { application, target };
}

/** Whether the request's viewer may read this application (one facilitation lookup per request). */
export async function canReadApplication(ctx: HubContext, application: ZoneApplication): Promise<boolean> {
  return can(ctx.viewer, 'zoneApplication.read', targetOf(application, await viewerIsFacilitator(ctx)));
}

/** The request's viewer on the facilitation team? Memoized per request. */
export function viewerIsFacilitator(ctx: HubContext): Promise<boolean> {
  return ctx.loaders.memo('applications:facilitator', () => isFacilitator(ctx.em, ctx.viewer.userId));
}

/** Statuses from which an application is still a draft the applicant changes. */
export const EDITABLE: ReadonlySet<ApplicationStatus> = new Set([ApplicationStatus.DRAFT]);

/** INVALID_TRANSITION unless the application is still a draft the applicant changes. */
export function assertDraft(application: ZoneApplication): void {
  if (!EDITABLE.has(application.status)) {
    throw new InvalidTransitionError('Application', application.status, 'DRAFT (only drafts change)');
  }
}

/**
 * Inside a write: a section of a draft the viewer may change, its application
 * locked (`mode`) and the section FOR UPDATE; NOT_FOUND, FORBIDDEN or
 * INVALID_TRANSITION otherwise.
 */
export async function sectionInWrite(em: EntityManager, viewer: Viewer, globalId: string, mode: 'update' | 'share') {
  const sectionId = expectGlobalId(globalId, 'ApplicationSection', 'input.sectionId');
  const [row] = await selectRows<{ application_id: string }>(em, 'select application_id from zone_application_sections where id = ?', [sectionId]);
  if (!row) throw new NotFoundError('Section');
  const { application } = await lockApplicationById(em, viewer, row.application_id, 'zoneApplication.draft', mode);
  assertDraft(application);
  const section = await em.findOneOrFail(ApplicationSection, { id: sectionId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  return { application, section };
}
