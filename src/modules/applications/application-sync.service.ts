/**
 * Co-typing an application's narratives live, as waiver sections are: a
 * co-author's Yjs updates pushed (`pushApplicationSectionUpdate`) and the
 * document followed (`applicationSectionSync`), awareness relayed
 * (`pushApplicationSectionAwareness`). A push takes the locks of a narrative
 * edit (the application FOR SHARE, authorized for `zoneApplication.draft`,
 * still a DRAFT; the section FOR UPDATE), applies the update to the document
 * loaded from PostgreSQL, appends it, and sets the section's body to the
 * document's text: a changed text is the next version, as any edit.
 */
import * as Y from 'yjs';
import { can, requireUserId } from '../../auth/policy';
import { loadViewers } from '../../auth/viewer';
import { appendUpdate, openDocument } from '../../db/yjs-document';
import { liveEvents, type Decision, type LiveEvents } from '../../delivery';
import { expectGlobalId } from '../../domain/global-id';
import { NotFoundError } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { consumeTypingUpdate } from '../../graphql/typing-rate';
import { writeTransaction } from '../../graphql/write-transaction';
import type { Feed } from '../../realtime/channels';
import { FollowerClients, type DocumentStatePayload } from '../../realtime/document-messages';
import { openDocumentFeed } from '../../realtime/document-sync';
import { applyClientUpdate, checkClientId, decodeClientUpdate, decodeStateVector, readAwareness, textOf, toBase64 } from '../../text/yjs';
import { User } from '../users/user.entity';
import { EDITABLE, isFacilitator, sectionInWrite, targetOf } from './application.access';
import { ApplicationSection, ZoneApplication } from './application.entity';
import { TextEditOutcome } from './application.enums';
import { applicationEventsTopic, type ApplicationEventPayload } from './application.events';
import { NARRATIVE_BOUNDS, NARRATIVE_TABLES } from './application-section.doc';
import {
  narrativeMessagesOf,
  narrativeSyncTopic,
  publishNarrativeSync,
  type NarrativeAwarenessPayload,
  type NarrativeSyncPayload,
} from './application-sync.events';

export interface PushNarrativeInput {
  sectionId: string;
  update: string;
  clientMutationId?: string | null;
}

export interface PushNarrativeResult {
  outcome: TextEditOutcome.APPLIED | TextEditOutcome.UNCHANGED;
  section: ApplicationSection;
  /** The hub's state vector after the update, base64. */
  stateVector: string;
}

/** A co-author's Yjs update of a narrative: applied and stored, or refused with nothing stored. */
export async function pushApplicationSectionUpdate(ctx: HubContext, input: PushNarrativeInput): Promise<PushNarrativeResult> {
  const userId = requireUserId(ctx.viewer);
  expectGlobalId(input.sectionId, 'ApplicationSection', 'input.sectionId');
  const { update, clientId } = decodeClientUpdate(input.update, 'input.update');
  // Faster than a sane typist: refused before anything is read or stored.
  await consumeTypingUpdate(userId, clientId);
  const { result, synced } = await writeTransaction(ctx, async (em, viewer) => {
    const { application, section } = await sectionInWrite(em, viewer, input.sectionId, 'share');
    const open = await openDocument(em, NARRATIVE_TABLES, section);
    const stateVector = () => toBase64(Y.encodeStateVector(open.doc));
    let outcome: PushNarrativeResult['outcome'] = TextEditOutcome.UNCHANGED;
    if (applyClientUpdate(open.doc, update, 'input.update', NARRATIVE_BOUNDS)) {
      outcome = TextEditOutcome.APPLIED;
      const body = textOf(open.doc);
      if (body !== section.body) {
        section.version += 1;
        section.body = body;
        section.updatedBy = em.getReference(User, userId);
      }
      appendUpdate(em, open, section, update, userId, clientId);
    }
    return { result: { outcome, section, stateVector: stateVector() }, synced: narrativeMessagesOf(open, application.id, input.clientMutationId) };
  });
  publishNarrativeSync(ctx.pubsub, synced);
  return result;
}

/** The application a section belongs to, if the viewer may read it (NOT_FOUND otherwise). */
async function readableApplicationOf(ctx: HubContext, sectionId: string): Promise<ZoneApplication> {
  const em = ctx.rootEm.fork();
  const section = await em.findOne(ApplicationSection, { id: sectionId }, { populate: ['application'] });
  const application = section?.application;
  if (!application || !can(ctx.viewer, 'zoneApplication.read', targetOf(application, await isFacilitator(em, ctx.viewer.userId))))
    throw new NotFoundError('Section');
  return application;
}

/** A reader's awareness on a narrative (cursor, selection, colour), relayed to its followers. */
export async function pushApplicationSectionAwareness(ctx: HubContext, input: PushNarrativeInput): Promise<{ clientId: number }> {
  const userId = requireUserId(ctx.viewer);
  const sectionId = expectGlobalId(input.sectionId, 'ApplicationSection', 'input.sectionId');
  const { clientId } = readAwareness(input.update, 'input.update');
  const application = await readableApplicationOf(ctx, sectionId);
  publishNarrativeSync(ctx.pubsub, [{ type: 'SECTION_AWARENESS', sectionId, applicationId: application.id, clientId, update: input.update, authorId: userId }]);
  return { clientId };
}

/** What `applicationSectionSync` hands on: the client's missing state first, then each accepted update, awareness, and the freeze. */
export type NarrativeStreamPayload = NarrativeSyncPayload | NarrativeAwarenessPayload | DocumentStatePayload | ApplicationEventPayload;

/** Between re-checks of a follower's access while only typing arrives (an application event re-checks at once). */
const RECHECK_MS = 15_000;

/**
 * Following a narrative's document: anyone who may read the application.
 * First the updates the client is missing against `stateVector` (all of it
 * without one), then every accepted update, and a last message once the
 * application is no longer a draft. Access is re-checked on each of the
 * application's events and at least every 15 s: a member removed stops.
 */
export async function followApplicationSectionSync(
  ctx: HubContext,
  globalId: string,
  stateVector: string | null | undefined,
  clientId?: number | null,
): Promise<LiveEvents<NarrativeStreamPayload, HubContext>> {
  const sectionId = expectGlobalId(globalId, 'ApplicationSection', 'sectionId');
  const userId = requireUserId(ctx.viewer);
  const clientState = decodeStateVector(stateVector);
  checkClientId(clientId);
  const applicationId = (await readableApplicationOf(ctx, sectionId)).id;
  const feed = await openDocumentFeed<NarrativeStreamPayload, { applicationId: string }>(
    { rootEm: ctx.rootEm, pubsub: ctx.pubsub, logger: ctx.logger, tables: NARRATIVE_TABLES, sectionId, clientState, extra: { applicationId } },
    [narrativeSyncTopic.feed(ctx.pubsub, sectionId) as Feed<NarrativeStreamPayload>, applicationEventsTopic.feed(ctx.pubsub) as Feed<NarrativeStreamPayload>],
  );
  let checkedAt = Date.now();
  let frozen = false;
  const stillReads = async (scope: HubContext): Promise<boolean> => {
    checkedAt = Date.now();
    const viewer = (await loadViewers(scope.em, [userId])).get(userId);
    const application = await scope.em.findOne(ZoneApplication, { id: applicationId });
    return Boolean(viewer && application && can(viewer, 'zoneApplication.read', targetOf(application, await isFacilitator(scope.em, userId))));
  };
  const clients = new FollowerClients(clientId);
  return liveEvents(ctx, feed, {
    decide: (scope, payload): Decision | Promise<Decision> => {
      if (payload.type === 'SECTION_STATE') return 'deliver';
      if ('sectionId' in payload) {
        // Your own updates and awareness are not echoed back: you have them.
        if (clients.own(payload) || !clients.needs(payload)) return 'skip';
        if (Date.now() - checkedAt < RECHECK_MS) return 'deliver';
        return stillReads(scope).then((reads) => (reads ? 'deliver' : 'end'));
      }
      if (payload.applicationId !== applicationId) return 'skip';
      return stillReads(scope).then((reads): Decision => {
        if (!reads) return 'end';
        // The application's own events only say, once, that the text is frozen.
        if (frozen || EDITABLE.has(payload.status)) return 'skip';
        frozen = true;
        return 'deliver';
      });
    },
    // A client that said who it is leaves at once: its awareness goes on every follower holding it.
    onEnd:
      clientId == null
        ? undefined
        : () => publishNarrativeSync(ctx.pubsub, [{ type: 'SECTION_AWARENESS_GONE', sectionId, applicationId, clientId, authorId: userId }]),
  });
}
