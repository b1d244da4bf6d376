/**
 * The accepted Yjs updates of an application narrative and its followers'
 * awareness, as published on the section's channel after they commit (to
 * every hub, through the pub/sub) and as `applicationSectionSync` delivers them.
 */
import type { OpenDocument } from '../../db/yjs-document';
import { syncMessagesOf, type DocumentAwarenessPayload, type DocumentUpdatePayload } from '../../realtime/document-messages';
import type { PubSub } from '../../realtime/pubsub';
import { topic } from '../../realtime/topics';

/** One accepted update of a narrative (plain JSON: it crosses hubs). */
export type NarrativeSyncPayload = DocumentUpdatePayload & { applicationId: string };

/** An awareness update of one client, or its departure; relayed, never stored. */
export type NarrativeAwarenessPayload = DocumentAwarenessPayload & { applicationId: string };

/** A narrative's channel: its accepted updates and its followers' awareness. */
export const narrativeSyncTopic = topic<NarrativeSyncPayload | NarrativeAwarenessPayload>('application-section-sync');

/** The messages for the updates a transaction appended (empty when none). */
export function narrativeMessagesOf(open: OpenDocument, applicationId: string, clientMutationId: string | null | undefined): NarrativeSyncPayload[] {
  return syncMessagesOf(open, { applicationId }, clientMutationId);
}

/** Publishes a narrative's accepted updates; call only after the transaction committed. */
export function publishNarrativeSync(pubsub: PubSub, messages: readonly NarrativeSyncPayload[]): void {
  for (const message of messages) narrativeSyncTopic.publish(pubsub, message, message.sectionId);
}

/** Relays a client's awareness on a narrative, or says it is gone (its subscription ended). */
export function publishNarrativeAwareness(pubsub: PubSub, payload: NarrativeAwarenessPayload): void {
  narrativeSyncTopic.publish(pubsub, payload, payload.sectionId);
}
