/**
 * The accepted Yjs updates of a section, as published on its channel after
 * they commit (to every hub, through the pub/sub) and as `waiverSectionSync`
 * delivers them (the shapes of src/realtime/document-sync.ts, with the request).
 */
import type { OpenDocument } from '../../db/yjs-document';
import { syncMessagesOf as documentMessagesOf, type DocumentAwarenessPayload, type DocumentUpdatePayload } from '../../realtime/document-messages';
import type { PubSub } from '../../realtime/pubsub';
import { topic } from '../../realtime/topics';

/** One accepted update of a section (plain JSON: it crosses hubs). */
export type SectionSyncPayload = DocumentUpdatePayload & { waiverRequestId: string };

/** An awareness update of one client (y-protocols, base64), or its departure; relayed, never stored. */
export type SectionAwarenessPayload = DocumentAwarenessPayload & { waiverRequestId: string };

/** A section's channel: its accepted updates and its followers' awareness. */
export const sectionSyncTopic = topic<SectionSyncPayload | SectionAwarenessPayload>('waiver-section-sync');

/** The messages for the updates a transaction appended (empty when none). */
export function syncMessagesOf(open: OpenDocument, waiverRequestId: string, clientMutationId: string | null | undefined): SectionSyncPayload[] {
  return documentMessagesOf(open, { waiverRequestId }, clientMutationId);
}

/** Publishes a section's accepted updates; call only after the transaction committed. */
export function publishSync(pubsub: PubSub, messages: readonly SectionSyncPayload[]): void {
  for (const message of messages) sectionSyncTopic.publish(pubsub, message, message.sectionId);
}
