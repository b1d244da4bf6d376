/**
 * The one way the hub writes: `writeTransaction(ctx, async (em, viewer) => …)`.
 *
 * In one database transaction it
 *  1. locks the organization whose row or members the write changes, when it
 *     names one (`lockOrganization`), FOR NO KEY UPDATE: every membership
 *     change of an organization takes this lock first, so they run one at a
 *     time, and rows that merely reference the organization (foreign keys
 *     take FOR KEY SHARE) do not wait for it;
 *  2. re-reads the viewer's grants, locking their membership rows FOR SHARE
 *     (`grantsReading`, sent with the work's first locks when it names them: `writeTransactionWith`): a removal or demotion of the viewer waits until this
 *     write commits, and a write that waited for one decides on its result;
 *  3. runs `work` with that fresh viewer: authorization inside a write asks
 *     the policy about `viewer`, never about the grants read when the request
 *     started (`ctx.viewer`);
 *  4. flushes the change, then writes the mutation's audit row in the same
 *     transaction, so a change never commits without it and a rolled-back
 *     one leaves none. A change that sends its writes as one statement
 *     (`writeTogether`) carries the row in it instead (`scope.auditWrite`),
 *     and pays no round trip for it.
 *
 * Lock order: organization row, then the viewer's membership rows, then the
 * feature's own rows (in the order the feature documents). Membership
 * changes lock the organization before any membership row, so two owners
 * changing each other wait in line instead of deadlocking. Two owners of two
 * different organizations changing each other at the same instant can still
 * deadlock; PostgreSQL then aborts one, which answers CONFLICT (as does any
 * serialization failure or lock timeout): the client retries.
 *
 * Events are published by the caller after this resolves, i.e. after commit.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { grantsReading, type Viewer } from '../auth/viewer';
import { storeOpenedDocuments } from '../db/yjs-document';
import { readInOrder, selectRows, type Answers, type Reading, type Write } from '../db/select';
import type { HubContext } from './context';
import { conflictFromRace, NotFoundError } from '../errors';

/** What a write transaction tells the mutation it serves (the audit trail implements it, per mutation). */
export interface MutationAudit {
  /** Records the accepted mutation in the write's own transaction, just before it commits. */
  recordAccepted(em: EntityManager, viewer: Viewer, result: unknown): Promise<void>;
  /**
   * The rows of several accepted mutations of one transaction (a batch of writes, write-batches.ts), each by its own
   * audit, as one write for the transaction to send with its others (`writeTogether`).
   */
  acceptedTogether(accepted: ReadonlyArray<{ audit: MutationAudit; viewer: Viewer; result: unknown }>): Write;
  /** The values of this mutation's accepted row, for `acceptedTogether`. */
  acceptedValues(viewer: Viewer, result: unknown): unknown[];
  /** The transaction holding that record committed. */
  committed(): void;
}

/** What a write transaction's `work` may ask of it besides its EntityManager and the fresh viewer. */
export interface WriteScope {
  /**
   * The mutation's audit row as a write, for the work's one `writeTogether`, sent once the change holds every lock it
   * takes (rows of conflicting writes are then in commit order): the transaction writes no row of its own after. `result`
   * names the target, as the work's result would. None without an audit (a write outside a mutation).
   */
  auditWrite(result: unknown): Write[];
}

export interface WriteOptions {
  /** The id (uuid) of the organization whose row or members this write changes: locked before the grants are read. */
  lockOrganization?: string;
}

/** Runs `work` in a transaction with the viewer's grants re-read under lock and the audit row written; see the module comment. */
export function writeTransaction<T>(
  ctx: HubContext,
  work: (em: EntityManager, viewer: Viewer, scope: WriteScope) => Promise<T>,
  options: WriteOptions = {},
): Promise<T> {
  return writeTransactionWith(
    ctx,
    () => [] as const,
    (em, viewer, scope) => work(em, viewer, scope),
    options,
  );
}

/**
 * `writeTransaction` whose first locks go with the viewer's grants: the readings `leading` makes (the feature's own
 * locks in their order, and reads under them) are sent after the grants in the same round trip (db/pipeline.ts), and
 * `work` gets their answers. Their SQL may not depend on the grants (it runs before they are known): what they read is
 * decided on in `work`, with the fresh viewer.
 */
export async function writeTransactionWith<T, const A extends readonly Reading<unknown>[]>(
  ctx: HubContext,
  leading: (em: EntityManager) => A,
  work: (em: EntityManager, viewer: Viewer, scope: WriteScope, answers: Answers<A>) => Promise<T>,
  options: WriteOptions = {},
): Promise<T> {
  const audit = ctx.mutation;
  try {
    const result = await ctx.em.transactional(async (em) => {
      if (options.lockOrganization) await lockOrganizationRow(em, options.lockOrganization);
      const { grants, answers } = await grantsWith(em, [ctx.viewer], leading(em));
      const viewer = grants.get(ctx.viewer.userId ?? '') ?? ctx.viewer;
      let carried = false;
      const scope: WriteScope = {
        auditWrite: (result) => {
          if (!audit) return [];
          carried = true;
          return [audit.acceptedTogether([{ audit, viewer, result }])];
        },
      };
      const done = await work(em, viewer, scope, answers as unknown as Answers<A>);
      await storeOpenedDocuments(em);
      // Flushed first, so the row is written once the change holds every lock it takes: rows of conflicting writes are in commit order.
      await em.flush();
      if (!carried) await audit?.recordAccepted(em, viewer, done);
      return done;
    });
    audit?.committed();
    return result;
  } catch (error) {
    throw conflictFromRace(error) ?? error;
  }
}

/**
 * The viewers' grants re-read under lock (by user id; nothing to read without a signed-in viewer), then the answers
 * of `leading`, in one round trip (a batch of writes reads several writers' grants this way: write-batches.ts).
 */
export async function grantsWith(
  em: EntityManager,
  viewers: readonly Viewer[],
  leading: readonly Reading<unknown>[],
): Promise<{ grants: Map<string, Viewer>; answers: readonly unknown[] }> {
  if (!viewers.some((viewer) => viewer.user)) return { grants: new Map(), answers: leading.length ? await readInOrder(em, leading) : [] };
  const [grants, ...answers] = await readInOrder(em, [grantsReading(viewers), ...leading]);
  return { grants, answers };
}

async function lockOrganizationRow(em: EntityManager, organizationId: string): Promise<void> {
  const rows = await selectRows(em, 'select id from organizations where id = ? for no key update', [organizationId]);
  if (rows.length === 0) throw new NotFoundError('Organization');
}
