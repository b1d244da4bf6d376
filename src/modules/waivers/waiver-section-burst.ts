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
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../domain/clock';
import type { Logger } from '../../logger';
import type { PubSub } from '../../realtime/pubsub';
import { jobTransaction } from '../../db/job-transaction';
import { arrayParam, selectRows, writeBound, writeTogether, type Read, type Write } from '../../db/select';
import { openDocumentWith, type CoTypedText } from '../../db/yjs-document';
import { WaiverRevisionKind } from './waiver.enums';
import { publishWaiverEvents } from './waiver.events';
import { notifySignOffStale } from './waiver.notifications';
import type { WaiverRequest } from './waiver.entity';
import { documentLimits, SECTION_TABLES, type OpenDocument } from './waiver-section.doc';
import type { WaiverSection } from './waiver-section.entity';
import type { WaiverSectionDoc } from './waiver-section-doc.entity';
import { revisionInsert } from './waiver-section.writes';

/** A revision whose burst was cut: its `WaiverSectionEdited` is published once the transaction commits. */
export interface CutBurst {
  waiverRequestId: string;
  sectionId: string;
  revisionId: string;
  version: number;
  authorId: string | null;
}

/** An author's open burst, as read in the caller's transaction (under the section's lock) and moved forward by their updates. */
interface OpenBurst {
  id: string;
  authorId: string;
  revisionId: string;
  /** The revision's version and, once moved by this transaction, its body. */
  version: number;
  body?: string;
  startedAt: Date;
  lastAt: Date;
}

function isPaused(burst: OpenBurst, now: Date): boolean {
  const { burstIdleMs, burstMaxMs } = documentLimits();
  return now.getTime() - burst.lastAt.getTime() >= burstIdleMs || now.getTime() - burst.startedAt.getTime() >= burstMaxMs;
}

/** A burst as `SectionBursts.read` reads it. */
interface BurstRow {
  id: string;
  author_id: string;
  revision_id: string;
  version: number;
  started_ms: number;
  last_ms: number;
}

/**
 * A section's open bursts by author, read in the caller's transaction with
 * their revisions' versions (take the section FOR UPDATE first): one read
 * for a whole batch of updates. Their rows are written by bound statements,
 * not through the unit of work: a keystroke continuing a burst moves its
 * revision and its burst forward in the batch's one write (`writes`).
 */
export class SectionBursts {
  /** The bursts this transaction moved forward, by id: written by `writes`. */
  private readonly moved = new Map<string, OpenBurst>();

  private constructor(
    private readonly em: EntityManager,
    private readonly sectionId: string,
    private readonly waiverRequestId: string,
    private readonly open: Map<string, OpenBurst>,
  ) {}

  /** The section's open bursts, or only those of `authorIds` (a batch of updates reads just its authors'), in one statement. */
  static async load(em: EntityManager, sectionId: string, waiverRequestId: string, authorIds?: readonly string[]): Promise<SectionBursts> {
    const read = SectionBursts.read(sectionId, authorIds);
    return SectionBursts.of(em, sectionId, waiverRequestId, await selectRows<BurstRow>(em, read.sql, read.params));
  }

  /** The read `load` runs, for a statement that carries it (`openWithBursts`). Times as epoch milliseconds (the hub's pg reads timestamptz as text). */
  static read(sectionId: string, authorIds?: readonly string[]): Read {
    return {
      sql: `select b.id, b.author_id, b.revision_id, r.version,
                   (extract(epoch from b.started_at) * 1000)::float8 as started_ms, (extract(epoch from b.last_at) * 1000)::float8 as last_ms
              from waiver_section_bursts b join waiver_revisions r on r.id = b.revision_id
             where b.section_id = ?${authorIds ? ' and b.author_id = any(?::uuid[])' : ''}`,
      params: authorIds ? [sectionId, arrayParam(authorIds)] : [sectionId],
    };
  }

  /** The bursts of `read`'s rows. */
  static of(em: EntityManager, sectionId: string, waiverRequestId: string, rows: readonly BurstRow[]): SectionBursts {
    const open = rows.map((row): OpenBurst => ({
      id: row.id,
      authorId: row.author_id,
      revisionId: row.revision_id,
      version: row.version,
      startedAt: new Date(row.started_ms),
      lastAt: new Date(row.last_ms),
    }));
    return new SectionBursts(em, sectionId, waiverRequestId, new Map(open.map((burst) => [burst.authorId, burst])));
  }

  /**
   * An author's update changed the text (`text` already at its new version
   * and body): continues their open burst, moving its revision forward, or
   * cuts their paused one and starts another (a new revision, the stale
   * sign-offs told when any district has signed off: `signedOff`, read under
   * the request's lock by `signedOffReading`). Answers the burst cut, if one was.
   */
  async typed(request: WaiverRequest, text: CoTypedText, authorId: string, baseVersion: number, now: Date, signedOff: boolean): Promise<CutBurst | null> {
    const burst = this.open.get(authorId);
    if (burst && !isPaused(burst, now)) {
      Object.assign(burst, { version: text.version, body: text.body, lastAt: now });
      this.moved.set(burst.id, burst);
      return null;
    }
    const cut = burst ? this.cutOf(burst) : null;
    if (burst) this.moved.delete(burst.id);
    if (signedOff) await notifySignOffStale(this.em, request.id, authorId);
    const revision = revisionInsert(this.em, {
      waiverRequestId: request.id,
      sectionId: text.id,
      version: text.version,
      body: text.body,
      kind: WaiverRevisionKind.EDITED,
      authorId,
      baseVersion,
    });
    const started: OpenBurst = { id: burst?.id ?? randomUUID(), authorId, revisionId: revision.id, version: text.version, startedAt: now, lastAt: now };
    // Written now (the revision and the author's burst row, one per author and section, in one statement): a next update of
    // this batch moves them forward with statements of its own.
    await writeTogether(this.em, [
      { ...revision, returns: false },
      {
        sql: `insert into waiver_section_bursts (id, section_id, author_id, revision_id, started_at, last_at) values (?, ?, ?, ?, ?, ?)
              on conflict (section_id, author_id) do update set revision_id = excluded.revision_id, started_at = excluded.started_at, last_at = excluded.last_at`,
        params: [started.id, this.sectionId, authorId, started.revisionId, now, now],
      },
    ]);
    this.open.set(authorId, started);
    return cut;
  }

  /** What this transaction moved forward, to write in one statement with the batch's other writes (`writeTogether`). */
  writes(): Write[] {
    const writes = [...this.moved.values()].flatMap((burst): Write[] => [
      { sql: 'update waiver_revisions set version = ?, body = ?, updated_at = now() where id = ?', params: [burst.version, burst.body, burst.revisionId] },
      { sql: 'update waiver_section_bursts set last_at = ? where id = ?', params: [burst.lastAt, burst.id] },
    ]);
    this.moved.clear();
    return writes;
  }

  /** Cuts the bursts `which` picks (all of them by default): before a change of the text that is not typing. */
  async cut(which: (burst: OpenBurst) => boolean = () => true): Promise<CutBurst[]> {
    const picked = [...this.open.values()].filter(which);
    if (picked.length === 0) return [];
    await writeBound(this.em, 'delete from waiver_section_bursts where id = any(?::uuid[])', [arrayParam(picked.map((burst) => burst.id))]);
    for (const burst of picked) this.open.delete(burst.authorId);
    return picked.map((burst) => this.cutOf(burst));
  }

  private cutOf(burst: OpenBurst): CutBurst {
    return {
      waiverRequestId: this.waiverRequestId,
      sectionId: this.sectionId,
      revisionId: burst.revisionId,
      version: burst.version,
      authorId: burst.authorId,
    };
  }
}

/**
 * The section's document and its open bursts (only those of `authorIds`, when given), read in one statement in the
 * caller's transaction: take the section FOR UPDATE first (both are read after that lock, never with it: a statement
 * that waits for a lock reads its other rows as they were before the wait).
 */
export async function openWithBursts(
  em: EntityManager,
  section: WaiverSection,
  waiverRequestId: string,
  authorIds?: readonly string[],
): Promise<{ open: OpenDocument; bursts: SectionBursts }> {
  const { open, rows } = await openDocumentWith<WaiverSectionDoc, BurstRow>(em, SECTION_TABLES, section, SectionBursts.read(section.id, authorIds));
  return { open, bursts: SectionBursts.of(em, section.id, waiverRequestId, rows) };
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
      const [section] = await selectRows(tx, 'select id from waiver_sections where id = ? for update', [section_id]);
      if (!section) return [];
      // Continued or cut meanwhile (by a change, or another hub's sweep): those are left alone.
      return (await SectionBursts.load(tx, section_id, waiver_request_id)).cut((burst) => isPaused(burst, now));
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
