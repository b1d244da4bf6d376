/** Following an organization's partnership events: members only, re-checked at every event. */
import { authorize } from '../../auth/policy';
import type { HubContext } from '../../graphql/context';
import { expectGlobalId } from '../../domain/global-id';
import { liveEvents, type LiveEvents } from '../../delivery';
import { Membership } from '../organizations/membership.entity';
import { partnershipEventsTopic, type PartnershipEventPayload } from './partnership.events';

/** The events of one organization's partnerships; UNAUTHENTICATED or FORBIDDEN for non-members. */
export function followPartnershipEvents(ctx: HubContext, organizationGlobalId: string): LiveEvents<PartnershipEventPayload, HubContext> {
  const organizationId = expectGlobalId(organizationGlobalId, 'Organization', 'organizationId');
  authorize(ctx.viewer, 'partnership.subscribe', { organizationId });
  const userId = ctx.viewer.userId!;
  return liveEvents(ctx, partnershipEventsTopic.feed(ctx.pubsub, organizationId), {
    // A member removed since subscribing stops receiving at once.
    decide: async (scope) => ((await scope.em.count(Membership, { organization: organizationId, user: userId })) > 0 ? 'deliver' : 'end'),
  });
}
