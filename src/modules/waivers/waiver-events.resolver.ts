/**
 * `waiverRequestEvents`: every change to a request, after it commits, to
 * everyone allowed to read it. Access is checked again before each event in
 * a fresh scope (with the viewer's memberships reloaded): a subscriber who
 * lost access, or a collaborator who was removed, stops at once. When the
 * subscription ends (socket closed), the subscriber's presence clears.
 */
import { Arg, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import { authorize, can } from '../../auth/policy';
import { loadViewer, Viewer } from '../../auth/viewer';
import type { HubContext } from '../../graphql/context';
import { NotFoundError } from '../../graphql/errors';
import { expectGlobalId, toGlobalId } from '../../graphql/node';
import { liveEvents, type Decision } from '../../realtime/subscription';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { accessOf, loadAccess } from './waiver.access';
import { CollaboratorChange, WaiverRevisionKind } from './waiver.enums';
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
/** Other events re-check access at most this often (memberships can change outside the request). */
const RECHECK_MS = 15_000;

/**
 * Decides per event, in the event's fresh scope: a removed collaborator ends
 * at once; on events that change access, and every RECHECK_MS otherwise, the
 * viewer's memberships and the request's access are reloaded and the policy
 * asked again, ending the subscription when the viewer may no longer read.
 */
function decider(userId: string | undefined, waiverRequestId: string) {
  let checkedAt = Date.now();
  return async (ctx: HubContext, payload: WaiverEventPayload): Promise<Decision> => {
    if (payload.type === 'COLLABORATOR_CHANGED' && payload.change === CollaboratorChange.REMOVED && payload.userId === userId) return 'end';
    if (!ACCESS_EVENTS.has(payload.type) && Date.now() - checkedAt < RECHECK_MS) return 'deliver';
    checkedAt = Date.now();
    let viewer = Viewer.anonymous;
    if (userId) {
      try {
        viewer = await loadViewer(ctx.em, { sub: userId });
      } catch {
        return 'end';
      }
    }
    const [access] = await loadAccess(ctx.em, userId, [waiverRequestId]);
    return access && can(viewer, 'waiver.read', access) ? 'deliver' : 'end';
  };
}

/** The subscriber's stream: authorized once, re-checked per event, presence cleared when it ends. */
async function waiverEventStream(ctx: HubContext, globalId: string): Promise<AsyncIterable<WaiverEventPayload>> {
  const id = expectGlobalId(globalId, 'WaiverRequest', 'waiverRequestId');
  const access = await accessOf(ctx, id);
  if (!access) throw new NotFoundError('Waiver request');
  authorize(ctx.viewer, 'waiver.read', access);
  const userId = ctx.viewer.userId;
  const source = waiverTopic.subscribe(ctx.pubsub, id)[Symbol.asyncIterator]();
  const live = liveEvents(ctx, { [Symbol.asyncIterator]: () => source }, { decide: decider(userId, id) });
  const release = holdPresenceSweeper(ctx.em, ctx.pubsub, ctx.logger);
  let ended = false;
  const end = async () => {
    if (ended) return;
    ended = true;
    release();
    if (userId) await clearPresence(ctx.em.fork(), ctx.pubsub, id, userId).catch((error: unknown) => ctx.logger.warn({ err: error }, 'clearing presence failed'));
  };
  // graphql-ws calls return() when the socket closes or the client completes; ending the source
  // first wakes liveEvents at once, even while it waits for the next event.
  const stream: AsyncIterableIterator<WaiverEventPayload> = {
    [Symbol.asyncIterator]: () => stream,
    next: async () => {
      const result = await live.next();
      if (result.done) await end();
      return result;
    },
    return: async () => {
      await end();
      await source.return?.();
      return live.return(undefined);
    },
    throw: async (error: unknown) => {
      await end();
      await source.return?.();
      return live.throw(error);
    },
  };
  return stream;
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
    const em = ctx.em.fork();
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
