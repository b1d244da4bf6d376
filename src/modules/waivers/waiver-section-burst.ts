/**
 * Revisions per burst of typing. Every accepted update that changes a
 * section's text is still the next version (sign-offs, digests and
 * acknowledgements count versions as before), but the revision, the
 * `WaiverSectionEdited` event and the stale sign-offs' notification come
 * once per author burst: the first update of a burst makes the revision (and
 * notifies), each next update of the same author moves that revision
 * forward (its version and text), and the burst is cut, its event published
 * with its final text, when the author pauses for `burstIdleMs`, types for
 * longer than `burstMaxMs`, or anyone else changes the text (another author,
 * `editWaiverSection`, a restore, an accepted suggestion). Times are the
 * hub's clock (`ctx.clock`), so tests move a manual one.
 *
 * A pause is noticed by the next change (cut under the section's lock) or,
 * when none comes, by a sweep that every hub holding open bursts runs every
 * `burstSweepMs`: `update … returning` under the section's lock, so each
 * burst is cut, and its event published, once across hubs.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../domain/clock';
import type { Logger } from '../../logger';
import type { PubSub } from '../../realtime/pubsub';
import { jobTransaction } from '../../db/job-transaction';
import { selectRows } from '../../db/select';
import { User } from '../users/user.entity';
import { WaiverRevisionKind } from './waiver.enums';
import { publishWaiverEvents } from './waiver.events';
import { notifySignOffStale } from './waiver.notifications';
import type { WaiverRequest } from './waiver.entity';
import { documentLimits, type OpenDocument } from './waiver-section.doc';
import { WaiverSectionDoc } from './waiver-section-doc.entity';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';

/** A revision whose burst was cut: its `WaiverSectionEdited` is published once the transaction commits. */
export interface CutBurst {
  waiverRequestId: string;
  sectionId: string;
  revisionId: string;
  version: number;
  authorId: string | null;
}

function isOpenFor(row: WaiverSectionDoc, authorId: string, now: Date): boolean {
  const { burstIdleMs, burstMaxMs } = documentLimits();
  return (
    row.burstRevisionId !== null &&
    row.burstAuthorId === authorId &&
    row.burstLastAt !== null &&
    row.burstStartedAt !== null &&
    now.getTime() - row.burstLastAt.getTime() < burstIdleMs &&
    now.getTime() - row.burstStartedAt.getTime() < burstMaxMs
  );
}

/**
 * Cuts the section's open burst, if any (call under the section's lock,
 * before any change of the text that is not the burst's own next update).
 */
export async function cutBurst(em: EntityManager, row: WaiverSectionDoc, waiverRequestId: string): Promise<CutBurst | null> {
  if (!row.burstRevisionId) return null;
  const revision = await em.findOne(WaiverRevision, { id: row.burstRevisionId });
  const cut = revision
    ? { waiverRequestId, sectionId: revision.section.id, revisionId: revision.id, version: revision.version, authorId: row.burstAuthorId }
    : null;
  row.burstRevisionId = null;
  row.burstAuthorId = null;
  row.burstStartedAt = null;
  row.burstLastAt = null;
  return cut;
}

/**
 * An author's update changed the text (the section already at its new
 * version and body): continues their open burst, moving its revision
 * forward, or cuts the open one and starts another (a new revision, the
 * stale sign-offs told). Answers the burst cut, if one was.
 */
export async function recordTyping(
  em: EntityManager,
  open: OpenDocument,
  request: WaiverRequest,
  section: WaiverSection,
  authorId: string,
  baseVersion: number,
  now: Date,
): Promise<CutBurst | null> {
  const { row } = open;
  if (isOpenFor(row, authorId, now)) {
    const revision = await em.findOne(WaiverRevision, { id: row.burstRevisionId! });
    if (revision) {
      revision.version = section.version;
      revision.body = section.body;
      row.burstLastAt = now;
      return null;
    }
  }
  const cut = await cutBurst(em, row, request.id);
  await notifySignOffStale(em, request.id, authorId);
  const revision = em.create(WaiverRevision, {
    waiverRequest: request,
    section,
    version: section.version,
    body: section.body,
    kind: WaiverRevisionKind.EDITED,
    author: em.getReference(User, authorId),
    baseVersion,
  });
  row.burstRevisionId = revision.id;
  row.burstAuthorId = authorId;
  row.burstStartedAt = now;
  row.burstLastAt = now;
  return cut;
}

/** Publishes the `WaiverSectionEdited` of cut bursts (after commit), as their authors' changes. */
export function publishCuts(pubsub: PubSub, cuts: ReadonlyArray<CutBurst | null>): void {
  for (const cut of cuts) {
    if (!cut) continue;
    publishWaiverEvents(pubsub, { waiverRequestId: cut.waiverRequestId, actorId: cut.authorId }, [
      { type: 'SECTION_EDITED', sectionId: cut.sectionId, revisionId: cut.revisionId, version: cut.version },
    ]);
  }
}

/** Cuts every burst paused for `burstIdleMs` or longer than `burstMaxMs` by `clock`; answers how many. */
export async function sweepBursts(rootEm: EntityManager, pubsub: PubSub, clock: Clock): Promise<number> {
  const { burstIdleMs, burstMaxMs } = documentLimits();
  const now = clock.now();
  const due = await selectRows<{ section_id: string }>(
    rootEm.fork(),
    `select section_id from waiver_section_docs
      where burst_revision_id is not null and (burst_last_at <= ? or burst_started_at <= ?)`,
    [new Date(now.getTime() - burstIdleMs), new Date(now.getTime() - burstMaxMs)],
  );
  let count = 0;
  for (const { section_id } of due) {
    const cut = await jobTransaction(rootEm, async (tx) => {
      const section = await tx.findOne(WaiverSection, { id: section_id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!section) return null;
      const row = await tx.findOne(WaiverSectionDoc, { section }, { refresh: true });
      // Continued or cut meanwhile (by a change, or another hub's sweep): nothing to do.
      if (!row?.burstRevisionId || !row.burstLastAt || !row.burstStartedAt) return null;
      const paused = now.getTime() - row.burstLastAt.getTime() >= burstIdleMs || now.getTime() - row.burstStartedAt.getTime() >= burstMaxMs;
      if (!paused) return null;
      return cutBurst(tx, row, section.waiverRequest.id);
    });
    if (cut) {
      publishCuts(pubsub, [cut]);
      count += 1;
    }
  }
  return count;
}

/**
 * Keeps this hub sweeping while bursts it started may be open: each accepted
 * typing update re-arms it for the longest a burst can stay open.
 */
const sweepers = new WeakMap<PubSub, { timer: NodeJS.Timeout; until: number }>();

export function armBurstSweeper(rootEm: EntityManager, pubsub: PubSub, clock: Clock, logger: Logger): void {
  const { burstIdleMs, burstMaxMs, burstSweepMs } = documentLimits();
  // Real time, not the clock's: a manual clock may stand still while the sweep waits for it to move.
  const until = Date.now() + Math.max(burstIdleMs, burstMaxMs) + 2 * burstSweepMs + 60_000;
  const running = sweepers.get(pubsub);
  if (running) {
    running.until = Math.max(running.until, until);
    return;
  }
  const sweeper = {
    until,
    timer: setInterval(() => {
      sweepBursts(rootEm, pubsub, clock)
        .then(async () => {
          if (Date.now() <= sweeper.until) return;
          // Nothing typed here for a while: stop once nothing this hub could cut is left open.
          const [open] = await selectRows<{ n: number }>(
            rootEm.fork(),
            'select count(*)::int as n from waiver_section_docs where burst_revision_id is not null',
            [],
          );
          if (!open || open.n === 0) {
            clearInterval(sweeper.timer);
            if (sweepers.get(pubsub) === sweeper) sweepers.delete(pubsub);
          }
        })
        .catch((error: unknown) => logger.warn({ err: error }, 'cutting paused bursts of typing failed'));
    }, burstSweepMs),
  };
  sweeper.timer.unref();
  sweepers.set(pubsub, sweeper);
}
