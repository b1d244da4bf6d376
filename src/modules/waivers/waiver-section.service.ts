/**
 * Co-editing sections. Text edits take the request row FOR SHARE (so the
 * workflow cannot freeze the text mid-edit) and the section row FOR UPDATE
 * (so edits of one section are strictly sequential: every accepted edit is
 * the next version and a revision, none is lost). An edit made from an older
 * version is merged three-way against the revision at that version; edits
 * that overlap come back as a conflict, never as a silent overwrite.
 * Structure changes (add, move, rename) take the request row FOR UPDATE and
 * count renames and moves in its layoutVersion, so the text's version (see
 * textStateOf) goes up with every change a sign-off cares about.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireUserId } from '../../auth/policy';
import type { HubContext } from '../../graphql/context';
import { NotFoundError } from '../../errors';
import { expectGlobalId } from '../../domain/global-id';
import { selectRows, writeTogether } from '../../db/select';
import { slugify } from '../../text/normalize';
import { writeTransaction, writeTransactionWith } from '../../graphql/write-transaction';
import { notifySignOffStale } from './waiver.notifications';
import { User } from '../users/user.entity';
import { WaiverConflictReason, WaiverEditOutcome, WaiverRevisionKind } from './waiver.enums';
import type { WaiverRequest } from './waiver.entity';
import type {
  AddWaiverSectionInput,
  EditWaiverSectionInput,
  MoveWaiverSectionInput,
  RenameWaiverSectionInput,
  RestoreWaiverSectionRevisionInput,
} from './waiver.inputs';
import type { ConflictRegion } from '../../text/merge';
import { resolveVersionedEdit } from '../../text/versioned-edit';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';
import { publish } from './waiver.service';
import { decideRequestChange, lockRequestForChange, requestIdOfSection, sectionTextReadings, TEXT_CHANGE } from './waiver.state';
import { appendUpdate, bodyAtVersion, bodyChangeUpdate, type OpenDocument } from './waiver-section.doc';
import { documentCommitted, documentWrites } from '../../db/yjs-document';
import { revisionInsert, revisionOf, sectionTextWrite } from './waiver-section.writes';
import { openWithBursts, publishCuts, type CutBurst } from './waiver-section-burst';
import { publishSync, syncMessagesOf, type SectionSyncPayload } from './waiver-section-sync.events';

/** What an edit or a restore did. */
export interface SectionEditResult {
  outcome: WaiverEditOutcome;
  section: WaiverSection;
  revision: WaiverRevision | null;
  conflict: { baseVersion: number; yourBody: string; regions: ConflictRegion[]; reason: WaiverConflictReason } | null;
}

interface TextChange {
  sectionId: string;
  /** The new text, or a function of the locked section giving it (or a conflict). */
  resolve: (
    em: EntityManager,
    section: WaiverSection,
  ) => Promise<{ body: string; kind: WaiverRevisionKind; baseVersion: number; restoredFromVersion?: number } | { conflict: SectionEditResult['conflict'] }>;
  clientMutationId?: string | null;
}

/** Applies one change of a section's text under the locks; publishes after commit. */
async function changeText(ctx: HubContext, change: TextChange): Promise<SectionEditResult> {
  const userId = requireUserId(ctx.viewer);
  // Sections never move between requests: known before the transaction (remembered, or one read).
  const requestId = await requestIdOfSection(ctx.em, change.sectionId);
  const { result, synced, cuts, open } = await writeTransactionWith(
    ctx,
    (em) => sectionTextReadings(em, [userId], requestId, change.sectionId),
    async (
      em,
      viewer,
      scope,
      [request, accessOf, section, signedOff],
    ): Promise<{ result: SectionEditResult; synced?: SectionSyncPayload[]; cuts?: CutBurst[]; open?: OpenDocument }> => {
      const [locked] = decideRequestChange([viewer], [request, accessOf], TEXT_CHANGE);
      if (locked instanceof Error) throw locked;
      if (!section) throw new NotFoundError('Section');
      const next = await change.resolve(em, section);
      if ('conflict' in next) {
        return { result: { outcome: WaiverEditOutcome.CONFLICT, section, revision: null, conflict: next.conflict } };
      }
      if (next.body === section.body) {
        return { result: { outcome: WaiverEditOutcome.UNCHANGED, section, revision: null, conflict: null } };
      }
      if (signedOff) await notifySignOffStale(em, requestId, userId);
      // The text is the section's Yjs document: the new body goes in as the hub's deletes and inserts, appended like a client's update.
      // Bursts of typing end with this change: their revisions are cut first (read with the document, in one statement).
      const { open, bursts } = await openWithBursts(em, section, requestId);
      const cuts = await bursts.cut();
      section.version += 1;
      section.body = next.body;
      section.updatedBy = em.getReference(User, userId);
      const update = bodyChangeUpdate(open.doc, next.body);
      if (update) appendUpdate(open, section, update, userId);
      // One statement: the document's rows, the section's text, its revision and the mutation's audit row (its target the section).
      const [row] = await writeTogether(em, [
        ...documentWrites(em, open),
        ...scope.auditWrite({ section }),
        sectionTextWrite(section),
        revisionInsert(em, {
          waiverRequestId: locked.request.id,
          sectionId: section.id,
          version: section.version,
          body: next.body,
          kind: next.kind,
          authorId: userId,
          baseVersion: next.baseVersion,
          restoredFromVersion: next.restoredFromVersion,
        }),
      ]);
      const revision = revisionOf(em, row);
      const outcome = next.kind === WaiverRevisionKind.MERGED ? WaiverEditOutcome.MERGED : WaiverEditOutcome.APPLIED;
      return {
        result: { outcome, section, revision, conflict: null },
        synced: syncMessagesOf(open, requestId, change.clientMutationId),
        cuts,
        open,
      };
    },
  );
  // Kept for the next write of the section here (an edit, a restore, a push): it then reads only what others appended since.
  if (open) documentCommitted(ctx.rootEm, open, { keep: true, onError: (error) => ctx.logger.warn({ err: error }, 'rewriting a snapshot failed') });
  if (synced) publishSync(ctx.pubsub, synced);
  publishCuts(ctx.pubsub, cuts ?? []);
  if (result.revision) {
    publish(ctx, requestId, change.clientMutationId, [
      { type: 'SECTION_EDITED', sectionId: result.section.id, revisionId: result.revision.id, version: result.revision.version },
    ]);
  }
  return result;
}

/** An author's new text for a section, from `baseVersion`: applied, merged, unchanged, or a conflict. */
export function editWaiverSection(ctx: HubContext, input: EditWaiverSectionInput): Promise<SectionEditResult> {
  const sectionId = expectGlobalId(input.sectionId, 'WaiverSection', 'input.sectionId');
  return changeText(ctx, {
    sectionId,
    clientMutationId: input.clientMutationId,
    resolve: async (em, section) => {
      const edit = await resolveVersionedEdit({
        current: section,
        baseVersion: input.baseVersion,
        body: input.body,
        path: 'input.baseVersion',
        what: 'section',
        // A version inside a burst of typing has no revision: its text is replayed from the document's updates.
        bodyAt: (version) => bodyAtVersion(em, section, version),
      });
      if (edit.kind === 'conflict') {
        const reason = edit.budgetExceeded ? WaiverConflictReason.TOO_MANY_CHANGES : WaiverConflictReason.OVERLAP;
        return { conflict: { baseVersion: input.baseVersion, yourBody: input.body, regions: edit.regions, reason } };
      }
      const kind = edit.kind === 'merged' ? WaiverRevisionKind.MERGED : WaiverRevisionKind.EDITED;
      return { body: edit.body, kind, baseVersion: input.baseVersion };
    },
  });
}

/** Makes an old revision's text the next version of its section. */
export async function restoreWaiverSectionRevision(ctx: HubContext, input: RestoreWaiverSectionRevisionInput): Promise<SectionEditResult> {
  const revisionId = expectGlobalId(input.revisionId, 'WaiverRevision', 'input.revisionId');
  const [row] = await selectRows<{ section_id: string }>(ctx.em, 'select section_id from waiver_revisions where id = ?', [revisionId]);
  if (!row) throw new NotFoundError('Revision');
  return changeText(ctx, {
    sectionId: row.section_id,
    clientMutationId: input.clientMutationId,
    resolve: async (em, section) => {
      const revision = await em.findOneOrFail(WaiverRevision, { id: revisionId });
      return { body: revision.body, kind: WaiverRevisionKind.RESTORED, baseVersion: section.version, restoredFromVersion: revision.version };
    },
  });
}

async function sectionsInOrder(em: EntityManager, request: WaiverRequest): Promise<WaiverSection[]> {
  return em.find(WaiverSection, { waiverRequest: request }, { orderBy: { position: 'asc', id: 'asc' } });
}

/** Renumbers sections 1..n in the given order. */
function renumber(sections: WaiverSection[]): void {
  sections.forEach((section, index) => {
    section.position = index + 1;
  });
}

/** An author adds a section (at a position, or last). */
export async function addWaiverSection(ctx: HubContext, input: AddWaiverSectionInput): Promise<WaiverSection> {
  const userId = requireUserId(ctx.viewer);
  const id = expectGlobalId(input.waiverRequestId, 'WaiverRequest', 'input.waiverRequestId');
  const section = await writeTransaction(ctx, async (em, viewer) => {
    const { request } = await lockRequestForChange(em, viewer, id, { lock: 'update', action: 'waiver.edit', editable: true });
    const sections = await sectionsInOrder(em, request);
    const taken = new Set(sections.map((s) => s.key));
    const base = slugify(input.title, { maxLength: 60, fallback: 'section' });
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
    const author = em.getReference(User, userId);
    const body = input.body ?? '';
    const section = em.create(WaiverSection, { waiverRequest: request, key, title: input.title, body, position: 0, version: 1, updatedBy: author });
    const at = Math.min(input.position ?? sections.length + 1, sections.length + 1) - 1;
    sections.splice(at, 0, section);
    renumber(sections);
    em.create(WaiverRevision, { waiverRequest: request, section, version: 1, body, kind: WaiverRevisionKind.CREATED, author });
    return section;
  });
  publish(ctx, id, input.clientMutationId, [{ type: 'SECTION_ADDED', sectionId: section.id }]);
  return section;
}

/** An author renames a section. */
export async function renameWaiverSection(ctx: HubContext, input: RenameWaiverSectionInput): Promise<WaiverSection> {
  const sectionId = expectGlobalId(input.sectionId, 'WaiverSection', 'input.sectionId');
  const { section, requestId, changed } = await writeTransaction(ctx, async (em, viewer) => {
    const requestId = await requestIdOfSection(em, sectionId);
    const { request } = await lockRequestForChange(em, viewer, requestId, { lock: 'update', action: 'waiver.edit', editable: true });
    const section = await em.findOneOrFail(WaiverSection, { id: sectionId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    const changed = section.title !== input.title;
    section.title = input.title;
    if (changed) request.layoutVersion += 1;
    return { section, requestId, changed };
  });
  if (changed) publish(ctx, requestId, input.clientMutationId, [{ type: 'SECTION_RENAMED', sectionId, title: section.title }]);
  return section;
}

/** An author moves a section; the others shift to make room. */
export async function moveWaiverSection(ctx: HubContext, input: MoveWaiverSectionInput): Promise<WaiverSection> {
  const sectionId = expectGlobalId(input.sectionId, 'WaiverSection', 'input.sectionId');
  const { section, requestId, moved } = await writeTransaction(ctx, async (em, viewer) => {
    const requestId = await requestIdOfSection(em, sectionId);
    const { request } = await lockRequestForChange(em, viewer, requestId, { lock: 'update', action: 'waiver.edit', editable: true });
    const sections = await sectionsInOrder(em, request);
    const from = sections.findIndex((s) => s.id === sectionId);
    const section = sections[from];
    const to = Math.min(input.position, sections.length) - 1;
    sections.splice(from, 1);
    sections.splice(to, 0, section);
    renumber(sections);
    if (from !== to) request.layoutVersion += 1;
    return { section, requestId, moved: from !== to };
  });
  if (moved) publish(ctx, requestId, input.clientMutationId, [{ type: 'SECTION_MOVED', sectionId, position: section.position }]);
  return section;
}
