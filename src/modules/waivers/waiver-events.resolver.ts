/**
 * `waiverRequestEvents`: the subscription field and each event as delivered.
 * Who receives which event, and for how long, is decided in
 * waiver.subscriptions.ts.
 */
import { Arg, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { readEachById } from '../../db/read-rows';
import { toGlobalId } from '../../domain/global-id';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { knownParticipant } from '../users/user.visibility';
import { WaiverRevisionKind } from './waiver.enums';
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
  WaiverSuggestionChanged,
  type WaiverEventPayload,
} from './waiver.events';
import { sectionsOf } from './waiver.loaders';
import { followWaiverRequest } from './waiver.subscriptions';
import { WaiverComment } from './waiver-comment.entity';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';
import { WaiverSuggestion } from './waiver-suggestion.entity';

/**
 * The entities an event is about, loaded once per event and instance and
 * shared by every subscriber it is delivered to (the pub/sub hands them the
 * same payload object), instead of once per subscriber: read-only rows
 * (read-rows.ts), all of them in one statement.
 */
const shared = new WeakMap<object, Promise<Map<string, object | null>>>();

type Wanted = [key: string, entity: { name: string } & (new () => { id: string }), id: string | null | undefined];

function sharedEntities(ctx: HubContext, payload: WaiverEventPayload): Promise<Map<string, object | null>> {
  let loaded = shared.get(payload);
  if (!loaded) {
    const wanted: Wanted[] = [
      ['actor', User, payload.actorId],
      ['section', WaiverSection, 'sectionId' in payload ? payload.sectionId : null],
      ['revision', WaiverRevision, payload.type === 'SECTION_EDITED' ? payload.revisionId : null],
      ['user', User, 'userId' in payload ? payload.userId : null],
      ['comment', WaiverComment, 'commentId' in payload ? payload.commentId : null],
      ['district', Organization, payload.type === 'DISTRICT_CHANGED' ? payload.organizationId : null],
      ['suggestion', WaiverSuggestion, payload.type === 'SUGGESTION_CHANGED' ? payload.suggestionId : null],
    ];
    loaded = readWanted(ctx, wanted);
    shared.set(payload, loaded);
  }
  return loaded;
}

async function readWanted(ctx: HubContext, wanted: readonly Wanted[]): Promise<Map<string, object | null>> {
  // A fork of its own: the crowd shares what is read, not the first subscriber's request.
  const rows = await readEachById(
    ctx.rootEm.fork(),
    wanted.map(([, entity, id]) => [entity, id] as const),
  );
  return new Map(wanted.map(([key], i) => [key, rows[i]]));
}

/**
 * The event as delivered. `byViewer` is read only when selected (a getter):
 * a selection that does not ask for it does not depend on the subscriber,
 * so it is executed once per event for everyone (src/delivery/execute-once.ts).
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
        section: get<WaiverSection>('section'),
        revision,
        version: payload.version,
        body: revision.body,
        kind: revision.kind,
        merged: revision.kind === WaiverRevisionKind.MERGED,
      });
    }
    case 'SECTION_ADDED':
      return Object.assign(new WaiverSectionAdded(), common, { section: get<WaiverSection>('section') });
    case 'SECTION_MOVED':
      return Object.assign(new WaiverSectionMoved(), common, {
        section: get<WaiverSection>('section'),
        position: payload.position,
        sections: await sectionsOf(ctx, payload.waiverRequestId),
      });
    case 'SECTION_RENAMED':
      return Object.assign(new WaiverSectionRenamed(), common, { section: get<WaiverSection>('section'), title: payload.title });
    case 'PRESENCE_CHANGED':
      return Object.assign(new WaiverPresenceChanged(), common, {
        user: get<User>('user'),
        openSection: get<WaiverSection | null>('section'),
        presenceChange: payload.change,
      });
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
    case 'SUGGESTION_CHANGED':
      return Object.assign(new WaiverSuggestionChanged(), common, {
        suggestion: get<WaiverSuggestion>('suggestion'),
        section: get<WaiverSection>('section'),
        suggestionChange: payload.change,
      });
  }
}

@Resolver()
export class WaiverEventsResolver {
  @Subscription(() => WaiverRequestEvent, {
    description:
      'Every change to a waiver request (edits with the new text and version, presence, comments, collaborators, districts, sections, status), ' +
      'delivered after it commits to everyone allowed to read the request; ends when you lose access or are removed as a collaborator',
    subscribe: ({ args, context }) => followWaiverRequest(context as HubContext, (args as { waiverRequestId: string }).waiverRequestId),
  })
  waiverRequestEvents(
    @Root() payload: WaiverEventPayload,
    @Arg('waiverRequestId', () => ID) _waiverRequestId: string,
    @Ctx() ctx: HubContext,
  ): Promise<WaiverRequestEvent> {
    return toEvent(ctx, payload);
  }
}
