/**
 * Co-typing an application's narratives live, as waiver sections are: a
 * co-author's Yjs updates pushed (`pushApplicationSectionUpdate`) and the
 * document followed (`applicationSectionSync`), awareness relayed
 * (`pushApplicationSectionAwareness`). A push takes the locks of a narrative
 * edit (the application FOR SHARE, authorized for `zoneApplication.draft`,
 * still a DRAFT; the section FOR UPDATE), applies the update to the document
 * (pushes arriving together commit in one batch), appends it, and sets the
 * section's body to the document's text: a changed text is the next
 * version, as any edit.
 */
import { can, requireUserId } from '../../auth/policy';
import { loadViewers } from '../../auth/viewer';
import type { EntityManager } from '@mikro-orm/postgresql';
import { documentCommitted, documentWrites, openDocument } from '../../db/yjs-document';
import { liveEvents, type Decision, type LiveEvents } from '../../delivery';
import { expectGlobalId } from '../../domain/global-id';
import { HubError, NotFoundError } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { consumeTypingUpdate } from '../../graphql/typing-rate';
import { applyPushes, type DocumentPush } from '../../graphql/document-pushes';
import { WriteBatches, type BatchedWrite, type BatchResult, type WriteOutcome } from '../../graphql/write-batches';
import type { Feed } from '../../realtime/channels';
import { FollowerClients, type DocumentStatePayload } from '../../realtime/document-messages';
import { openDocumentFeed } from '../../realtime/document-sync';
import { checkClientId, decodeClientUpdate, decodeStateVector, readAwareness } from '../../text/yjs';
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
  /** The section's version once this push was applied (the section may have moved on within its batch). */
  version: number;
  /** The hub's state vector after the update, base64. */
  stateVector: string;
}

interface NarrativePush extends DocumentPush {
  ctx: HubContext;
  /** The section's global id, as the push named it. */
  sectionGlobalId: string;
}

/** Pushes to one narrative commit in batches, as a waiver section's do (src/graphql/write-batches.ts). */
const narrativePushes = new WriteBatches<NarrativePush, PushNarrativeResult>((em, writes) => acceptNarrativeUpdates(em, writes));

/** A co-author's Yjs update of a narrative: applied and stored, or refused with nothing stored. */
export async function pushApplicationSectionUpdate(ctx: HubContext, input: PushNarrativeInput): Promise<PushNarrativeResult> {
  const userId = requireUserId(ctx.viewer);
  const sectionId = expectGlobalId(input.sectionId, 'ApplicationSection', 'input.sectionId');
  const { update, clientId } = decodeClientUpdate(input.update, 'input.update');
  // Faster than a sane typist: refused before anything is read or stored.
  await consumeTypingUpdate(userId, clientId);
  return narrativePushes.write(sectionId, ctx, {
    ctx,
    sectionGlobalId: input.sectionId,
    userId,
    update,
    clientId,
    clientMutationId: input.clientMutationId ?? null,
  });
}

/**
 * A batch of pushes to one narrative, in one transaction: each co-author
 * through a narrative edit's prologue (the application FOR SHARE, authorized
 * for `zoneApplication.draft`, still a DRAFT; the section FOR UPDATE), the
 * document opened once, each push applied in turn. Once committed: the
 * document kept for the next batch, the updates published.
 */
async function acceptNarrativeUpdates(em: EntityManager, writes: ReadonlyArray<BatchedWrite<NarrativePush>>): Promise<BatchResult<PushNarrativeResult>> {
  const { ctx, sectionGlobalId } = writes[0].input;
  const outcomes: Array<WriteOutcome<PushNarrativeResult>> = [];
  const allowed: Array<{ index: number; push: NarrativePush }> = [];
  let locked: Awaited<ReturnType<typeof sectionInWrite>> | undefined;
  const decided = new Map<string, HubError | null>();
  for (const [index, write] of writes.entries()) {
    const { userId } = write.input;
    if (!decided.has(userId)) {
      try {
        locked = await sectionInWrite(em, write.viewer, sectionGlobalId, 'share');
        decided.set(userId, null);
      } catch (error) {
        if (!(error instanceof HubError)) throw error;
        decided.set(userId, error);
      }
    }
    const refusal = decided.get(userId);
    outcomes.push(refusal ? { ok: false, error: refusal } : { ok: true, value: null! });
    if (!refusal) allowed.push({ index, push: write.input });
  }
  if (!locked) return { outcomes };
  const { application, section } = locked;
  const open = await openDocument(em, NARRATIVE_TABLES, section);
  const applied = await applyPushes(open, section, allowed, NARRATIVE_BOUNDS, async (push) => {
    section.updatedBy = em.getReference(User, push.userId);
  });
  for (const [index, { added, version, stateVector }] of applied) {
    outcomes[index] = { ok: true, value: { outcome: added ? TextEditOutcome.APPLIED : TextEditOutcome.UNCHANGED, section, version, stateVector } };
  }
  const synced = narrativeMessagesOf(open, application.id, null);
  return {
    outcomes,
    // The document's rows go in the batch's one statement with its audit rows (the section's text is flushed with the unit of work).
    writes: documentWrites(em, open),
    committed: () => {
      documentCommitted(ctx.rootEm, open, { keep: true, onError: (error) => ctx.logger.warn({ err: error }, 'rewriting a snapshot failed') });
      publishNarrativeSync(ctx.pubsub, synced);
    },
  };
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
