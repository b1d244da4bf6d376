/**
 * A section's text as a Yjs document: one `Y.Doc` per section, its text the
 * `Y.Text` named `body`. PostgreSQL holds the authoritative state: every
 * accepted update is appended to `waiver_section_updates` in the transaction
 * that locks the request (`lockRequestForChange`) and the section (FOR
 * UPDATE), and the section's `body` is set to the Y.Text in that same
 * transaction, so everything that reads `body` (sign-off digests, revisions,
 * events, exports) reads exactly the document's text.
 *
 * Loading: the snapshot in `waiver_section_docs` plus the updates after it.
 * When more than `compactEvery` updates follow the snapshot, the transaction
 * appending the next one also rewrites the snapshot (the updates stay: the
 * table is append-only). A section from before co-typing (no document yet)
 * is seeded from its `body` on first use, under the section's lock, by the
 * hub's own client id, so the seed is the same bytes on every hub.
 *
 * Edits made by the hub (a whole-body `editWaiverSection`, a restore, a body
 * found out of step) are turned into Y.Text deletes and inserts by a
 * character diff of the old text against the new, made by the same client id
 * under the same lock: its clock only ever moves on from the stored state.
 * Clients may not send structs of that id.
 */
import * as Y from 'yjs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, NotFoundError } from '../../errors';
import { diffSequences, WorkBudget } from '../../text/diff';
import { User } from '../users/user.entity';
import { WaiverSectionDoc, WaiverSectionUpdate } from './waiver-section-doc.entity';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';
import { MAX_SECTION_BODY } from './waiver.inputs';

/** The Yjs client id of the hub's own edits (seeds and whole-body edits). Never a client's. */
export const HUB_CLIENT_ID = 1;
/** The shared type holding a section's text. */
export const BODY = 'body';

/** Limits of co-typing (from config: LIMIT_YJS_UPDATE_BYTES, LIMIT_YJS_DOCUMENT_BYTES, YJS_COMPACT_EVERY, YJS_BURST_*). */
export interface DocumentLimits {
  /** Largest update a client may push, in bytes (decoded). */
  updateBytes: number;
  /** Largest document (its state as one update), in bytes. */
  documentBytes: number;
  /** Updates after the snapshot past which the snapshot is rewritten. */
  compactEvery: number;
  /** A pause this long (ms) ends an author's burst of typing (YJS_BURST_IDLE_MS). */
  burstIdleMs: number;
  /** A burst longer than this (ms) is cut (YJS_BURST_MAX_MS). */
  burstMaxMs: number;
  /** How often (ms) a hub with open bursts cuts the paused ones (YJS_BURST_SWEEP_MS). */
  burstSweepMs: number;
  /** Updates one client may push per second, averaged over 10 s (YJS_UPDATES_PER_SECOND). */
  updatesPerSecond: number;
}

export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = {
  updateBytes: 64 * 1024,
  documentBytes: 4 * 1024 * 1024,
  compactEvery: 100,
  burstIdleMs: 10_000,
  burstMaxMs: 120_000,
  burstSweepMs: 1000,
  updatesPerSecond: 30,
};
let limits = DEFAULT_DOCUMENT_LIMITS;

/** Sets the co-typing limits (once, at start). */
export function configureSectionDocuments(configured: DocumentLimits): void {
  limits = configured;
}

export function documentLimits(): DocumentLimits {
  return limits;
}

/** A section's document as loaded under its lock, with its stored bookkeeping. */
export interface OpenDocument {
  doc: Y.Doc;
  row: WaiverSectionDoc;
  /** The updates appended in this transaction, in order: published once it commits. */
  appended: AppendedUpdate[];
}

export interface AppendedUpdate {
  sectionId: string;
  seq: number;
  update: Uint8Array;
  version: number;
  authorId: string | null;
  /** The Yjs client whose update it is, when it is one client's (its followers with that client id are not sent it back). */
  clientId: number | null;
}

/** The text of a document. */
export function textOf(doc: Y.Doc): string {
  return doc.getText(BODY).toString();
}

function seed(body: string): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = HUB_CLIENT_ID;
  if (body) doc.getText(BODY).insert(0, body);
  return doc;
}

/**
 * The section's document, read in the caller's transaction: take the section
 * FOR UPDATE first. Seeds it from `body` when it has none yet; when its text
 * is not `section.body` (a writer that does not know of documents), the
 * difference is applied as a hub edit, so the two are equal again.
 */
export async function openSectionDoc(em: EntityManager, section: WaiverSection): Promise<OpenDocument> {
  let row = await em.findOne(WaiverSectionDoc, { section }, { refresh: true });
  if (!row) {
    const doc = seed(section.body);
    const seeded = Buffer.from(Y.encodeStateAsUpdate(doc));
    row = em.create(WaiverSectionDoc, { section, snapshot: seeded, seed: seeded, snapshotSeq: 0, seq: 0 });
    return { doc, row, appended: [] };
  }
  const doc = new Y.Doc();
  const updates =
    row.seq > row.snapshotSeq
      ? await em.find(WaiverSectionUpdate, { section, seq: { $gt: row.snapshotSeq } }, { orderBy: { seq: 'asc' }, fields: ['update'] })
      : [];
  Y.applyUpdate(doc, row.snapshot);
  for (const stored of updates) Y.applyUpdate(doc, stored.update);
  const open = { doc, row, appended: [] };
  if (textOf(doc) !== section.body) {
    const repair = bodyChangeUpdate(doc, section.body);
    if (repair) appendUpdate(em, open, section, repair, null);
  }
  return open;
}

/** Where `before` and `after` differ, as runs of replaced UTF-16 code units (a surrogate pair never split). */
function changedRuns(before: string, after: string): Array<{ at: number; remove: number; insert: string }> {
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // Never cut between the halves of a surrogate pair.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  const oldMiddle = Array.from(before.slice(prefix, before.length - suffix));
  const newMiddle = Array.from(after.slice(prefix, after.length - suffix));
  // A character diff of the middle keeps what both texts share (so concurrent typing there survives); past its budget, one replace.
  const hunks = diffSequences(oldMiddle, newMiddle, new WorkBudget(2_000_000)) ?? [
    { oldStart: 0, oldLength: oldMiddle.length, newStart: 0, newLength: newMiddle.length },
  ];
  const units = (chars: string[], from: number, to: number) => chars.slice(from, to).join('').length;
  return hunks.map((hunk) => ({
    at: prefix + units(oldMiddle, 0, hunk.oldStart),
    remove: units(oldMiddle, hunk.oldStart, hunk.oldStart + hunk.oldLength),
    insert: newMiddle.slice(hunk.newStart, hunk.newStart + hunk.newLength).join(''),
  }));
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Changes the document's text to `next` as the hub's client, by deletes and
 * inserts where the texts differ; answers the update made (null when equal).
 */
export function bodyChangeUpdate(doc: Y.Doc, next: string): Uint8Array | null {
  const text = doc.getText(BODY);
  const before = text.toString();
  if (before === next) return null;
  const runs = changedRuns(before, next);
  doc.clientID = HUB_CLIENT_ID;
  const stateBefore = Y.encodeStateVector(doc);
  doc.transact(() => {
    // Back to front, so earlier offsets stay valid.
    for (const run of [...runs].reverse()) {
      if (run.remove) text.delete(run.at, run.remove);
      if (run.insert) text.insert(run.at, run.insert);
    }
  });
  return Y.encodeStateAsUpdate(doc, stateBefore);
}

/**
 * Appends an accepted update (already applied to `open.doc`) as the next
 * one, rewriting the snapshot when enough updates follow it. The caller sets
 * the section's body and version first (`version` is recorded with it).
 */
export function appendUpdate(
  em: EntityManager,
  open: OpenDocument,
  section: WaiverSection,
  update: Uint8Array,
  authorId: string | null,
  clientId: number | null = null,
): number {
  const { row, doc } = open;
  row.seq += 1;
  open.appended.push({ sectionId: section.id, seq: row.seq, update, version: section.version, authorId, clientId });
  em.create(WaiverSectionUpdate, {
    section,
    seq: row.seq,
    update: Buffer.from(update),
    version: section.version,
    author: authorId ? em.getReference(User, authorId) : null,
  });
  if (row.seq - row.snapshotSeq > limits.compactEvery) {
    row.snapshot = Buffer.from(Y.encodeStateAsUpdate(doc));
    row.snapshotSeq = row.seq;
  }
  return row.seq;
}

/** A client's update as sent (base64), decoded and checked: BAD_USER_INPUT when it is not one, or too large. With the client it is from, when one. */
export function decodeClientUpdate(encoded: string, path: string): { update: Uint8Array; clientId: number | null } {
  if (encoded.length > Math.ceil(limits.updateBytes / 3) * 4) {
    throw BadUserInputError.field(path, `is larger than the ${limits.updateBytes} bytes an update may have`);
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) throw BadUserInputError.field(path, 'is not base64');
  const update = new Uint8Array(Buffer.from(encoded, 'base64'));
  if (update.length === 0) throw BadUserInputError.field(path, 'is empty');
  let structs: ReturnType<typeof Y.decodeUpdate>['structs'];
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    throw BadUserInputError.field(path, 'is not a Yjs update');
  }
  if (structs.some((struct) => struct.id.client === HUB_CLIENT_ID)) {
    throw BadUserInputError.field(path, `uses client id ${HUB_CLIENT_ID}, the hub's own: pick another`);
  }
  const clients = new Set(structs.map((struct) => struct.id.client));
  return { update, clientId: clients.size === 1 ? [...clients][0] : null };
}

/**
 * Applies a client's update to the loaded document: BAD_USER_INPUT (and the
 * transaction rolls back, the stored document untouched) when it fails to
 * apply, depends on changes the hub does not have, or makes the text or the
 * document too large. Answers whether it added anything.
 */
export function applyClientUpdate(doc: Y.Doc, update: Uint8Array, path: string): boolean {
  const before = Y.encodeStateVector(doc);
  const textBefore = textOf(doc);
  try {
    Y.applyUpdate(doc, update, 'client');
  } catch {
    throw BadUserInputError.field(path, 'is not a Yjs update this document can apply');
  }
  // A section's document holds its text and nothing else: no other shared types to grow unseen.
  if ([...doc.share.keys()].some((name) => name !== BODY)) throw BadUserInputError.field(path, `changes something other than the Y.Text '${BODY}'`);
  if (doc.store.pendingStructs || doc.store.pendingDs) {
    throw BadUserInputError.field(
      path,
      'depends on changes the hub does not have: sync (waiverSectionSync with your state vector) and send the missing updates first',
    );
  }
  if (textOf(doc).length > MAX_SECTION_BODY) throw BadUserInputError.field(path, `would make the text longer than ${MAX_SECTION_BODY} characters`);
  if (Y.encodeStateAsUpdate(doc).length > limits.documentBytes)
    throw BadUserInputError.field(path, `would make the document larger than ${limits.documentBytes} bytes`);
  return textOf(doc) !== textBefore || !sameBytes(Y.encodeStateVector(doc), before);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/**
 * The text of a section at `version`, read in the caller's transaction: its
 * revision's when one was cut at that version, else the seed with every
 * update up to that version replayed (a version inside a burst of typing has
 * no revision of its own). Null when the section never had that version.
 */
export async function bodyAtVersion(em: EntityManager, section: WaiverSection, version: number): Promise<string | null> {
  const revision = await em.findOne(WaiverRevision, { section, version });
  if (revision) return revision.body;
  const row = await em.findOne(WaiverSectionDoc, { section });
  if (!row?.seed) return null;
  const updates = await em.find(WaiverSectionUpdate, { section, version: { $lte: version } }, { orderBy: { seq: 'asc' }, fields: ['update', 'version'] });
  // Versions after the seed only: one that predates the document has a revision, or never was.
  if (!updates.some((stored) => stored.version === version)) return null;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, row.seed);
  for (const stored of updates) Y.applyUpdate(doc, stored.update);
  return textOf(doc);
}

/**
 * A section's document as stored (read only): the snapshot and the updates
 * after it, or, before its first change, the seed every hub builds the same.
 */
export async function storedDocument(em: EntityManager, sectionId: string): Promise<{ doc: Y.Doc; version: number; seq: number }> {
  const section = await em.findOne(WaiverSection, { id: sectionId }, { fields: ['body', 'version'] });
  if (!section) throw new NotFoundError('Section');
  const row = await em.findOne(WaiverSectionDoc, { section: sectionId });
  const doc = new Y.Doc();
  if (!row) {
    doc.clientID = HUB_CLIENT_ID;
    if (section.body) doc.getText(BODY).insert(0, section.body);
    return { doc, version: section.version, seq: 0 };
  }
  Y.applyUpdate(doc, row.snapshot);
  if (row.seq > row.snapshotSeq) {
    const updates = await em.find(WaiverSectionUpdate, { section: sectionId, seq: { $gt: row.snapshotSeq } }, { orderBy: { seq: 'asc' }, fields: ['update'] });
    for (const stored of updates) Y.applyUpdate(doc, stored.update);
  }
  return { doc, version: section.version, seq: row.seq };
}
