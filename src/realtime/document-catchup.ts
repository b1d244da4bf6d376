/**
 * Catching live followers of co-typed texts up after a Redis outage. Updates
 * cross hubs through Redis; those published while it was down are lost to
 * the other hubs' (and this hub's) followers. Each follower's feed counts
 * which of the text's updates (by `seq`) it has been handed; when the bus
 * says Redis is back, this hub reads, once per text it has followers of, the
 * updates after the oldest one any of them is missing from PostgreSQL, and
 * hands each follower what it lacks as one merged update. Updates commute and
 * applying one twice changes nothing, so a follower that got some of them
 * anyway loses nothing.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import * as Y from 'yjs';
import type { Logger } from '../logger';
import { readDocument, storedUpdatesAfter, type DocumentTables } from '../db/yjs-document';
import { toBase64 } from '../text/yjs';
import type { DocumentUpdatePayload } from './document-messages';
import type { PubSub } from './pubsub';

/** Which of a text's updates one follower has been handed: all up to `through`, and some after it. */
export class SeenUpdates {
  through: number;
  private readonly after = new Set<number>();

  constructor(baseline: number) {
    this.through = baseline;
  }

  note(seq: number): void {
    if (seq <= this.through) return;
    // In order, nothing handed out of order waiting: the way nearly every update comes.
    if (seq === this.through + 1 && this.after.size === 0) {
      this.through = seq;
      return;
    }
    this.after.add(seq);
    while (this.after.delete(this.through + 1)) this.through += 1;
  }

  /** Everything through `seq` was handed (the state the follower started from). */
  advanceTo(seq: number): void {
    if (seq <= this.through) return;
    this.through = seq;
    for (const known of [...this.after]) if (known <= seq) this.after.delete(known);
    while (this.after.delete(this.through + 1)) this.through += 1;
  }

  has(seq: number): boolean {
    return seq <= this.through || this.after.has(seq);
  }
}

/** A follower as the catch-up sees it. */
export interface CatchUpFollower {
  tables: DocumentTables;
  sectionId: string;
  seen: SeenUpdates;
  /** Hands the follower a message as if it came from the text's channel. */
  deliver(payload: DocumentUpdatePayload): void;
}

interface Registry {
  rootEm: EntityManager;
  logger: Logger;
  bySection: Map<string, Set<CatchUpFollower>>;
  stop: () => void;
}

const registries = new WeakMap<PubSub, Registry>();

/** Follows the bus's resumptions for `follower` until the returned function is called. */
export function catchUpOnResume(rootEm: EntityManager, pubsub: PubSub, logger: Logger, follower: CatchUpFollower): () => void {
  if (!pubsub.onResume) return () => undefined;
  let registry = registries.get(pubsub);
  if (!registry) {
    const bySection = new Map<string, Set<CatchUpFollower>>();
    const made: Registry = { rootEm, logger, bySection, stop: () => undefined };
    made.stop = pubsub.onResume(() => {
      // Once at once, and once more shortly after: the channels' SUBSCRIBE may still be on its way when Redis says it is ready.
      void catchUpAll(made);
      setTimeout(() => void catchUpAll(made), 1000).unref();
    });
    registries.set(pubsub, made);
    registry = made;
  }
  const followers = registry.bySection.get(follower.sectionId) ?? new Set();
  followers.add(follower);
  registry.bySection.set(follower.sectionId, followers);
  const current = registry;
  return () => {
    followers.delete(follower);
    if (!followers.size) current.bySection.delete(follower.sectionId);
  };
}

async function catchUpAll(registry: Registry): Promise<void> {
  for (const [sectionId, followers] of [...registry.bySection]) {
    await catchUpSection(registry.rootEm, sectionId, [...followers]).catch((error: unknown) =>
      registry.logger.warn({ err: error, sectionId }, 'catching followers up after a Redis outage failed'),
    );
  }
}

/** Hands each follower of one text the stored updates it has not been handed; answers how many followers needed some. */
export async function catchUpSection(rootEm: EntityManager, sectionId: string, followers: readonly CatchUpFollower[]): Promise<number> {
  if (!followers.length) return 0;
  const em = rootEm.fork();
  const { tables } = followers[0];
  const from = Math.min(...followers.map((follower) => follower.seen.through));
  const rows = await storedUpdatesAfter(em, tables, sectionId, from);
  if (!rows.length) return 0;
  const { doc } = await readDocument(em, tables, sectionId);
  const stateVector = toBase64(Y.encodeStateVector(doc));
  let caughtUp = 0;
  for (const follower of followers) {
    const missing = rows.filter((row) => !follower.seen.has(row.seq));
    if (!missing.length) continue;
    const last = missing[missing.length - 1];
    for (const row of missing) follower.seen.note(row.seq);
    follower.deliver({
      type: 'SECTION_UPDATE',
      sectionId,
      seq: last.seq,
      update: toBase64(Y.mergeUpdates(missing.map((row) => row.update))),
      version: Math.max(...missing.map((row) => row.version)),
      stateVector,
      authorId: missing.every((row) => row.authorId === missing[0].authorId) ? missing[0].authorId : null,
      clientId: null,
      clientMutationId: null,
    });
    caughtUp += 1;
  }
  return caughtUp;
}
