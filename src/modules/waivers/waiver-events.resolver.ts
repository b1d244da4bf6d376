/**
 * `waiverRequestEvents`: every change to a request, after it commits, to
 * everyone allowed to read it. Access is checked again (the viewer's
 * memberships reloaded) on every event that can change it, and at least
 * every 15 s otherwise, for all of an event's subscribers at once: a
 * subscriber who lost access, or a collaborator who was removed, stops at
 * once. When the subscription ends (socket closed), the subscriber's
 * presence clears.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import { can, requireUserId } from '../../auth/policy';
import { loadViewers, Viewer } from '../../auth/viewer';
import type { HubContext } from '../../graphql/context';
import { NotFoundError } from '../../errors';
import { expectGlobalId, toGlobalId } from '../../domain/global-id';
import { liveEvents, type Decision } from '../../realtime/subscription';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { knownParticipant } from '../users/user.visibility';
import { loadAccess, uuidArray } from './waiver.access';
import { CollaboratorChange, type CollaboratorRole, WaiverRevisionKind } from './waiver.enums';
import {
  WaiverCollaboratorChanged,
  WaiverCommentAdded,
  WaiverCommentResolved,
  WaiverDistrictChanged,
  WaiverPresenceChanged,
  WaiverRequestEvent,
  WaiverSectionAdded,
  WaiverSectionEdited,
  WaiverSectionMoved,
  WaiverSectionRenamed,
  WaiverStatusChanged,
  waiverTopic,
  type WaiverEventPayload,
} from './waiver.events';
import { sectionsOf } from './waiver.loaders';
import { clearPresence, holdPresenceSweeper } from './waiver-presence.service';
import { WaiverComment } from './waiver-comment.entity';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';

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
      ? em.execute<Array<{ waiver_request_id: string; user_id: string; role: CollaboratorRole }>>(
          'select waiver_request_id, user_id, role from waiver_collaborators where waiver_request_id = any(?::uuid[]) and user_id = any(?::uuid[])',
          [uuidArray(requestIds), uuidArray(userIds)],
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

/**
 * Decides per event: a removed collaborator ends at once; on events that
 * change access, and every RECHECK_MS otherwise, the viewer's memberships
 * and the request's access are reloaded and the policy asked again, ending
 * the subscription when the viewer may no longer read. Between re-checks it
 * answers without waiting; from REFRESH_MS on, an event also starts the next
 * re-check in the background (delivered meanwhile, still within RECHECK_MS),
 * so that a crowd's events rarely wait for one: a refusal found that way
 * ends the subscription at its next event.
 */
function decider(userId: string | undefined, waiverRequestId: string) {
  let checkedAt = Date.now();
  let refreshing = false;
  let refused = false;
  return (ctx: HubContext, payload: WaiverEventPayload): Decision | Promise<Decision> => {
    if (refused) return 'end';
    if (payload.type === 'COLLABORATOR_CHANGED' && payload.change === CollaboratorChange.REMOVED && payload.userId === userId) return 'end';
    const now = Date.now();
    if (!ACCESS_EVENTS.has(payload.type) && now - checkedAt < RECHECK_MS) {
      if (now - checkedAt >= REFRESH_MS && !refreshing) {
        refreshing = true;
        recheck(ctx.rootEm, { waiverRequestId, userId }).then(
          (readable) => {
            refreshing = false;
            if (readable) checkedAt = Math.max(checkedAt, now);
            else refused = true;
          },
          // A failed refresh is not a refusal: the event due at RECHECK_MS checks again, and fails the subscription if that fails too.
          () => (refreshing = false),
        );
      }
      return 'deliver';
    }
    checkedAt = now;
    return recheck(ctx.rootEm, { waiverRequestId, userId }).then((readable) => (readable ? 'deliver' : 'end'));
  };
}

/** The subscriber's stream: authorized once, re-checked per event, presence cleared when it ends. */
async function waiverEventStream(ctx: HubContext, globalId: string): Promise<AsyncIterable<WaiverEventPayload>> {
  const id = expectGlobalId(globalId, 'WaiverRequest', 'waiverRequestId');
  const userId = requireUserId(ctx.viewer);
  // One statement, without a fork and loaders for this scope: thousands subscribe at once, and nothing of it is kept.
  const [access] = await loadAccess(ctx.rootEm, userId, [id]);
  // Unreadable answers as missing does, as in mutations: a request's existence does not leak.
  if (!access || !can(ctx.viewer, 'waiver.read', access)) throw new NotFoundError('Waiver request');
  const release = holdPresenceSweeper(ctx.rootEm, ctx.pubsub, () => ctx.logger);
  return liveEvents(ctx, waiverTopic.subscribe(ctx.pubsub, id), {
    decide: decider(userId, id),
    onEnd: async () => {
      release();
      if (userId) await clearPresence(ctx.rootEm.fork(), ctx.pubsub, id, userId).catch((error: unknown) => ctx.logger.warn({ err: error }, 'clearing presence failed'));
    },
  });
}

/**
 * The entities an event is about, loaded once per event and instance and
 * shared by every subscriber it is delivered to (the pub/sub hands them the
 * same payload object), instead of once per subscriber.
 */
const shared = new WeakMap<object, Promise<Map<string, object | null>>>();

function sharedEntities(ctx: HubContext, payload: WaiverEventPayload): Promise<Map<string, object | null>> {
  let loaded = shared.get(payload);
  if (!loaded) {
    const em = ctx.rootEm.fork();
    const wanted: Array<[string, { name: string } & (new () => { id: string }), string | null | undefined]> = [
      ['actor', User, payload.actorId],
      ['section', WaiverSection, 'sectionId' in payload ? payload.sectionId : null],
      ['revision', WaiverRevision, payload.type === 'SECTION_EDITED' ? payload.revisionId : null],
      ['user', User, 'userId' in payload ? payload.userId : null],
      ['comment', WaiverComment, 'commentId' in payload ? payload.commentId : null],
      ['district', Organization, payload.type === 'DISTRICT_CHANGED' ? payload.organizationId : null],
    ];
    loaded = Promise.all(wanted.map(async ([key, entity, id]) => [key, id ? await em.findOne(entity, { id }) : null] as const)).then((pairs) => new Map(pairs));
    shared.set(payload, loaded);
  }
  return loaded;
}

/**
 * The event as delivered. `byViewer` is read only when selected (a getter):
 * a selection that does not ask for it does not depend on the subscriber,
 * so it is executed once per event for everyone (src/realtime/shared-execution.ts).
 */
async function toEvent(ctx: HubContext, payload: WaiverEventPayload): Promise<WaiverRequestEvent> {
  const event = await buildEvent(ctx, payload);
  knownParticipant(ctx, payload.actorId);
  Object.defineProperty(event, 'byViewer', {
    enumerable: true,
    get: () => payload.actorId !== null && payload.actorId === ctx.viewer.userId,
  });
  return event;
}

async function buildEvent(ctx: HubContext, payload: WaiverEventPayload): Promise<WaiverRequestEvent> {
  const entities = await sharedEntities(ctx, payload);
  const get = <T>(key: string) => entities.get(key) as T;
  const common = {
    at: new Date(payload.at),
    actor: get<User | null>('actor'),
    waiverRequestId: toGlobalId('WaiverRequest', payload.waiverRequestId),
    clientMutationId: payload.clientMutationId,
  };
  switch (payload.type) {
    case 'SECTION_EDITED': {
      const revision = get<WaiverRevision>('revision');
      return Object.assign(new WaiverSectionEdited(), common, {
        section: get<WaiverSection>('section'), revision, version: payload.version, body: revision.body, kind: revision.kind,
        merged: revision.kind === WaiverRevisionKind.MERGED,
      });
    }
    case 'SECTION_ADDED':
      return Object.assign(new WaiverSectionAdded(), common, { section: get<WaiverSection>('section') });
    case 'SECTION_MOVED':
      return Object.assign(new WaiverSectionMoved(), common, {
        section: get<WaiverSection>('section'), position: payload.position, sections: await sectionsOf(ctx, payload.waiverRequestId),
      });
    case 'SECTION_RENAMED':
      return Object.assign(new WaiverSectionRenamed(), common, { section: get<WaiverSection>('section'), title: payload.title });
    case 'PRESENCE_CHANGED':
      return Object.assign(new WaiverPresenceChanged(), common, { user: get<User>('user'), openSection: get<WaiverSection | null>('section'), presenceChange: payload.change });
    case 'COMMENT_ADDED':
      return Object.assign(new WaiverCommentAdded(), common, { comment: get<WaiverComment>('comment') });
    case 'COMMENT_RESOLVED':
      return Object.assign(new WaiverCommentResolved(), common, { comment: get<WaiverComment>('comment'), resolved: payload.resolved });
    case 'COLLABORATOR_CHANGED':
      return Object.assign(new WaiverCollaboratorChanged(), common, { user: get<User>('user'), role: payload.role, collaboratorChange: payload.change });
    case 'DISTRICT_CHANGED':
      return Object.assign(new WaiverDistrictChanged(), common, { district: get<Organization>('district'), districtChange: payload.change });
    case 'STATUS_CHANGED':
      return Object.assign(new WaiverStatusChanged(), common, { from: payload.from, to: payload.to, note: payload.note });
  }
}

@Resolver()
export class WaiverEventsResolver {
  @Subscription(() => WaiverRequestEvent, {
    description:
      'Every change to a waiver request (edits with the new text and version, presence, comments, collaborators, districts, sections, status), ' +
      'delivered after it commits to everyone allowed to read the request; ends when you lose access or are removed as a collaborator',
    subscribe: ({ args, context }) => waiverEventStream(context as HubContext, (args as { waiverRequestId: string }).waiverRequestId),
  })
  waiverRequestEvents(
    @Root() payload: WaiverEventPayload,
    @Arg('waiverRequestId', () => ID) _waiverRequestId: string,
    @Ctx() ctx: HubContext,
  ): Promise<WaiverRequestEvent> {
    return toEvent(ctx, payload);
  }
}
