/**
 * The accepted Yjs updates of a section and its followers' awareness, as
 * published on its channel after they commit (to every hub, through the
 * pub/sub) and as `waiverSectionSync` delivers them (the shapes of
 * src/realtime/document-messages.ts, with the request).
 */
import type { OpenDocument } from '../../db/yjs-document';
import { documentChannel, type DocumentAwarenessPayload, type DocumentUpdatePayload } from '../../realtime/document-messages';

type Owner = { waiverRequestId: string };
const channel = documentChannel<Owner>('waiver-section-sync');

/** One accepted update of a section (plain JSON: it crosses hubs). */
export type SectionSyncPayload = DocumentUpdatePayload & Owner;
/** An awareness update of one client (y-protocols, base64), or its departure; relayed, never stored. */
export type SectionAwarenessPayload = DocumentAwarenessPayload & Owner;

/** A section's channel: its accepted updates and its followers' awareness. */
export const sectionSyncTopic = channel.topic;
/** Publishes a section's accepted updates; call only after the transaction committed. */
export const publishSync = channel.publish;

/** The messages for the updates a transaction appended (empty when none). */
export const syncMessagesOf = (open: OpenDocument, waiverRequestId: string, clientMutationId: string | null | undefined): SectionSyncPayload[] =>
  channel.messagesOf(open, { waiverRequestId }, clientMutationId);
