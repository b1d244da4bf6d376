/**
 * Revisions per burst of typing. Every accepted update that changes a
 * section's text is still the next version (sign-offs, digests and
 * acknowledgements count versions as before), but the revision, the
 * `WaiverSectionEdited` event and the stale sign-offs' notification come
 * once per author burst: an author's first update of a burst makes the
 * revision (and notifies), each next update of theirs moves that revision
 * forward (its version and the section's text), and the burst is cut, its
 * event published with its final text, when the author pauses for
 * `burstIdleMs` or types for longer than `burstMaxMs`. Authors typing at once
 * each have their own burst (`waiver_section_bursts`, one per author and
 * section), so their revisions do not cut each other; a change that is not
 * typing (`editWaiverSection`, a restore, an accepted suggestion) cuts every
 * open burst of the section first. Times are the hub's clock (`ctx.clock`),
 * so tests move a manual one.
 *
 * A pause is noticed by the author's next update (under the section's lock)
 * or, when none comes, by a sweep that every hub holding open bursts runs
 * every `burstSweepMs`, under the section's lock, so each burst is cut, and
 * its event published, once across hubs.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityClass, EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../domain/clock';
import type { Logger } from '../../logger';
import type { PubSub } from '../../realtime/pubsub';
import { jobTransaction } from '../../db/job-transaction';
import { arrayParam, selectRows } from '../../db/select';
import { User } from '../users/user.entity';
import { WaiverRevisionKind } from './waiver.enums';
import { publishWaiverEvents } from './waiver.events';
import { notifySignOffStale } from './waiver.notifications';
import type { WaiverRequest } from './waiver.entity';
import { documentLimits } from './waiver-section.doc';
import { WaiverSectionBurst } from './waiver-section-doc.entity';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';

/** A revision whose burst was cut: its `WaiverSectionEdited` is published once the transaction commits. */
export interface CutBurst {
  waiverRequestId: string;
  sectionId: string;
  revisionId: string;
  version: number;
  authorId: string | null;
}

/** An entity's columns, each as `<alias>__<column>`, for a statement that reads two tables' rows at once. */
function selectedColumns(em: EntityManager, entity: EntityClass<object>, alias: string): string {
  return em
    .getMetadata()
    .get(entity.name)
    .props.flatMap((prop) => prop.fieldNames ?? [])
    .map((column) => `${alias}."${column}" as "${alias}__${column}"`)
    .join(', ');
}

/** One table's columns of such a row, by their own names. */
function columnsOf(row: Record<string, unknown>, alias: string): Record<string, unknown> {
  const prefix = `${alias}__`;
  return Object.fromEntries(Object.entries(row).flatMap(([key, value]) => (key.startsWith(prefix) ? [[key.slice(prefix.length), value]] : [])));
}

function isPaused(burst: WaiverSectionBurst, now: Date): boolean {
  const { burstIdleMs, burstMaxMs } = documentLimits();
  return now.getTime() - burst.lastAt.getTime() >= burstIdleMs || now.getTime() - burst.startedAt.getTime() >= burstMaxMs;
}

/**
 * A section's open bursts by author, read in the caller's transaction with
 * their revisions (take the section FOR UPDATE first): one read for a whole
 * batch of updates.
 */
export class SectionBursts {
  private constructor(
    private readonly em: EntityManager,
    private readonly waiverRequestId: string,
    private readonly open: Map<string, WaiverSectionBurst>,
  ) {}

  /**
   * The section's open bursts, or only those of `authorIds` (a batch of updates reads just its authors'), with
   * their revisions, in one statement (the ORM's populate read the revisions again in a second one), each row
   * mapped to its entity as read now (`em.map` refreshes what the identity map held).
   */
  static async load(em: EntityManager, section: WaiverSection, waiverRequestId: string, authorIds?: readonly string[]): Promise<SectionBursts> {
    const rows = await selectRows<Record<string, unknown>>(
      em,
      `select ${selectedColumns(em, WaiverSectionBurst, 'b')}, ${selectedColumns(em, WaiverRevision, 'r')}
         from waiver_section_bursts b join waiver_revisions r on r.id = b.revision_id
        where b.section_id = ?${authorIds ? ' and b.author_id = any(?::uuid[])' : ''}`,
      authorIds ? [section.id, arrayParam(authorIds)] : [section.id],
    );
    const bursts = rows.map((row) => {
      em.map(WaiverRevision, columnsOf(row, 'r'));
      return em.map(WaiverSectionBurst, columnsOf(row, 'b'));
    });
    return new SectionBursts(em, waiverRequestId, new Map(bursts.map((burst) => [burst.author.id, burst])));
  }

  /**
   * An author's update changed the text (the section already at its new
   * version and body): continues their open burst, moving its revision
   * forward, or cuts their paused one and starts another (a new revision,
   * the stale sign-offs told). Answers the burst cut, if one was.
   */
  async typed(request: WaiverRequest, section: WaiverSection, authorId: string, baseVersion: number, now: Date): Promise<CutBurst | null> {
    const burst = this.open.get(authorId);
    if (burst && !isPaused(burst, now)) {
      burst.revision.version = section.version;
      burst.revision.body = section.body;
      burst.lastAt = now;
      return null;
    }
    const cut = burst ? this.cutOf(burst) : null;
    await notifySignOffStale(this.em, request.id, authorId);
    const revision = this.em.create(WaiverRevision, {
      waiverRequest: request,
      section,
      version: section.version,
      body: section.body,
      kind: WaiverRevisionKind.EDITED,
      author: this.em.getReference(User, authorId),
      baseVersion,
    });
    if (burst) {
      // The row is the author's next burst: one row per author and section.
      Object.assign(burst, { revision, startedAt: now, lastAt: now });
    } else {
      this.open.set(
        authorId,
        this.em.create(WaiverSectionBurst, { section, author: this.em.getReference(User, authorId), revision, startedAt: now, lastAt: now }),
      );
    }
    return cut;
  }

  /** Cuts the bursts `which` picks (all of them by default): before a change of the text that is not typing. */
  cut(which: (burst: WaiverSectionBurst) => boolean = () => true): CutBurst[] {
    const cuts: CutBurst[] = [];
    for (const [authorId, burst] of this.open) {
      if (!which(burst)) continue;
      cuts.push(this.cutOf(burst));
      this.em.remove(burst);
      this.open.delete(authorId);
    }
    return cuts;
  }

  private cutOf(burst: WaiverSectionBurst): CutBurst {
    const { revision } = burst;
    return {
      waiverRequestId: this.waiverRequestId,
      sectionId: revision.section.id,
      revisionId: revision.id,
      version: revision.version,
      authorId: burst.author.id,
    };
  }
}

/** Cuts every open burst of the section (call under its lock, before a change of the text that is not typing). */
export async function cutBursts(em: EntityManager, section: WaiverSection, waiverRequestId: string): Promise<CutBurst[]> {
  return (await SectionBursts.load(em, section, waiverRequestId)).cut();
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
  const due = await selectRows<{ section_id: string; waiver_request_id: string }>(
    rootEm.fork(),
    `select distinct b.section_id, s.waiver_request_id from waiver_section_bursts b join waiver_sections s on s.id = b.section_id
      where b.last_at <= ? or b.started_at <= ?`,
    [new Date(now.getTime() - burstIdleMs), new Date(now.getTime() - burstMaxMs)],
  );
  let count = 0;
  for (const { section_id, waiver_request_id } of due) {
    const cuts = await jobTransaction(rootEm, async (tx) => {
      const section = await tx.findOne(WaiverSection, { id: section_id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!section) return [];
      // Continued or cut meanwhile (by a change, or another hub's sweep): those are left alone.
      return (await SectionBursts.load(tx, section, waiver_request_id)).cut((burst) => isPaused(burst, now));
    });
    publishCuts(pubsub, cuts);
    count += cuts.length;
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
          const [open] = await selectRows<{ n: number }>(rootEm.fork(), 'select count(*)::int as n from waiver_section_bursts', []);
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
