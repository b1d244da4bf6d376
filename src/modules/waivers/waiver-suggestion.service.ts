/**
 * Suggesting mode: a collaborator (a REVIEWER, or an author who chooses to)
 * proposes an insertion, deletion or replacement instead of typing it; an
 * AUTHOR or the LEAD then accepts or rejects it
 * (waiver-suggestion-decision.service.ts). A suggestion is anchored by Yjs
 * relative positions in the section's document, made under the section's
 * lock, so the characters it covers stay the same while others type around
 * them. Nothing of it is allowed once the request is frozen
 * (INVALID_TRANSITION).
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import * as Y from 'yjs';
import { requireUserId } from '../../auth/policy';
import { selectRows } from '../../db/select';
import { expectGlobalId } from '../../domain/global-id';
import { BadUserInputError } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { writeTransaction } from '../../graphql/write-transaction';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { publish } from './waiver.service';
import { lockRequestForChange, requestIdOfSection } from './waiver.state';
import { BODY, openSectionDoc, textOf } from './waiver-section.doc';
import { WaiverSection } from './waiver-section.entity';
import { publishSync, syncMessagesOf } from './waiver-section-sync.events';
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
