/**
 * Suggesting mode: a collaborator (a REVIEWER, or an author who chooses to)
 * proposes an insertion, deletion or replacement instead of typing it; an
 * AUTHOR or the LEAD accepts or rejects it, one by one or all of one person's
 * or one district's at once. A suggestion is anchored by Yjs relative
 * positions in the section's document, made under the section's lock, so
 * the characters it covers stay the same while others type around them.
 *
 * Accepting takes the same locks as any edit (the request FOR SHARE through
 * `lockRequestForChange`, then the sections FOR UPDATE in id order, then the
 * suggestions FOR UPDATE), applies the suggestions to the document as the
 * hub's own deletes and inserts, appends that update, and sets the body: the
 * next version, a revision, the stale sign-offs' notifications and a
 * `WaiverSectionEdited` event, as an edit. Rejecting changes no text. Nothing
 * of it is allowed once the request is frozen (INVALID_TRANSITION).
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import * as Y from 'yjs';
import { requireUserId } from '../../auth/policy';
import { arrayParam, selectRows } from '../../db/select';
import { expectGlobalId } from '../../domain/global-id';
import { BadUserInputError, InvalidTransitionError, NotFoundError } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { writeTransaction } from '../../graphql/write-transaction';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { WaiverRevisionKind } from './waiver.enums';
import type { WaiverEventInput } from './waiver.events';
import { notifySignOffStale } from './waiver.notifications';
import { publish } from './waiver.service';
import { lockRequestForChange } from './waiver.state';
import { appendUpdate, BODY, HUB_CLIENT_ID, openSectionDoc, textOf, type OpenDocument } from './waiver-section.doc';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';
import { publishSync, syncMessagesOf, type SectionSyncPayload } from './waiver-section-sync.events';
import { cutBursts, publishCuts, type CutBurst } from './waiver-section-burst';
import { WaiverSuggestion, WaiverSuggestionChange, WaiverSuggestionKind, WaiverSuggestionStatus } from './waiver-suggestion.entity';
import { MAX_SECTION_BODY } from './waiver.inputs';

/** Pending suggestions one section may hold: past it, decide some first. */
export const MAX_PENDING_SUGGESTIONS = 200;

/** A position in a section's text: an index into the text as the hub has it now, or a Yjs relative position (base64) in your copy of the document. */
export interface TextPosition {
  index?: number | null;
  relativePosition?: string | null;
}

export interface SuggestInput {
  sectionId: string;
  from: TextPosition;
  /** Null (or `from` itself) for an insertion. */
  to?: TextPosition | null;
  text?: string | null;
  clientMutationId?: string | null;
}

export interface DecideManyInput {
  waiverRequestId: string;
  accept: boolean;
  authorId?: string | null;
  districtId?: string | null;
  sectionId?: string | null;
  clientMutationId?: string | null;
}

/** Where `position` stands in the document now (an index into its text), or BAD_USER_INPUT at `path`. */
function indexOf(doc: Y.Doc, position: TextPosition, path: string): number {
  const text = doc.getText(BODY);
  const hasIndex = position.index != null;
  const hasRelative = position.relativePosition != null;
  if (hasIndex === hasRelative) throw BadUserInputError.field(path, 'give exactly one of index and relativePosition');
  if (hasIndex) {
    const index = position.index!;
    if (!Number.isInteger(index) || index < 0 || index > text.length) throw BadUserInputError.field(`${path}.index`, `is not between 0 and ${text.length}`);
    return index;
  }
  const encoded = position.relativePosition!;
  if (encoded.length > 256 || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0)
    throw BadUserInputError.field(`${path}.relativePosition`, 'is not a base64 Yjs relative position');
  let absolute: Y.AbsolutePosition | null;
  try {
    absolute = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(new Uint8Array(Buffer.from(encoded, 'base64'))), doc);
  } catch {
    throw BadUserInputError.field(`${path}.relativePosition`, 'is not a Yjs relative position');
  }
  if (!absolute || absolute.type !== text) {
    throw BadUserInputError.field(
      `${path}.relativePosition`,
      "is not a position in this section's text as the hub has it: push your updates first, or sync (waiverSectionSync)",
    );
  }
  return absolute.index;
}

/**
 * Where a stored suggestion stands in `doc` now: `from` and `to` as indexes
 * (`to` = `from` for an insertion, never before it); null when its anchor is
 * not in the document (it always is: the anchors are made from it).
 */
export function rangeIn(doc: Y.Doc, suggestion: Pick<WaiverSuggestion, 'fromPosition' | 'toPosition'>): { from: number; to: number } | null {
  const at = (bytes: Buffer) => Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(new Uint8Array(bytes)), doc)?.index ?? null;
  const from = at(suggestion.fromPosition);
  if (from === null) return null;
  const to = suggestion.toPosition ? at(suggestion.toPosition) : from;
  return { from, to: Math.max(from, to ?? from) };
}

/** The author's district among the request's co-signers (the first they are a member of), or null. */
async function districtOf(em: EntityManager, requestId: string, userId: string): Promise<string | null> {
  const [row] = await selectRows<{ organization_id: string }>(
    em,
    `select d.organization_id from waiver_districts d join memberships m on m.organization_id = d.organization_id and m.user_id = ?
      where d.waiver_request_id = ? order by d.created_at, d.id limit 1`,
    [userId, requestId],
  );
  return row?.organization_id ?? null;
}

async function requestIdOfSection(em: EntityManager, sectionId: string): Promise<string> {
  const [row] = await selectRows<{ waiver_request_id: string }>(em, 'select waiver_request_id from waiver_sections where id = ?', [sectionId]);
  if (!row) throw new NotFoundError('Section');
  return row.waiver_request_id;
}

/** A collaborator suggests an insertion, deletion or replacement in a section: stored and shown, the text unchanged. */
export async function suggestWaiverSectionChange(ctx: HubContext, input: SuggestInput): Promise<WaiverSuggestion> {
  const userId = requireUserId(ctx.viewer);
  const sectionId = expectGlobalId(input.sectionId, 'WaiverSection', 'input.sectionId');
  const text = input.text ?? '';
  if (text.length > MAX_SECTION_BODY) throw BadUserInputError.field('input.text', `is longer than ${MAX_SECTION_BODY} characters`);
  const done = await writeTransaction(ctx, async (em, viewer) => {
    const requestId = await requestIdOfSection(em, sectionId);
    const { request } = await lockRequestForChange(em, viewer, requestId, { lock: 'share', action: 'waiver.suggest', editable: true });
    const section = await em.findOneOrFail(WaiverSection, { id: sectionId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    const open = await openSectionDoc(em, section);
    const from = indexOf(open.doc, input.from, 'input.from');
    const to = input.to ? indexOf(open.doc, input.to, 'input.to') : from;
    if (to < from) throw BadUserInputError.field('input.to', 'is before input.from');
    if (to === from && !text) throw BadUserInputError.field('input.text', 'is empty, and there is nothing between from and to to delete: nothing to suggest');
    if (textOf(open.doc).length - (to - from) + text.length > MAX_SECTION_BODY)
      throw BadUserInputError.field('input.text', `would make the text longer than ${MAX_SECTION_BODY} characters`);
    const pending = await em.count(WaiverSuggestion, { section, status: WaiverSuggestionStatus.PENDING });
    if (pending >= MAX_PENDING_SUGGESTIONS)
      throw BadUserInputError.field('input.sectionId', `has ${MAX_PENDING_SUGGESTIONS} pending suggestions: the authors decide some first`);
    const body = open.doc.getText(BODY);
    const districtId = await districtOf(em, requestId, userId);
    const suggestion = em.create(WaiverSuggestion, {
      waiverRequest: request,
      section,
      author: em.getReference(User, userId),
      district: districtId ? em.getReference(Organization, districtId) : null,
      kind: to === from ? WaiverSuggestionKind.INSERTION : text ? WaiverSuggestionKind.REPLACEMENT : WaiverSuggestionKind.DELETION,
      text,
      deletedText: textOf(open.doc).slice(from, to),
      // `from` sticks to the character after it, `to` to the one before it (the last one deleted).
      fromPosition: Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(body, from, 0))),
      toPosition: to > from ? Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(body, to, -1))) : null,
    });
    return { suggestion, requestId, synced: syncMessagesOf(open, requestId, input.clientMutationId) };
  });
  // A section first opened here may have had its document seeded or repaired: followers get that as any update.
  publishSync(ctx.pubsub, done.synced);
  publish(ctx, done.requestId, input.clientMutationId, [
    { type: 'SUGGESTION_CHANGED', suggestionId: done.suggestion.id, sectionId, change: WaiverSuggestionChange.ADDED },
  ]);
  return done.suggestion;
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
    if (!ids.length) return { requestId, decided: [], revisions: [], synced: [], cuts: [] };
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
    if (accept) {
      let staleNotified = false;
      for (const section of sections.values()) {
        const mine = stillPending.filter((s) => s.section.id === section.id);
        if (!mine.length) continue;
        const open: OpenDocument = await openSectionDoc(em, section);
        cuts.push(...(await cutBursts(em, section, requestId)));
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
        appendUpdate(em, open, section, Y.encodeStateAsUpdate(open.doc, stateBefore), userId);
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
    return { requestId, decided: stillPending, revisions, synced, cuts };
  });
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

/** The pending (or `status`) suggestions of sections, oldest first: one statement per batch. */
export function suggestionsOf(ctx: HubContext, sectionId: string, status: WaiverSuggestionStatus): Promise<WaiverSuggestion[]> {
  return ctx.loaders
    .get(
      `waiverSuggestions:${status}`,
      (em) =>
        new DataLoader<string, WaiverSuggestion[]>(async (ids) => {
          const found = await em.find(WaiverSuggestion, { section: { $in: [...ids] }, status }, { orderBy: { createdAt: 'asc', id: 'asc' } });
          // Decided ones accumulate: the latest MAX_PENDING_SUGGESTIONS of them.
          return ids.map((id) => found.filter((s) => s.section.id === id).slice(-MAX_PENDING_SUGGESTIONS));
        }),
    )
    .load(sectionId);
}
