/**
 * Uploads never attached are removed once `DOCUMENT_UNATTACHED_HOURS` old:
 * `sweepUnattachedDocuments` once (tests call it with their own clock), or
 * `startDocumentSweep`: once as the hub starts, before it is handed to its
 * caller (so a hub restarted often still sweeps, and no sweep runs beside the
 * first requests), then periodically; stopped before the hub closes the database.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Viewer } from '../../auth/viewer';
import { selectRows } from '../../db/select';
import { createScope } from '../../graphql/context';
import { writeTransaction } from '../../graphql/write-transaction';
import type { PubSub } from '../../realtime/pubsub';
import { Document } from './document.entity';
import type { DocumentStore } from './document.store';

/** Most uploads one sweep removes (the next sweep takes the rest). */
const SWEEP_BATCH = 500;

export interface SweepOptions {
  rootEm: EntityManager;
  store: DocumentStore;
  pubsub: PubSub;
  logger: Logger;
  /** How old an unattached upload may grow. */
  unattachedHours: number;
}

/**
 * Removes uploads never attached that were made before `now` less
 * `unattachedHours`, with their bytes, in one write transaction (rows
 * another sweep holds are skipped). Resolves with how many it removed.
 */
export async function sweepUnattachedDocuments(options: SweepOptions, now: Date = new Date()): Promise<number> {
  const olderThan = new Date(now.getTime() - options.unattachedHours * 3_600_000);
  const ctx = createScope({ rootEm: options.rootEm, viewer: Viewer.anonymous, logger: options.logger, requestId: 'document-sweep', pubsub: options.pubsub });
  return writeTransaction(ctx, async (em) => {
    const rows = await selectRows<{ id: string }>(
      em,
      'select id from documents where attached_at is null and created_at < ? order by created_at limit ? for update skip locked',
      [olderThan, SWEEP_BATCH],
    );
    const ids = rows.map((row) => row.id);
    if (ids.length === 0) return 0;
    await options.store.remove(em, ids);
    await em.nativeDelete(Document, { id: { $in: ids } });
    return ids.length;
  });
}

export interface DocumentSweep {
  /** Stops the timer and waits for a sweep under way. */
  stop(): Promise<void>;
}

/**
 * Sweeps once now (resolving when done; a failure is logged, not thrown: the
 * next sweep retries), then every `everyMs` (default: an hour, or a quarter of
 * the age limit when shorter).
 */
export async function startDocumentSweep(options: SweepOptions, everyMs = Math.min(3_600_000, options.unattachedHours * 900_000)): Promise<DocumentSweep> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const sweep = () => {
    running = sweepUnattachedDocuments(options).then(
      (removed) => {
        if (removed > 0) options.logger.info({ removed }, 'removed unattached uploads');
      },
      (error: unknown) => options.logger.warn({ err: error }, 'sweep of unattached uploads failed; retrying later'),
    );
  };
  sweep();
  await running;
  const timer = setInterval(() => {
    if (!stopped) sweep();
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
