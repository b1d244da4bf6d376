/** Following one's own inbox: signed-in people only, each on their own channel. */
import { requireUserId } from '../../auth/policy';
import type { HubContext } from '../../graphql/context';
import { liveEvents, type LiveEvents } from '../../delivery';
import { notificationEventsTopic, type NotificationEventPayload } from './notification.events';

/** The viewer's inbox events; UNAUTHENTICATED without a token. */
export function followNotificationEvents(ctx: HubContext): LiveEvents<NotificationEventPayload, HubContext> {
  const userId = requireUserId(ctx.viewer);
  return liveEvents(ctx, notificationEventsTopic.feed(ctx.pubsub, userId), {
    // The channel is the viewer's own; whether the thread is still readable is decided when the event is resolved.
    decide: (_scope, payload) => (payload.userId === userId ? 'deliver' : 'skip'),
  });
}
