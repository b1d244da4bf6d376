/**
 * Co-typing a section: a client's Yjs updates pushed (`pushWaiverSectionUpdate`)
 * and the document followed (`waiverSectionSync`). A push takes the same locks
 * as `editWaiverSection` (the request FOR SHARE through `lockRequestForChange`:
 * an author, a text not frozen; the section FOR UPDATE), applies the update to
 * the document loaded from PostgreSQL, appends it, and sets the section's body
 * to the document's text: a changed text is the next version, as any edit;
 * its revision and `WaiverSectionEdited` event come per burst of typing
 * (waiver-section-burst.ts), not per update.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Answers } from '../../db/select';
import * as Y from 'yjs';
import { can, requireUserId } from '../../auth/policy';
import { liveEvents, type Decision, type LiveEvents } from '../../delivery';
import { expectGlobalId, toGlobalId } from '../../domain/global-id';
import { NotFoundError } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { applyPushes, type DocumentPush } from '../../graphql/document-pushes';
import { WriteBatches, type BatchedWrite, type BatchResult, type WriteOutcome } from '../../graphql/write-batches';
import { documentCommitted, documentWrites } from '../../db/yjs-document';
import type { Feed } from '../../realtime/channels';
import { FollowerClients, type DocumentStatePayload } from '../../realtime/document-messages';
import { openDocumentFeed } from '../../realtime/document-sync';
import { consumeTypingUpdate } from '../../graphql/typing-rate';
import { checkClientId, decodeStateVector } from '../../text/yjs';
import { User } from '../users/user.entity';
import { loadAccess } from './waiver.access';
import { FROZEN_STATUSES, WaiverEditOutcome, type WaiverStatus } from './waiver.enums';
import { MAX_SECTION_BODY } from './waiver.inputs';
import { waiverTopic, type WaiverEventPayload } from './waiver.events';
import { decideRequestChange, sectionTextReadings, TEXT_CHANGE, WaiverWorkflowError, requestIdOfSection } from './waiver.state';
import { readerDecider } from './waiver.subscriptions';
import { WaiverSection } from './waiver-section.entity';
import { BODY, SECTION_BOUNDS, decodeClientUpdate, SECTION_TABLES, storedDocument, textOf } from './waiver-section.doc';
import { publishSync, sectionSyncTopic, syncMessagesOf, type SectionAwarenessPayload, type SectionSyncPayload } from './waiver-section-sync.events';
import { sectionTextWrite } from './waiver-section.writes';
import { announceGone } from './waiver-section-awareness.service';
import { armBurstSweeper, openWithBursts, publishCuts, type CutBurst } from './waiver-section-burst';
import { clearPresence } from './waiver-presence.service';

export interface PushUpdateInput {
  sectionId: string;
  update: string;
  clientMutationId?: string | null;
}

export interface PushUpdateResult {
  outcome: WaiverEditOutcome.APPLIED | WaiverEditOutcome.UNCHANGED;
  section: WaiverSection;
  /** The section's version once this push was applied (the section may have moved on within its batch). */
  version: number;
  /** The hub's state vector after the update, base64. */
  stateVector: string;
}

/** One author's push, as its batch takes it. */
interface SectionPush extends DocumentPush {
  ctx: HubContext;
  sectionId: string;
  requestId: string;
}

/** Pushes to one section commit in batches: one transaction, lock and document load for all that arrived meanwhile. */
const sectionPushes = new WriteBatches<SectionPush, PushUpdateResult>((em, writes, leading) => acceptUpdates(em, writes, leading as SectionLocks), {
  // The request's lock and its authors' access under it, the section FOR UPDATE and whether anyone has signed off, with the
  // grants in one round trip.
  lead: (em, pushes) => sectionLocks(em, pushes),
});

function sectionLocks(em: EntityManager, pushes: readonly SectionPush[]) {
  return sectionTextReadings(
    em,
    pushes.map((push) => push.userId),
    pushes[0].requestId,
    pushes[0].sectionId,
  );
}

/** What `sectionLocks` read: the request, its authors' access, the section, whether any district has signed off. */
type SectionLocks = Answers<ReturnType<typeof sectionLocks>>;

/** An author's Yjs update of a section: applied and stored, or refused with nothing stored. */
export async function pushWaiverSectionUpdate(ctx: HubContext, input: PushUpdateInput): Promise<PushUpdateResult> {
  const userId = requireUserId(ctx.viewer);
  const sectionId = expectGlobalId(input.sectionId, 'WaiverSection', 'input.sectionId');
  const { update, clientId } = decodeClientUpdate(input.update, 'input.update');
  // Faster than a sane typist: refused before anything is read or stored.
  await consumeTypingUpdate(userId, clientId);
  const requestId = await requestIdOfSection(ctx.rootEm.fork(), sectionId);
  const push: SectionPush = { ctx, userId, sectionId, requestId, update, clientId, clientMutationId: input.clientMutationId ?? null };
  return sectionPushes.write(sectionId, ctx, push).catch(async (error: unknown) => {
    // Typed offline while the request was submitted: refused, with what the client typed for it to copy.
    if (error instanceof WaiverWorkflowError) throw await frozenRefusal(ctx, error, sectionId, update);
    throw error;
  });
}

/** Longest would-be text a frozen refusal carries (characters). */
const REFUSED_TEXT_MAX = MAX_SECTION_BODY;

/**
 * The INVALID_TRANSITION for an update refused because the text is frozen,
 * carrying what the client would have made of the section: its whole text
 * with the update applied (`yourText`, at most REFUSED_TEXT_MAX characters)
 * and the runs it inserted and deleted. Only readers get here (access is
 * decided before the freeze), so nothing leaks.
 */
async function frozenRefusal(ctx: HubContext, error: WaiverWorkflowError, sectionId: string, update: Uint8Array): Promise<WaiverWorkflowError> {
  const { doc } = await storedDocument(ctx.rootEm.fork(), sectionId);
  const stored = textOf(doc);
  // The update's own change of the text, as Yjs sees it: runs inserted and deleted, in order.
  let delta: Array<{ insert?: unknown; delete?: number; retain?: number }> = [];
  doc.getText(BODY).observe((event) => {
    delta = event.delta as typeof delta;
  });
  try {
    Y.applyUpdate(doc, update);
  } catch {
    return error;
  }
  const yours = textOf(doc);
  const inserted: string[] = [];
  const deleted: string[] = [];
  let at = 0;
  for (const op of delta) {
    if (op.retain) at += op.retain;
    if (op.delete) {
      deleted.push(stored.slice(at, at + op.delete));
      at += op.delete;
    }
    if (typeof op.insert === 'string') inserted.push(op.insert);
  }
  const status = error.extensions.status as WaiverStatus;
  return new WaiverWorkflowError(
    `The text is frozen: this waiver request is ${status}, so your changes were not applied. They are in this error's extensions (yourText, insertedText, deletedText): copy them before you reload`,
    status,
    {
      sectionId: toGlobalId('WaiverSection', sectionId),
      yourText: yours.slice(0, REFUSED_TEXT_MAX),
      yourTextTruncated: yours.length > REFUSED_TEXT_MAX,
      insertedText: inserted,
      deletedText: deleted,
      pendingStructs: Boolean(doc.store.pendingStructs),
    },
  );
}

/**
 * A batch of pushes to one section, in one transaction: the request locked
 * FOR SHARE once and each author authorized under it, the section FOR
 * UPDATE, its document opened once (kept from the last batch when this hub
 * wrote it last), then each push applied in turn, as the next version when
 * it changed the text. Once committed: the document kept for the next batch,
 * the updates published, cut bursts announced.
 */
async function acceptUpdates(
  em: EntityManager,
  writes: ReadonlyArray<BatchedWrite<SectionPush>>,
  [locked, accessOf, section, signedOff]: SectionLocks,
): Promise<BatchResult<PushUpdateResult>> {
  const { ctx, requestId } = writes[0].input;
  const decided = decideRequestChange(
    writes.map((write) => write.viewer),
    [locked, accessOf],
    TEXT_CHANGE,
  );
  const outcomes: Array<WriteOutcome<PushUpdateResult>> = decided.map((locked) =>
    locked instanceof Error ? { ok: false, error: locked } : { ok: true, value: null! },
  );
  const allowed = decided.flatMap((locked, index) => (locked instanceof Error ? [] : [{ index, request: locked.request }]));
  if (allowed.length === 0) return { outcomes };
  // Read-only (in no unit of work): its new body and version go in the batch's one write, with the document's and the bursts'.
  if (!section) throw new NotFoundError('Section');
  const versionBefore = section.version;
  // The document and its authors' open bursts, in one statement.
  const authorIds = allowed.map(({ index }) => writes[index].input.userId);
  const { open, bursts } = await openWithBursts(em, section, requestId, authorIds);
  const { request } = allowed[0];
  const cuts: CutBurst[] = [];
  let typed = false;
  const applied = await applyPushes(
    open,
    section,
    allowed.map(({ index }) => ({ index, push: writes[index].input })),
    SECTION_BOUNDS,
    async (push, baseVersion) => {
      section.updatedBy = em.getReference(User, push.userId);
      // A revision per burst of typing, not per update (waiver-section-burst.ts).
      typed = true;
      const cut = await bursts.typed(request, section, push.userId, baseVersion, ctx.clock.now(), signedOff);
      if (cut) cuts.push(cut);
    },
  );
  const sectionWrite = section.version === versionBefore ? [] : [sectionTextWrite(section)];
  // Sent by the batch, with its audit rows: one statement.
  const stored = [...documentWrites(em, open), ...sectionWrite, ...bursts.writes()];
  for (const [index, { added, version, stateVector }] of applied) {
    outcomes[index] = { ok: true, value: { outcome: added ? WaiverEditOutcome.APPLIED : WaiverEditOutcome.UNCHANGED, section, version, stateVector } };
  }
  const synced = syncMessagesOf(open, requestId, null);
  return {
    outcomes,
    writes: stored,
    committed: () => {
      documentCommitted(ctx.rootEm, open, { keep: true, onError: (error) => ctx.logger.warn({ err: error }, 'rewriting a snapshot failed') });
      publishSync(ctx.pubsub, synced);
      publishCuts(ctx.pubsub, cuts);
      if (typed) armBurstSweeper(ctx.rootEm, ctx.pubsub, ctx.clock, ctx.logger);
    },
  };
}

/** What `waiverSectionSync` hands on: the client's missing state first, then each accepted update, and the freeze. */
export type SyncStreamPayload = SectionSyncPayload | SectionAwarenessPayload | DocumentStatePayload | WaiverEventPayload;

/**
 * Following a section's document: anyone who may read the request. First the
 * updates the client is missing against `stateVector` (all of it without
 * one), then every accepted update, and a last message when the request is
 * frozen. Access is decided per event as for `waiverRequestEvents` (a removed
 * collaborator ends at once).
 */
export async function followSectionSync(
  ctx: HubContext,
  globalId: string,
  stateVector: string | null | undefined,
  clientId?: number | null,
): Promise<LiveEvents<SyncStreamPayload, HubContext>> {
  const sectionId = expectGlobalId(globalId, 'WaiverSection', 'sectionId');
  const userId = requireUserId(ctx.viewer);
  const clientState = decodeStateVector(stateVector);
  checkClientId(clientId);
  const requestId = await requestIdOfSection(ctx.rootEm.fork(), sectionId);
  const [access] = await loadAccess(ctx.rootEm, userId, [requestId]);
  if (!access || !can(ctx.viewer, 'waiver.read', access)) throw new NotFoundError('Section');
  const feed = await openDocumentFeed<SyncStreamPayload, { waiverRequestId: string }>(
    { rootEm: ctx.rootEm, pubsub: ctx.pubsub, logger: ctx.logger, tables: SECTION_TABLES, sectionId, clientState, extra: { waiverRequestId: requestId } },
    [sectionSyncTopic.feed(ctx.pubsub, sectionId) as Feed<SyncStreamPayload>, waiverTopic.feed(ctx.pubsub, requestId) as Feed<SyncStreamPayload>],
  );
  const mayRead = readerDecider(userId, requestId);
  const clients = new FollowerClients(clientId);
  return liveEvents(ctx, feed, {
    decide: (scope, payload): Decision | Promise<Decision> => {
      // Your own updates and awareness are not echoed back: you have them.
      if (payload.type !== 'SECTION_STATE' && 'clientId' in payload && (clients.own(payload) || !clients.needs(payload))) return 'skip';
      if (
        payload.type === 'SECTION_STATE' ||
        payload.type === 'SECTION_UPDATE' ||
        payload.type === 'SECTION_AWARENESS' ||
        payload.type === 'SECTION_AWARENESS_GONE'
      ) {
        return mayRead(scope, { type: 'SECTION_UPDATE' });
      }
      // The request's own events only end the subscription (access lost), say the text is frozen, or tell of this section's suggestions.
      const shown =
        (payload.type === 'STATUS_CHANGED' && FROZEN_STATUSES.includes(payload.to)) ||
        (payload.type === 'SUGGESTION_CHANGED' && payload.sectionId === sectionId)
          ? 'deliver'
          : 'skip';
      const decided = mayRead(scope, payload);
      return typeof decided === 'string' ? (decided === 'end' ? 'end' : shown) : decided.then((d) => (d === 'end' ? 'end' : shown));
    },
    // A client that said who it is leaves at once: its awareness goes on every follower holding it, its presence row with it.
    onEnd:
      clientId == null
        ? undefined
        : async () => {
            announceGone(ctx.pubsub, { sectionId, waiverRequestId: requestId, clientId, authorId: userId });
            await clearPresence(ctx.rootEm.fork(), ctx.pubsub, requestId, userId).catch((error: unknown) =>
              ctx.logger.warn({ err: error }, 'clearing presence failed'),
            );
          },
  });
}
