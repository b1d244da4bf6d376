/**
 * The messages a co-typed text's channel carries (plain JSON: they cross
 * hubs through the pub/sub) and a sync subscription hands on.
 */
import * as Y from 'yjs';
import type { OpenDocument } from '../db/yjs-document';
import { toBase64 } from '../text/yjs';
import type { PubSub } from './pubsub';
import { topic, type Topic } from './topics';

/** One accepted update of a text. Updates commute: their order of arrival does not matter. */
export interface DocumentUpdatePayload {
  type: 'SECTION_UPDATE';
  sectionId: string;
  /** Its number among the text's updates (1, 2, …). */
  seq: number;
  /** The update, base64. */
  update: string;
  /** The text's version once it was applied. */
  version: number;
  /** The hub's state vector once it was applied, base64. */
  stateVector: string;
  authorId: string | null;
  /** The Yjs client it came from, when one: not sent back to that client's own subscription. */
  clientId: number | null;
  clientMutationId: string | null;
}

/** An awareness update of one client (y-protocols, base64), or its departure; relayed, never stored. */
export type DocumentAwarenessPayload =
  | { type: 'SECTION_AWARENESS'; sectionId: string; clientId: number; update: string; authorId: string }
  | { type: 'SECTION_AWARENESS_GONE'; sectionId: string; clientId: number; authorId: string };

/** A sync subscription's first message: what the client is missing against the state vector it sent. */
export interface DocumentStatePayload {
  type: 'SECTION_STATE';
  sectionId: string;
  update: string;
  version: number;
  stateVector: string;
}

/** The messages for the updates a transaction appended (empty when none), with the feature's own fields (`extra`). */
export function syncMessagesOf<E extends object>(open: OpenDocument, extra: E, clientMutationId: string | null | undefined): Array<DocumentUpdatePayload & E> {
  const stateVector = toBase64(Y.encodeStateVector(open.doc));
  return open.appended.map((appended) => ({
    type: 'SECTION_UPDATE' as const,
    sectionId: appended.sectionId,
    seq: appended.seq,
    update: toBase64(appended.update),
    version: appended.version,
    stateVector,
    authorId: appended.authorId,
    clientId: appended.clientId,
    clientMutationId: appended.clientMutationId ?? clientMutationId ?? null,
    ...extra,
  }));
}

/** A kind of co-typed text's channels (one per text), its payloads carrying the feature's fields `E` (its owner's id). */
export interface DocumentChannel<E extends object> {
  topic: Topic<(DocumentUpdatePayload | DocumentAwarenessPayload) & E>;
  /** The messages for the updates a transaction appended (empty when none). */
  messagesOf(open: OpenDocument, extra: E, clientMutationId: string | null | undefined): Array<DocumentUpdatePayload & E>;
  /** Publishes on the text's channel; call only after the transaction committed. */
  publish(pubsub: PubSub, messages: ReadonlyArray<(DocumentUpdatePayload | DocumentAwarenessPayload) & E>): void;
}

export function documentChannel<E extends object>(name: string): DocumentChannel<E> {
  const channel = topic<(DocumentUpdatePayload | DocumentAwarenessPayload) & E>(name);
  return {
    topic: channel,
    messagesOf: (open, extra, clientMutationId) => syncMessagesOf(open, extra, clientMutationId),
    publish: (pubsub, messages) => {
      for (const message of messages) channel.publish(pubsub, message, message.sectionId);
    },
  };
}

/**
 * The clients a sync subscription's follower knows of: its own (whose updates
 * and awareness are not echoed back) and the others whose awareness it was
 * handed. A departure is handed on only to followers that hold the leaver's
 * awareness: a crowd of readers that never showed a cursor leaves without
 * an execution and a frame per remaining reader for each departure.
 */
export class FollowerClients {
  private readonly shown = new Set<number>();

  constructor(readonly clientId: number | null | undefined) {}

  /** Whether `payload` came from the follower's own client (then not echoed). */
  own(payload: { clientId?: number | null }): boolean {
    return this.clientId != null && payload.clientId === this.clientId;
  }

  /** Whether the follower needs an awareness message of another client: each state it is shown, a departure only of one it holds. */
  needs(payload: { type: string; clientId?: number | null }): boolean {
    if (payload.clientId == null) return true;
    if (payload.type === 'SECTION_AWARENESS') this.shown.add(payload.clientId);
    else if (payload.type === 'SECTION_AWARENESS_GONE') return this.shown.delete(payload.clientId);
    return true;
  }
}
