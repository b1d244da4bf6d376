/**
 * Following application events: the applicant's members (and the teacher
 * applying) and, for submitted applications, the facilitation team. Every
 * event is re-authorized for each subscriber with their grants and team
 * standing as they are now, so a member removed or a facilitator revoked
 * since subscribing stops receiving at once.
 */
import { can, requireUserId } from '../../auth/policy';
import { loadViewers } from '../../auth/viewer';
import { expectGlobalId } from '../../domain/global-id';
import type { HubContext } from '../../graphql/context';
import { liveEvents, type LiveEvents } from '../../delivery';
import { NotFoundError } from '../../errors';
import { isFacilitator, targetOf } from './application.access';
import { ZoneApplication } from './application.entity';
import { applicationEventsTopic, type ApplicationEventPayload } from './application.events';

/**
 * Events of the applications the viewer may read; one application's only when
 * `applicationGlobalId` is given (NOT_FOUND at once when the viewer may not
 * read it). UNAUTHENTICATED when signed out.
 */
export async function followApplicationEvents(ctx: HubContext, applicationGlobalId?: string | null): Promise<LiveEvents<ApplicationEventPayload, HubContext>> {
  const userId = requireUserId(ctx.viewer);
  const only = applicationGlobalId ? expectGlobalId(applicationGlobalId, 'ZoneApplication', 'applicationId') : null;
  if (only) {
    const em = ctx.rootEm.fork();
    const application = await em.findOne(ZoneApplication, { id: only });
    if (!application || !can(ctx.viewer, 'zoneApplication.read', targetOf(application, await isFacilitator(em, userId))))
      throw new NotFoundError('Application');
  }
  return liveEvents(ctx, applicationEventsTopic.feed(ctx.pubsub), {
    decide: async (scope, payload) => {
      if (only && payload.applicationId !== only) return 'skip';
      const viewer = (await loadViewers(scope.em, [userId])).get(userId);
      if (!viewer) return 'end';
      const facilitator = payload.submitted && (await isFacilitator(scope.em, userId));
      const target = { applicantId: payload.applicantId, teacherId: payload.teacherId, submitted: payload.submitted, facilitator };
      return can(viewer, 'zoneApplication.read', target) ? 'deliver' : 'skip';
    },
  });
}
