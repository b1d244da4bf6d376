/**
 * The accepted Yjs updates of an application narrative and its followers'
 * awareness, as published on the section's channel after they commit (to
 * every hub, through the pub/sub) and as `applicationSectionSync` delivers
 * them (the shapes of src/realtime/document-messages.ts, with the application).
 */
import type { OpenDocument } from '../../db/yjs-document';
import { documentChannel, type DocumentAwarenessPayload, type DocumentUpdatePayload } from '../../realtime/document-messages';

type Owner = { applicationId: string };
const channel = documentChannel<Owner>('application-section-sync');

/** One accepted update of a narrative (plain JSON: it crosses hubs). */
export type NarrativeSyncPayload = DocumentUpdatePayload & Owner;
/** An awareness update of one client, or its departure; relayed, never stored. */
export type NarrativeAwarenessPayload = DocumentAwarenessPayload & Owner;

/** A narrative's channel: its accepted updates and its followers' awareness. */
export const narrativeSyncTopic = channel.topic;
/** Publishes a narrative's accepted updates or a client's awareness; call only after the transaction committed. */
export const publishNarrativeSync = channel.publish;

/** The messages for the updates a transaction appended (empty when none). */
export const narrativeMessagesOf = (open: OpenDocument, applicationId: string, clientMutationId: string | null | undefined): NarrativeSyncPayload[] =>
  channel.messagesOf(open, { applicationId }, clientMutationId);
