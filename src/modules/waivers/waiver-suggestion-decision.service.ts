/**
 * Deciding suggestions (see waiver-suggestion.service.ts for making them):
 * an AUTHOR or the LEAD accepts or rejects one, or all of one person's or
 * one district's at once. Accepting takes the same locks as any edit (the
 * request FOR SHARE through `lockRequestForChange`, then the sections FOR
 * UPDATE in id order, then the suggestions FOR UPDATE), applies the
 * suggestions to the document as the hub's own deletes and inserts, appends
 * that update, and sets the body: the next version, a revision, the stale
 * sign-offs' notifications and a `WaiverSectionEdited` event, as an edit.
 * Rejecting changes no text. Nothing of it is allowed once the request is
 * frozen (INVALID_TRANSITION).
 */
import { LockMode } from '@mikro-orm/core';
import { documentCommitted } from '../../db/yjs-document';
import type { EntityManager } from '@mikro-orm/postgresql';
import * as Y from 'yjs';
import { requireUserId } from '../../auth/policy';
import { arrayParam, selectRows } from '../../db/select';
import { expectGlobalId } from '../../domain/global-id';
import { BadUserInputError, InvalidTransitionError, NotFoundError } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { writeTransaction } from '../../graphql/write-transaction';
import { User } from '../users/user.entity';
import { WaiverRevisionKind } from './waiver.enums';
import type { WaiverEventInput } from './waiver.events';
import { notifySignOffStale } from './waiver.notifications';
import { publish } from './waiver.service';
import { lockRequestForChange } from './waiver.state';
import { appendUpdate, BODY, HUB_CLIENT_ID, textOf, type OpenDocument } from './waiver-section.doc';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';
import { publishSync, syncMessagesOf, type SectionSyncPayload } from './waiver-section-sync.events';
import { openWithBursts, publishCuts, type CutBurst } from './waiver-section-burst';
import { WaiverSuggestion, WaiverSuggestionChange, WaiverSuggestionStatus } from './waiver-suggestion.entity';

import { rangeIn } from './waiver-suggestion.service';

export interface DecideManyInput {
  waiverRequestId: string;
  accept: boolean;
  authorId?: string | null;
  districtId?: string | null;
  sectionId?: string | null;
  clientMutationId?: string | null;
}

/** Applies one suggestion to the document as the hub's edit; answers whether the text changed. */
function applySuggestion(doc: Y.Doc, suggestion: WaiverSuggestion): boolean {
  const text = doc.getText(BODY);
  const before = text.toString();
  const range = rangeIn(doc, suggestion);
  if (!range) return false;
  const { from, to } = range;
  doc.clientID = HUB_CLIENT_ID;
  doc.transact(() => {
    if (to > from) text.delete(from, to - from);
    if (suggestion.text) text.insert(from, suggestion.text);
  });
  return text.toString() !== before;
}

interface Decided {
  requestId: string;
  decided: WaiverSuggestion[];
  revisions: WaiverRevision[];
  synced: SectionSyncPayload[];
  cuts: Array<CutBurst | null>;
  /** The documents changed, for after the commit. */
  opened: OpenDocument[];
}

/**
 * Decides the pending suggestions `pick` selects (read under the request's
 * lock), all or nothing. `single`: the one suggestion asked for, refused with
 * INVALID_TRANSITION when it is no longer pending.
 */
async function decide(
  ctx: HubContext,
  requestIdOf: (em: EntityManager) => Promise<string>,
  pick: (em: EntityManager, requestId: string) => Promise<string[]>,
  accept: boolean,
  single: boolean,
  clientMutationId: string | null | undefined,
): Promise<Decided> {
  const userId = requireUserId(ctx.viewer);
  const done = await writeTransaction(ctx, async (em, viewer): Promise<Decided> => {
    const requestId = await requestIdOf(em);
    const { request } = await lockRequestForChange(em, viewer, requestId, { lock: 'share', action: 'waiver.edit', editable: true });
    const ids = await pick(em, requestId);
    if (!ids.length) return { requestId, decided: [], revisions: [], synced: [], cuts: [], opened: [] };
    // The sections first (the lock order of every edit), then the suggestions themselves.
    const sectionRows = await selectRows<{ section_id: string }>(
      em,
      'select distinct section_id from waiver_suggestions where id = any(?::uuid[]) order by section_id',
      [arrayParam(ids)],
    );
    const sections = new Map<string, WaiverSection>();
    if (accept) {
      for (const { section_id } of sectionRows) {
        sections.set(section_id, await em.findOneOrFail(WaiverSection, { id: section_id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }));
      }
    }
    const locked = await em.find(
      WaiverSuggestion,
      { id: { $in: ids } },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true, orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    const stillPending = locked.filter((s) => s.status === WaiverSuggestionStatus.PENDING);
    if (single && locked[0] && !stillPending.length) {
      throw new InvalidTransitionError('This suggestion', locked[0].status, accept ? WaiverSuggestionStatus.ACCEPTED : WaiverSuggestionStatus.REJECTED);
    }
    const now = new Date();
    const decider = em.getReference(User, userId);
    for (const suggestion of stillPending) {
      suggestion.status = accept ? WaiverSuggestionStatus.ACCEPTED : WaiverSuggestionStatus.REJECTED;
      suggestion.decidedAt = now;
      suggestion.decidedBy = decider;
    }
    const revisions: WaiverRevision[] = [];
    const synced: SectionSyncPayload[] = [];
    const cuts: CutBurst[] = [];
    const opened: OpenDocument[] = [];
    if (accept) {
      let staleNotified = false;
      for (const section of sections.values()) {
        const mine = stillPending.filter((s) => s.section.id === section.id);
        if (!mine.length) continue;
        const { open, bursts } = await openWithBursts(em, section, requestId);
        opened.push(open);
        cuts.push(...(await bursts.cut()));
        const stateBefore = Y.encodeStateVector(open.doc);
        let changed = false;
        for (const suggestion of mine) changed = applySuggestion(open.doc, suggestion) || changed;
        const body = textOf(open.doc);
        if (!changed || body === section.body) {
          synced.push(...syncMessagesOf(open, requestId, clientMutationId));
          continue;
        }
        if (!staleNotified) {
          await notifySignOffStale(em, requestId, userId);
          staleNotified = true;
        }
        const baseVersion = section.version;
        section.version += 1;
        section.body = body;
        section.updatedBy = decider;
        appendUpdate(open, section, Y.encodeStateAsUpdate(open.doc, stateBefore), userId);
        for (const suggestion of mine) suggestion.acceptedVersion = section.version;
        revisions.push(
          em.create(WaiverRevision, {
            waiverRequest: request,
            section,
            version: section.version,
            body,
            kind: WaiverRevisionKind.EDITED,
            author: decider,
            baseVersion,
          }),
        );
        synced.push(...syncMessagesOf(open, requestId, clientMutationId));
      }
    }
    return { requestId, decided: stillPending, revisions, synced, cuts, opened };
  });
  for (const open of done.opened) documentCommitted(ctx.rootEm, open, { onError: (error) => ctx.logger.warn({ err: error }, 'rewriting a snapshot failed') });
  publishSync(ctx.pubsub, done.synced);
  publishCuts(ctx.pubsub, done.cuts);
  const change = accept ? WaiverSuggestionChange.ACCEPTED : WaiverSuggestionChange.REJECTED;
  const events: WaiverEventInput[] = [
    ...done.revisions.map((revision): WaiverEventInput => ({
      type: 'SECTION_EDITED',
      sectionId: revision.section.id,
      revisionId: revision.id,
      version: revision.version,
    })),
    ...done.decided.map((s): WaiverEventInput => ({ type: 'SUGGESTION_CHANGED', suggestionId: s.id, sectionId: s.section.id, change })),
  ];
  if (events.length) publish(ctx, done.requestId, clientMutationId, events);
  return done;
}

/** An AUTHOR or the LEAD accepts (the text changes: a new version) or rejects one pending suggestion. */
export async function decideWaiverSuggestion(
  ctx: HubContext,
  input: { suggestionId: string; clientMutationId?: string | null },
  accept: boolean,
): Promise<WaiverSuggestion> {
  const suggestionId = expectGlobalId(input.suggestionId, 'WaiverSuggestion', 'input.suggestionId');
  const requestIdOf = async (em: EntityManager) => {
    const [row] = await selectRows<{ waiver_request_id: string }>(em, 'select waiver_request_id from waiver_suggestions where id = ?', [suggestionId]);
    if (!row) throw new NotFoundError('Suggestion');
    return row.waiver_request_id;
  };
  await decide(ctx, requestIdOf, () => Promise.resolve([suggestionId]), accept, true, input.clientMutationId);
  return ctx.em.fork().findOneOrFail(WaiverSuggestion, { id: suggestionId });
}

/** Accepts or rejects every pending suggestion of one person, or of one district (optionally in one section), at once. */
export async function decideWaiverSuggestions(ctx: HubContext, input: DecideManyInput): Promise<WaiverSuggestion[]> {
  const requestId = expectGlobalId(input.waiverRequestId, 'WaiverRequest', 'input.waiverRequestId');
  if (Boolean(input.authorId) === Boolean(input.districtId)) {
    throw new BadUserInputError('Give authorId or districtId: whose suggestions to decide', [
      { path: 'input.authorId', message: 'give exactly one of authorId and districtId' },
      { path: 'input.districtId', message: 'give exactly one of authorId and districtId' },
    ]);
  }
  const authorId = input.authorId ? expectGlobalId(input.authorId, 'User', 'input.authorId') : null;
  const districtId = input.districtId ? expectGlobalId(input.districtId, 'Organization', 'input.districtId') : null;
  const sectionId = input.sectionId ? expectGlobalId(input.sectionId, 'WaiverSection', 'input.sectionId') : null;
  const pick = async (em: EntityManager, id: string) => {
    const rows = await selectRows<{ id: string }>(
      em,
      `select id from waiver_suggestions where waiver_request_id = ? and status = 'PENDING'
          and (?::uuid is null or author_id = ?::uuid) and (?::uuid is null or district_id = ?::uuid) and (?::uuid is null or section_id = ?::uuid)
        order by created_at, id`,
      [id, authorId, authorId, districtId, districtId, sectionId, sectionId],
    );
    return rows.map((row) => row.id);
  };
  const done = await decide(ctx, () => Promise.resolve(requestId), pick, input.accept, false, input.clientMutationId);
  if (!done.decided.length) return [];
  return ctx.em.fork().find(WaiverSuggestion, { id: { $in: done.decided.map((s) => s.id) } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}
