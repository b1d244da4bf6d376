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
import * as decoding from 'lib0/decoding';
import { toGlobalId, expectGlobalId } from '../../domain/global-id';
import { BadUserInputError, NotFoundError } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { requireUserId } from '../../auth/policy';
import type { PubSub } from '../../realtime/pubsub';
import { setWaiverPresence } from './waiver-presence.service';
import { sectionSyncTopic } from './waiver-section-sync.events';
import { selectRows } from '../../db/select';

/** Largest awareness update (one client's state: name, colour, cursor), in bytes. */
export const MAX_AWARENESS_BYTES = 4 * 1024;

export interface PushAwarenessInput {
  sectionId: string;
  update: string;
  clientMutationId?: string | null;
}

/** The one client an awareness update is about and whether its state is null (it left), or BAD_USER_INPUT. */
function readAwareness(encoded: string, path: string): { clientId: number; left: boolean } {
  if (encoded.length > Math.ceil(MAX_AWARENESS_BYTES / 3) * 4)
    throw BadUserInputError.field(path, `is larger than the ${MAX_AWARENESS_BYTES} bytes an awareness update may have`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) throw BadUserInputError.field(path, 'is not base64');
  try {
    const decoder = decoding.createDecoder(new Uint8Array(Buffer.from(encoded, 'base64')));
    if (decoding.readVarUint(decoder) !== 1) throw new Error('one client');
    const clientId = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder); // clock
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    if (decoding.hasContent(decoder) || (state !== null && (typeof state !== 'object' || Array.isArray(state)))) throw new Error('one state object');
    return { clientId, left: state === null };
  } catch {
    throw BadUserInputError.field(path, 'is not a y-protocols awareness update of one client (encodeAwarenessUpdate(awareness, [awareness.clientID]))');
  }
}

/**
 * A reader's awareness on a section, relayed to its followers: authorized
 * and recorded as their presence (NOT_FOUND for anyone who may not read the request).
 */
export async function pushWaiverSectionAwareness(ctx: HubContext, input: PushAwarenessInput): Promise<{ clientId: number; expiresAt: Date | null }> {
  const userId = requireUserId(ctx.viewer);
  const sectionId = expectGlobalId(input.sectionId, 'WaiverSection', 'input.sectionId');
  const { clientId, left } = readAwareness(input.update, 'input.update');
  const [row] = await selectRows<{ waiver_request_id: string }>(ctx.em, 'select waiver_request_id from waiver_sections where id = ?', [sectionId]);
  if (!row) throw new NotFoundError('Section');
  const presence = await setWaiverPresence(ctx, {
    waiverRequestId: toGlobalId('WaiverRequest', row.waiver_request_id),
    sectionId: left ? null : input.sectionId,
    clientMutationId: input.clientMutationId,
  });
  sectionSyncTopic.publish(
    ctx.pubsub,
    { type: 'SECTION_AWARENESS', sectionId, waiverRequestId: row.waiver_request_id, clientId, update: input.update, authorId: userId },
    sectionId,
  );
  return { clientId, expiresAt: presence.expiresAt };
}

/** Says a follower's client is gone (its subscription ended). */
export function announceGone(pubsub: PubSub, payload: { sectionId: string; waiverRequestId: string; clientId: number; authorId: string }): void {
  sectionSyncTopic.publish(pubsub, { type: 'SECTION_AWARENESS_GONE', ...payload }, payload.sectionId);
}
