/**
 * The accepted Yjs updates of a section, as published on its channel after
 * they commit (to every hub, through the pub/sub) and as `waiverSectionSync`
 * delivers them.
 */
import * as Y from 'yjs';
import type { PubSub } from '../../realtime/pubsub';
import { topic } from '../../realtime/topics';
import { toBase64, type OpenDocument } from './waiver-section.doc';

/** One accepted update of a section (plain JSON: it crosses hubs). Updates commute: their order of arrival does not matter. */
export interface SectionSyncPayload {
  type: 'SECTION_UPDATE';
  sectionId: string;
  waiverRequestId: string;
  /** Its number among the section's updates (1, 2, …). */
  seq: number;
  /** The update, base64. */
  update: string;
  /** The section's version once it was applied. */
  version: number;
  /** The hub's state vector once it was applied, base64. */
  stateVector: string;
  authorId: string | null;
  /** The Yjs client it came from, when one: not sent back to that client's own subscription. */
  clientId: number | null;
  clientMutationId: string | null;
}

/** An awareness update of one client (y-protocols, base64), or its departure; relayed, never stored. */
export type SectionAwarenessPayload =
  | { type: 'SECTION_AWARENESS'; sectionId: string; waiverRequestId: string; clientId: number; update: string; authorId: string }
  | { type: 'SECTION_AWARENESS_GONE'; sectionId: string; waiverRequestId: string; clientId: number; authorId: string };

/** A section's channel: its accepted updates and its followers' awareness. */
export const sectionSyncTopic = topic<SectionSyncPayload | SectionAwarenessPayload>('waiver-section-sync');

/** The messages for the updates a transaction appended (empty when none). */
export function syncMessagesOf(open: OpenDocument, waiverRequestId: string, clientMutationId: string | null | undefined): SectionSyncPayload[] {
  const stateVector = toBase64(Y.encodeStateVector(open.doc));
  return open.appended.map((appended) => ({
    type: 'SECTION_UPDATE',
    sectionId: appended.sectionId,
    waiverRequestId,
    seq: appended.seq,
    update: toBase64(appended.update),
    version: appended.version,
    stateVector,
    authorId: appended.authorId,
    clientId: appended.clientId,
    clientMutationId: clientMutationId ?? null,
  }));
}

/** Publishes a section's accepted updates; call only after the transaction committed. */
export function publishSync(pubsub: PubSub, messages: readonly SectionSyncPayload[]): void {
  for (const message of messages) sectionSyncTopic.publish(pubsub, message, message.sectionId);
}
