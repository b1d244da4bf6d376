/**
 * Writes that queue per key and commit together (group commit). While one
 * batch of a key is in its transaction, the writes that arrive for the same
 * key wait and then go as the next batch, in one transaction. It is for
 * writes that all take one hot row's lock, such as keystrokes pushed into
 * one co-typed text: one transaction, one lock wait and one document load
 * serve all of them, instead of one each, waiting in line on the row lock.
 * A write that finds its key idle starts at once: batching adds no wait.
 *
 * A batch is a `writeTransaction` (write-transaction.ts) for several
 * mutations at once:
 *  - every writer's grants are re-read under lock, in one statement, with
 *    the feature's first locks and the reads under them (`lead`) in the
 *    same round trip (db/pipeline.ts);
 *  - the feature's `work` decides each write on them, under its own locks;
 *  - one audit row per accepted write goes in the same transaction, in the
 *    one statement that also carries the writes the work left to it.
 * A write the work refuses (`{ ok: false }`) fails alone. A write that spoils
 * the batch (the work throws `SpoiledBatch` naming it, e.g. an update that
 * broke the loaded document) fails alone, and the others run again without it.
 * Anything else the transaction throws fails every write of the batch.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { storeOpenedDocuments } from '../db/yjs-document';
import { writeTogether, type Reading, type Write } from '../db/select';
import type { Viewer } from '../auth/viewer';
import { grantsWith } from './write-transaction';
import { conflictFromRace } from '../errors';
import type { HubContext } from './context';

export type WriteOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** One write of a batch, as the work sees it: its writer's grants as read under lock, and its input. */
export interface BatchedWrite<I> {
  viewer: Viewer;
  input: I;
}

/** What the work of a batch answers: an outcome per write, in order, and what to do once it committed. */
export interface BatchResult<R> {
  outcomes: Array<WriteOutcome<R>>;
  /**
   * Writes the work left for the batch to send (not run yet): they go to PostgreSQL in one statement with the
   * batch's audit rows (`writeTogether`'s rules hold), so a batch pays one round trip for all of its writes.
   */
  writes?: readonly Write[];
  committed?: () => void;
}

/**
 * The work of a batch. `leading`: the answers of the readings `lead` made for the batch (none without one), read after
 * the writers' grants, in the same round trip.
 */
export type BatchWork<I, R> = (em: EntityManager, writes: ReadonlyArray<BatchedWrite<I>>, leading: readonly unknown[]) => Promise<BatchResult<R>>;

/**
 * Readings of a batch's first locks, in their order, and of what is read under them, sent after the writers' grants in
 * one round trip. Their SQL may not depend on the grants (it runs before they are known): the work decides on them.
 */
export type BatchLead<I> = (em: EntityManager, inputs: readonly I[]) => readonly Reading<unknown>[];

export interface BatchOptions<I> {
  /** Most writes one transaction takes (64). */
  maxBatch?: number;
  lead?: BatchLead<I>;
}

/** Thrown by a batch's work: write `index` spoiled the transaction; it fails with `cause`, the rest run again. */
export class SpoiledBatch extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super('a write spoiled its batch');
  }
}

interface Waiting<I, R> {
  ctx: HubContext;
  input: I;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/** Batches of writes per key (see the module comment). */
export class WriteBatches<I, R> {
  private readonly waiting = new Map<string, Array<Waiting<I, R>>>();

  private readonly maxBatch: number;

  constructor(
    private readonly work: BatchWork<I, R>,
    private readonly options: BatchOptions<I> = {},
  ) {
    this.maxBatch = options.maxBatch ?? 64;
  }

  /** Runs `input` as `ctx`'s write in the next batch of `key`: its outcome, once that batch committed (or failed). */
  write(key: string, ctx: HubContext, input: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.waiting.get(key);
      if (queue) {
        queue.push({ ctx, input, resolve, reject });
        return;
      }
      this.waiting.set(key, [{ ctx, input, resolve, reject }]);
      void this.drain(key);
    });
  }

  /** Runs the key's batches one after another while writes wait; the key is idle again once none does. */
  private async drain(key: string): Promise<void> {
    const queue = this.waiting.get(key)!;
    while (queue.length > 0) await this.run(queue.splice(0, this.maxBatch));
    this.waiting.delete(key);
  }

  private async run(batch: Array<Waiting<I, R>>): Promise<void> {
    let writes = batch;
    while (writes.length > 0) {
      try {
        const outcomes = await batchTransaction(writes, this.work, this.options.lead);
        outcomes.forEach((outcome, index) => (outcome.ok ? writes[index].resolve(outcome.value) : writes[index].reject(outcome.error)));
        return;
      } catch (error) {
        if (error instanceof SpoiledBatch && writes[error.index]) {
          writes[error.index].reject(error.cause);
          writes = writes.filter((_, index) => index !== error.index);
          continue;
        }
        const refusal = conflictFromRace(error) ?? error;
        for (const write of writes) write.reject(refusal);
        return;
      }
    }
  }
}

async function batchTransaction<I, R>(writes: ReadonlyArray<Waiting<I, R>>, work: BatchWork<I, R>, lead?: BatchLead<I>): Promise<Array<WriteOutcome<R>>> {
  let committed: (() => void) | undefined;
  const outcomes = await writes[0].ctx.rootEm.fork().transactional(async (em) => {
    // Each writer's grants once, in one order, so two batches never wait on each other's membership rows crosswise; then
    // the work's first locks.
    const { grants, answers } = await grantsWith(
      em,
      writes.map((write) => write.ctx.viewer),
      lead?.(
        em,
        writes.map((write) => write.input),
      ) ?? [],
    );
    const viewerOf = (write: Waiting<I, R>) => grants.get(write.ctx.viewer.userId ?? '') ?? write.ctx.viewer;
    const result = await work(
      em,
      writes.map((write) => ({ viewer: viewerOf(write), input: write.input })),
      answers,
    );
    await storeOpenedDocuments(em);
    await em.flush();
    // One audit row per accepted write, all in the statement carrying the work's writes.
    const accepted = result.outcomes.flatMap((outcome, index) => {
      const audit = writes[index].ctx.mutation;
      return outcome.ok && audit ? [{ audit, viewer: viewerOf(writes[index]), result: outcome.value }] : [];
    });
    await writeTogether(em, [...(result.writes ?? []), ...(accepted.length > 0 ? [accepted[0].audit.acceptedTogether(accepted)] : [])]);
    committed = result.committed;
    return result.outcomes;
  });
  outcomes.forEach((outcome, index) => {
    if (outcome.ok) writes[index].ctx.mutation?.committed();
  });
  committed?.();
  return outcomes;
}
