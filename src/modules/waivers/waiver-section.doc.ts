/**
 * A section's text as a Yjs document (the hub's co-typed texts: src/text/yjs.ts
 * for the document, src/db/yjs-document.ts for its storage). Every accepted
 * update is appended to `waiver_section_updates` in the transaction that
 * locks the request (`lockRequestForChange`) and the section (FOR UPDATE),
 * and the section's `body` is set to the Y.Text in that same transaction, so
 * everything that reads `body` (sign-off digests, revisions, events, exports)
 * reads exactly the document's text.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type * as Y from 'yjs';
import { openDocument, readDocument, replayToVersion, type DocumentTables, type OpenDocument as StoredOpenDocument } from '../../db/yjs-document';
import { applyClientUpdate as applyToDocument, type TextBounds } from '../../text/yjs';
import { WaiverSectionDoc, WaiverSectionUpdate } from './waiver-section-doc.entity';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';
import { MAX_SECTION_BODY } from './waiver.inputs';

export { appendUpdate } from '../../db/yjs-document';
export { BODY, bodyChangeUpdate, decodeClientUpdate, documentLimits, HUB_CLIENT_ID, textOf, toBase64 } from '../../text/yjs';

/** The tables of waiver sections' documents. */
export const SECTION_TABLES: DocumentTables<WaiverSectionDoc> = { text: WaiverSection, doc: WaiverSectionDoc, update: WaiverSectionUpdate };

/** A section's document as loaded under its lock, with its stored bookkeeping (and its open burst of typing). */
export type OpenDocument = StoredOpenDocument<WaiverSectionDoc>;

/**
 * The section's document, read in the caller's transaction: take the section
 * FOR UPDATE first. Seeded from `body` when it has none yet, repaired to
 * `body` when a writer changed it without the document.
 */
export function openSectionDoc(em: EntityManager, section: WaiverSection): Promise<OpenDocument> {
  return openDocument(em, SECTION_TABLES, section);
}

/** What a section's text may become. */
export const SECTION_BOUNDS: TextBounds = { maxLength: MAX_SECTION_BODY, syncWith: 'waiverSectionSync' };

/** Applies a client's update to a section's document, within a section's bounds (see `applyClientUpdate` of src/text/yjs.ts). */
export function applyClientUpdate(doc: Y.Doc, update: Uint8Array, path: string): boolean {
  return applyToDocument(doc, update, path, SECTION_BOUNDS);
}

/**
 * The text of a section at `version`, read in the caller's transaction: its
 * revision's when one was cut at that version, else the seed with every
 * update up to that version replayed (a version inside a burst of typing has
 * no revision of its own). Null when the section never had that version.
 */
export async function bodyAtVersion(em: EntityManager, section: WaiverSection, version: number): Promise<string | null> {
  const revision = await em.findOne(WaiverRevision, { section: section.id, version });
  if (revision) return revision.body;
  return replayToVersion(em, SECTION_TABLES, section.id, version);
}

/** A section's document as stored (read only). */
export function storedDocument(em: EntityManager, sectionId: string): Promise<{ doc: Y.Doc; version: number; seq: number }> {
  return readDocument(em, SECTION_TABLES, sectionId);
}
