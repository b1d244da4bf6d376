/**
 * Awareness on a section (who is here, their cursor and selection, a colour):
 * y-protocols awareness updates, relayed to the section's followers on the
 * same channel as its Yjs updates, never stored. One presence concept: each
 * awareness update also sets the sender's presence row (this section open,
 * or none once their state is null), renewed by the client's awareness
 * heartbeat (y-protocols renews every 15 s; states expire 30 s after their
 * last renewal on every client, as presence rows expire on the hub). A
 * follower that said its client id (`waiverSectionSync(clientId:)`) is
 * announced gone at once when its subscription ends (socket closed).
 */
import { requestIdOfSection } from './waiver.state';
import { toGlobalId, expectGlobalId } from '../../domain/global-id';
import { readAwareness } from '../../text/yjs';
import type { HubContext } from '../../graphql/context';
import { requireUserId } from '../../auth/policy';
import type { PubSub } from '../../realtime/pubsub';
import { setWaiverPresence } from './waiver-presence.service';
import { sectionSyncTopic } from './waiver-section-sync.events';

export interface PushAwarenessInput {
  sectionId: string;
  update: string;
  clientMutationId?: string | null;
}

/**
 * A reader's awareness on a section, relayed to its followers: authorized
 * and recorded as their presence (NOT_FOUND for anyone who may not read the request).
 */
export async function pushWaiverSectionAwareness(ctx: HubContext, input: PushAwarenessInput): Promise<{ clientId: number; expiresAt: Date | null }> {
  const userId = requireUserId(ctx.viewer);
  const sectionId = expectGlobalId(input.sectionId, 'WaiverSection', 'input.sectionId');
  const { clientId, left } = readAwareness(input.update, 'input.update');
  const requestId = await requestIdOfSection(ctx.em, sectionId);
  const presence = await setWaiverPresence(ctx, {
    waiverRequestId: toGlobalId('WaiverRequest', requestId),
    sectionId: left ? null : input.sectionId,
    clientMutationId: input.clientMutationId,
  });
  sectionSyncTopic.publish(
    ctx.pubsub,
    { type: 'SECTION_AWARENESS', sectionId, waiverRequestId: requestId, clientId, update: input.update, authorId: userId },
    sectionId,
  );
  return { clientId, expiresAt: presence.expiresAt };
}

/** Says a follower's client is gone (its subscription ended). */
export function announceGone(pubsub: PubSub, payload: { sectionId: string; waiverRequestId: string; clientId: number; authorId: string }): void {
  sectionSyncTopic.publish(pubsub, { type: 'SECTION_AWARENESS_GONE', ...payload }, payload.sectionId);
}
