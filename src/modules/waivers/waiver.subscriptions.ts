/**
 * Following a waiver request (`waiverRequestEvents`): every change, after it
 * commits, to everyone allowed to read it. Access is checked again (the
 * viewer's memberships reloaded) on every event that can change it, and at
 * least every 15 s otherwise, for all of an event's subscribers at once: a
 * subscriber who lost access, or a collaborator who was removed, stops at
 * once. When the subscription ends (socket closed), the subscriber's
 * presence clears.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { can, requireUserId } from '../../auth/policy';
import { loadViewers, Viewer } from '../../auth/viewer';
import { liveEvents, type Decision, type LiveEvents, type LiveOptions } from '../../delivery';
import { expectGlobalId } from '../../domain/global-id';
import { NotFoundError } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { arrayParam, selectRows } from '../../db/select';
import { loadAccess } from './waiver.access';
import { CollaboratorChange, type CollaboratorRole } from './waiver.enums';
import { waiverTopic, type WaiverEventPayload } from './waiver.events';
import { clearPresence, holdPresenceSweeper } from './waiver-presence.service';

/** Events that may change who can read the request: access is re-checked on each of them. */
const ACCESS_EVENTS = new Set<WaiverEventPayload['type']>(['COLLABORATOR_CHANGED', 'DISTRICT_CHANGED', 'STATUS_CHANGED']);
/** Other events re-check access at least this often (memberships can change outside the request)... */
const RECHECK_MS = 15_000;
/** ...starting the re-check in the background from this age on (see `decider`). */
const REFRESH_MS = 10_000;

interface Recheck {
  waiverRequestId: string;
  userId: string | undefined;
}

/**
 * Whether each (request, person) may still read the request, read fresh from
 * the database: the people's memberships, the requests' districts and status,
 * and their collaborator roles, in three statements for the whole batch.
 */
async function stillReadable(em: EntityManager, checks: readonly Recheck[]): Promise<boolean[]> {
  const requestIds = [...new Set(checks.map((check) => check.waiverRequestId))];
  const userIds = [...new Set(checks.flatMap((check) => (check.userId ? [check.userId] : [])))];
  const [accesses, roles, viewers] = await Promise.all([
    loadAccess(em, undefined, requestIds),
    userIds.length
      ? selectRows<{ waiver_request_id: string; user_id: string; role: CollaboratorRole }>(
          em,
          'select waiver_request_id, user_id, role from waiver_collaborators where waiver_request_id = any(?::uuid[]) and user_id = any(?::uuid[])',
          [arrayParam(requestIds), arrayParam(userIds)],
        )
      : [],
    loadViewers(em, userIds),
  ]);
  const accessById = new Map(accesses.flatMap((access) => (access ? [[access.waiverRequestId, access] as const] : [])));
  const roleOf = new Map(roles.map((row) => [`${row.waiver_request_id}/${row.user_id}`, row.role]));
  return checks.map(({ waiverRequestId, userId }) => {
    const access = accessById.get(waiverRequestId);
    const viewer = userId ? viewers.get(userId) : Viewer.anonymous;
    if (!access || !viewer) return false;
    return can(viewer, 'waiver.read', { ...access, collaboratorRole: roleOf.get(`${waiverRequestId}/${userId}`) ?? null });
  });
}

/**
 * The re-checks of one turn of the event loop, batched: an event reaches all
 * of a request's subscribers in the same turn, so a crowd due for a re-check
 * costs three statements, not two per person. Nothing is cached between batches.
 */
const recheckers = new WeakMap<EntityManager, DataLoader<Recheck, boolean>>();

function recheck(em: EntityManager, check: Recheck): Promise<boolean> {
  let loader = recheckers.get(em);
  if (!loader) {
    loader = new DataLoader((checks) => stillReadable(em, checks), { cache: false, maxBatchSize: 2_000 });
    recheckers.set(em, loader);
  }
  return loader.load(check);
}

/** A request's events, or another stream's messages about it (e.g. a section's updates): those never change access. */
type ReaderEvent = WaiverEventPayload | { type: 'SECTION_STATE' | 'SECTION_UPDATE' };

/**
 * Decides per event: a removed collaborator ends at once; on events that
 * change access, and every RECHECK_MS otherwise, the viewer's memberships
 * and the request's access are reloaded and the policy asked again, ending
 * the subscription when the viewer may no longer read. Between re-checks it
 * answers without waiting; from REFRESH_MS on, an event also starts the next
 * re-check in the background (delivered meanwhile, still within RECHECK_MS),
 * so that a crowd's events rarely wait for one: a refusal found that way
 * ends the subscription at its next event. A class, so that each of a
 * crowd's subscribers holds one small object for it, not closures and their
 * contexts.
 */
class ReaderCheck {
  private checkedAt = Date.now();
  private refreshing = false;
  private refused = false;

  constructor(
    protected readonly userId: string | undefined,
    protected readonly waiverRequestId: string,
  ) {}

  decide(ctx: HubContext, payload: ReaderEvent): Decision | Promise<Decision> {
    if (this.refused) return 'end';
    if (payload.type === 'COLLABORATOR_CHANGED' && payload.change === CollaboratorChange.REMOVED && payload.userId === this.userId) return 'end';
    const now = Date.now();
    if (!(ACCESS_EVENTS as Set<string>).has(payload.type) && now - this.checkedAt < RECHECK_MS) {
      if (now - this.checkedAt >= REFRESH_MS && !this.refreshing) this.refresh(ctx, now);
      return 'deliver';
    }
    this.checkedAt = now;
    return recheck(ctx.rootEm, { waiverRequestId: this.waiverRequestId, userId: this.userId }).then((readable) => (readable ? 'deliver' : 'end'));
  }

  /** The next re-check, started in the background: a refusal ends the subscription at its next event. */
  private refresh(ctx: HubContext, now: number): void {
    this.refreshing = true;
    recheck(ctx.rootEm, { waiverRequestId: this.waiverRequestId, userId: this.userId }).then(
      (readable) => {
        this.refreshing = false;
        if (readable) this.checkedAt = Math.max(this.checkedAt, now);
        else this.refused = true;
      },
      // A failed refresh is not a refusal: the event due at RECHECK_MS checks again, and fails the subscription if that fails too.
      () => (this.refreshing = false),
    );
  }
}

/** The reader check as a function (see ReaderCheck), for streams that decide by it among other things: `waiverSectionSync` does. */
export function readerDecider(userId: string | undefined, waiverRequestId: string): (ctx: HubContext, payload: ReaderEvent) => Decision | Promise<Decision> {
  const check = new ReaderCheck(userId, waiverRequestId);
  return check.decide.bind(check);
}

/**
 * One follower of a waiver request: its decisions (ReaderCheck) and its end (presence sweeper released,
 * presence cleared), as the live stream's options: one object per subscriber.
 */
class RequestFollower extends ReaderCheck implements LiveOptions<WaiverEventPayload, HubContext> {
  constructor(
    userId: string | undefined,
    waiverRequestId: string,
    private readonly ctx: HubContext,
    private readonly release: () => void,
  ) {
    super(userId, waiverRequestId);
  }

  async onEnd(): Promise<void> {
    this.release();
    if (!this.userId) return;
    await clearPresence(this.ctx.rootEm.fork(), this.ctx.pubsub, this.waiverRequestId, this.userId).catch((error: unknown) =>
      this.ctx.logger.warn({ err: error }, 'clearing presence failed'),
    );
  }
}

/** The subscriber's stream: authorized once, re-checked per event, presence cleared when it ends. */
export async function followWaiverRequest(ctx: HubContext, globalId: string): Promise<LiveEvents<WaiverEventPayload, HubContext>> {
  const id = expectGlobalId(globalId, 'WaiverRequest', 'waiverRequestId');
  const userId = requireUserId(ctx.viewer);
  // One statement, without a fork and loaders for this scope: thousands subscribe at once, and nothing of it is kept.
  const [access] = await loadAccess(ctx.rootEm, userId, [id]);
  // Unreadable answers as missing does, as in mutations: a request's existence does not leak.
  if (!access || !can(ctx.viewer, 'waiver.read', access)) throw new NotFoundError('Waiver request');
  const release = holdPresenceSweeper(ctx.rootEm, ctx.pubsub, () => ctx.logger);
  return liveEvents(ctx, waiverTopic.feed(ctx.pubsub, id), new RequestFollower(userId, id, ctx, release));
}
