/**
 * Presence: which section each person has open. Kept in a table (every hub
 * instance sees it) with an expiry renewed by heartbeats; it expires about
 * 30 seconds after the last one, and goes at once when the person's
 * subscription ends (their socket closed). Expired rows are swept by every
 * instance with live subscribers; `delete … returning` makes each expiry
 * announced exactly once, whichever instance sweeps it.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { requireUserId } from '../../auth/policy';
import type { HubContext } from '../../graphql/context';
import { BadUserInputError } from '../../errors';
import { expectGlobalId } from '../../domain/global-id';
import { selectRows } from '../../db/select';
import { writeTransaction } from '../../graphql/write-transaction';
import type { PubSub } from '../../realtime/pubsub';
import { authorizeOn } from './waiver.access';
import { PresenceChange } from './waiver.enums';
import { publishWaiverEvents } from './waiver.events';
import type { SetWaiverPresenceInput } from './waiver.inputs';
import { publish } from './waiver.service';

/** Presence lasts this long after the last heartbeat. */
export const PRESENCE_TTL_SECONDS = 30;
/** How often an instance with subscribers sweeps expired presence. */
const SWEEP_MS = 5_000;

export interface PresenceState {
  userId: string;
  sectionId: string | null;
  expiresAt: Date | null;
}

/** Says which section the viewer has open (null: none); a heartbeat when repeated. */
export async function setWaiverPresence(ctx: HubContext, input: SetWaiverPresenceInput): Promise<PresenceState> {
  const userId = requireUserId(ctx.viewer);
  const id = expectGlobalId(input.waiverRequestId, 'WaiverRequest', 'input.waiverRequestId');
  const sectionId = input.sectionId ? expectGlobalId(input.sectionId, 'WaiverSection', 'input.sectionId') : null;
  const { expiresAt, change } = await writeTransaction(ctx, async (em, viewer) => {
    await authorizeOn(em, viewer, id, 'waiver.read');
    if (sectionId) {
      const [row] = await selectRows<{ waiver_request_id: string }>(em, 'select waiver_request_id from waiver_sections where id = ?', [sectionId]);
      if (row?.waiver_request_id !== id) throw BadUserInputError.field('input.sectionId', 'is not a section of this waiver request');
    }
    const [before] = await selectRows<{ section_id: string; live: boolean }>(
      em,
      'select section_id, expires_at > now() as live from waiver_presence where waiver_request_id = ? and user_id = ? for update',
      [id, userId],
    );
    const openBefore = before?.live ? before.section_id : null;
    if (!sectionId) {
      if (before) await em.execute('delete from waiver_presence where waiver_request_id = ? and user_id = ?', [id, userId]);
      return { expiresAt: null, change: openBefore ? PresenceChange.LEFT : null };
    }
    const [row]: Array<{ expires_at: Date }> = await em.execute(
      `insert into waiver_presence (id, waiver_request_id, user_id, section_id, expires_at)
       values (?, ?, ?, ?, now() + make_interval(secs => ?))
       on conflict (waiver_request_id, user_id)
       do update set section_id = excluded.section_id, expires_at = excluded.expires_at, updated_at = now()
       returning expires_at`,
      [randomUUID(), id, userId, sectionId, PRESENCE_TTL_SECONDS],
    );
    return { expiresAt: new Date(row.expires_at), change: openBefore === sectionId ? null : PresenceChange.OPENED };
  });
  if (change) publish(ctx, id, input.clientMutationId, [{ type: 'PRESENCE_CHANGED', userId, sectionId, change }]);
  return { userId, sectionId, expiresAt };
}

/** Clears a person's presence on a request (their subscription ended); announces it when it was live. */
export async function clearPresence(em: EntityManager, pubsub: PubSub, waiverRequestId: string, userId: string): Promise<void> {
  const rows: Array<{ live: boolean }> = await em.execute(
    'delete from waiver_presence where waiver_request_id = ? and user_id = ? returning expires_at > now() as live',
    [waiverRequestId, userId],
  );
  if (rows.some((row) => row.live)) {
    publishWaiverEvents(pubsub, { waiverRequestId, actorId: userId }, [
      { type: 'PRESENCE_CHANGED', userId, sectionId: null, change: PresenceChange.DISCONNECTED },
    ]);
  }
}

async function sweep(em: EntityManager, pubsub: PubSub): Promise<void> {
  const rows: Array<{ waiver_request_id: string; user_id: string }> = await em.execute(
    'delete from waiver_presence where expires_at <= now() returning waiver_request_id, user_id',
  );
  for (const row of rows) {
    publishWaiverEvents(pubsub, { waiverRequestId: row.waiver_request_id, actorId: null }, [
      { type: 'PRESENCE_CHANGED', userId: row.user_id, sectionId: null, change: PresenceChange.EXPIRED },
    ]);
  }
}

interface Sweeper {
  holders: number;
  timer: NodeJS.Timeout;
}

const sweepers = new WeakMap<PubSub, Sweeper>();

/**
 * Keeps this instance sweeping expired presence while it has subscribers
 * (one timer per pub/sub, counted); returns the release function, which each
 * subscriber holds while connected. `em` is only forked from, per sweep;
 * `logger` is asked for only when the sweeper starts.
 */
export function holdPresenceSweeper(em: EntityManager, pubsub: PubSub, logger: () => Logger): () => void {
  const sweeper = sweepers.get(pubsub) ?? startSweeper(em, pubsub, logger());
  sweeper.holders += 1;
  return releaser(sweeper, pubsub);
}

// The timer's callback and the release function are made in separate functions on purpose: closures made in one
// function share one context, so a release function made next to the timer's callback would keep the caller's
// EntityManager (and everything it references) alive for as long as the subscriber is connected.
function startSweeper(em: EntityManager, pubsub: PubSub, logger: Logger): Sweeper {
  const timer = setInterval(() => {
    sweep(em.fork(), pubsub).catch((error: unknown) => logger.warn({ err: error }, 'presence sweep failed'));
  }, SWEEP_MS);
  timer.unref();
  const sweeper = { holders: 0, timer };
  sweepers.set(pubsub, sweeper);
  return sweeper;
}

function releaser(sweeper: Sweeper, pubsub: PubSub): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    sweeper.holders -= 1;
    if (sweeper.holders === 0) {
      clearInterval(sweeper.timer);
      if (sweepers.get(pubsub) === sweeper) sweepers.delete(pubsub);
    }
  };
}
