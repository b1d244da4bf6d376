/**
 * Following a co-typed text's Yjs document (waiver sections, application
 * narratives): the feed a sync subscription reads. It listens from the
 * moment it is made (before the document is read, so nothing that commits
 * meanwhile is missed: an update seen twice changes nothing) and hands on,
 * once delivery listens, first the client's missing state, then what arrived
 * meanwhile, then everything live.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import * as Y from 'yjs';
import type { Logger } from '../logger';
import { readDocument, type DocumentTables } from '../db/yjs-document';
import { toBase64 } from '../text/yjs';
import type { ChannelListener, Feed } from './channels';
import { catchUpOnResume, SeenUpdates } from './document-catchup';
import type { DocumentStatePayload, DocumentUpdatePayload } from './document-messages';
import type { PubSub } from './pubsub';

/** A text's updates and its owner's events in one feed, the client's missing state first. */
export class DocumentSyncFeed<P extends { type: string }> implements Feed<P | DocumentStatePayload>, ChannelListener<P> {
  private listener: ChannelListener<P | DocumentStatePayload> | undefined;
  private waiting: P[] | undefined = [];
  private first: DocumentStatePayload | undefined;
  private closed = false;
  /** The text's updates handed on so far (by seq), for the catch-up after a Redis outage. */
  readonly seen = new SeenUpdates(0);
  /** Stops following the bus's resumptions. */
  onClose: (() => void) | undefined;

  get ended(): boolean {
    return this.closed;
  }

  constructor(private readonly feeds: ReadonlyArray<Feed<P>>) {
    for (const feed of feeds) feed.listen(this);
  }

  /** The first message, sent before anything that arrived meanwhile. */
  begin(first: DocumentStatePayload): void {
    this.first = first;
  }

  push(payload: P): void {
    if (this.closed) return;
    if (payload.type === 'SECTION_UPDATE') this.seen.note((payload as unknown as DocumentUpdatePayload).seq);
    if (this.waiting) this.waiting.push(payload);
    else this.listener?.push(payload);
  }

  listen(listener: ChannelListener<P | DocumentStatePayload>): void {
    if (this.closed || this.listener) return;
    this.listener = listener;
    const waiting = this.waiting ?? [];
    this.waiting = undefined;
    if (this.first) listener.push(this.first);
    for (const payload of waiting) listener.push(payload);
  }

  close(): void {
    this.closed = true;
    this.waiting = undefined;
    this.onClose?.();
    for (const feed of this.feeds) feed.close();
  }
}

export interface FollowDocument<E extends object> {
  rootEm: EntityManager;
  pubsub: PubSub;
  logger: Logger;
  tables: DocumentTables;
  sectionId: string;
  /** The follower's state vector (undefined: it has nothing yet). */
  clientState: Uint8Array | undefined;
  /** The feature's fields of an update message (the owner's id), for the updates a catch-up hands on. */
  extra: E;
}

/**
 * The feed of a text's sync subscription over `feeds` (its channel, its
 * owner's events): the stored document read once the feeds listen, its
 * missing part the first message, and the follower caught up after an outage.
 */
export async function openDocumentFeed<P extends { type: string }, E extends object>(
  follow: FollowDocument<E>,
  feeds: ReadonlyArray<Feed<P>>,
): Promise<DocumentSyncFeed<P>> {
  const feed = new DocumentSyncFeed<P>(feeds);
  try {
    const { doc, version, seq } = await readDocument(follow.rootEm.fork(), follow.tables, follow.sectionId);
    feed.seen.advanceTo(seq);
    feed.onClose = catchUpOnResume(follow.rootEm, follow.pubsub, follow.logger, {
      tables: follow.tables,
      sectionId: follow.sectionId,
      seen: feed.seen,
      deliver: (payload) => feed.push({ ...payload, ...follow.extra } as unknown as P),
    });
    if (feed.ended) feed.onClose();
    feed.begin({
      type: 'SECTION_STATE',
      sectionId: follow.sectionId,
      version,
      update: toBase64(Y.encodeStateAsUpdate(doc, follow.clientState)),
      stateVector: toBase64(Y.encodeStateVector(doc)),
    });
  } catch (error) {
    feed.close();
    throw error;
  }
  return feed;
}
