/**
 * A co-typed text's Yjs document in PostgreSQL (a waiver section, an
 * application narrative): the authoritative state. Every accepted update is
 * appended to the feature's update table in the transaction that locks the
 * text's row (FOR UPDATE), and the row's `body` is set to the Y.Text in that
 * same transaction, so everything that reads `body` reads exactly the
 * document's text.
 *
 * Loading: the snapshot in the document table plus the updates after it.
 * When more than `compactEvery` updates follow the snapshot, the snapshot is
 * rewritten in the background once the write committed
 * (`documentCommitted`; the updates stay: the table is append-only). A text from before co-typing (no document yet) is
 * seeded from its `body` on first use, under the row's lock, by the hub's own
 * client id, so the seed is the same bytes on every hub.
 *
 * Kept documents: a writer that commits may hand its document back
 * (`keepDocument`) with the number of the last update it holds. The next
 * `openDocument` of that text in this process takes it (it is never shared)
 * and applies only the updates stored after that number, which other hubs
 * or writers appended, instead of loading snapshot and updates again. A
 * kept document is exactly the stored state at its number, since it is
 * handed back only after its transaction committed; one taken by a
 * transaction that rolls back is simply not handed back.
 */
import type { EntityClass, EntityManager } from '@mikro-orm/postgresql';
import * as Y from 'yjs';
import { NotFoundError } from '../errors';
import { bodyChangeUpdate, documentLimits, newDocument, seedDocument, textOf } from '../text/yjs';
import { jobTransaction } from './job-transaction';
import type { YjsDocumentRow, YjsUpdateRow } from './yjs-document.entity';

/** The row holding a co-typed text. */
export interface CoTypedText {
  id: string;
  body: string;
  version: number;
}

/** A feature's tables of one kind of co-typed text: the text's own, and its document's two (related to it as `section`). */
export interface DocumentTables<D extends YjsDocumentRow = YjsDocumentRow> {
  text: EntityClass<CoTypedText>;
  doc: EntityClass<D>;
  update: EntityClass<YjsUpdateRow>;
}

/** A text's document as loaded under its lock, with its stored bookkeeping. */
export interface OpenDocument<D extends YjsDocumentRow = YjsDocumentRow> {
  doc: Y.Doc;
  /** The id of the text's row. */
  textId: string;
  row: D;
  tables: DocumentTables<D>;
  /** The updates appended in this transaction, in order: published once it commits. */
  appended: AppendedUpdate[];
  /** About how many bytes the document holds (its snapshot and the updates since): what keeping it costs. */
  bytes: number;
}

/** Documents handed back after their writes committed, by table and text, least recently kept first. */
const kept = new Map<string, { doc: Y.Doc; seq: number; bytes: number }>();
/** At most this many documents and bytes are kept; the least recently kept go first. */
const KEPT_DOCUMENTS = 64;
const KEPT_BYTES = 64 * 1024 * 1024;
let keptBytes = 0;

const keyOf = (tables: DocumentTables, textId: string) => `${tables.doc.name}:${textId}`;

function takeKept(key: string): { doc: Y.Doc; seq: number; bytes: number } | undefined {
  const entry = kept.get(key);
  if (entry) {
    kept.delete(key);
    keptBytes -= entry.bytes;
  }
  return entry;
}

/**
 * Hands a document back for the next write of its text in this process:
 * call only once the transaction that opened it committed (see the module
 * comment), and use it no more.
 */
export function keepDocument(open: OpenDocument<YjsDocumentRow>): void {
  const key = keyOf(open.tables as DocumentTables, open.textId);
  takeKept(key);
  kept.set(key, { doc: open.doc, seq: open.row.seq, bytes: open.bytes });
  keptBytes += open.bytes;
  for (const [oldest, entry] of kept) {
    if (kept.size <= KEPT_DOCUMENTS && keptBytes <= KEPT_BYTES) break;
    kept.delete(oldest);
    keptBytes -= entry.bytes;
  }
}

export interface AppendedUpdate {
  sectionId: string;
  seq: number;
  update: Uint8Array;
  version: number;
  authorId: string | null;
  /** The Yjs client whose update it is, when it is one client's (its followers with that client id are not sent it back). */
  clientId: number | null;
  /** The `clientMutationId` of the push that brought it, when the transaction took several pushes. */
  clientMutationId?: string | null;
}

/** One stored update, as read back. */
export interface StoredUpdate {
  seq: number;
  update: Uint8Array;
  version: number;
  authorId: string | null;
}

// The document tables relate to their text as `section`; the ORM's filter types do not follow a generic entity.
const ofText = (id: string) => ({ section: id }) as never;

async function updatesAfter(em: EntityManager, tables: DocumentTables, textId: string, seq: number): Promise<Uint8Array[]> {
  const rows = await em.find(tables.update, { section: textId, seq: { $gt: seq } } as never, { orderBy: { seq: 'asc' }, fields: ['update'] as never });
  return rows.map((row) => row.update);
}

/** Applies the stored updates after `seq` to `doc`; answers their bytes. */
async function catchUp(em: EntityManager, tables: DocumentTables, textId: string, doc: Y.Doc, seq: number): Promise<number> {
  let bytes = 0;
  for (const update of await updatesAfter(em, tables, textId, seq)) {
    Y.applyUpdate(doc, update);
    bytes += update.length;
  }
  return bytes;
}

/**
 * The text's document, read in the caller's transaction: take the text's row
 * FOR UPDATE first. Seeds it from `body` when it has none yet; when its text
 * is not `text.body` (a writer that does not know of documents), the
 * difference is applied as a hub edit, so the two are equal again.
 */
export async function openDocument<D extends YjsDocumentRow>(em: EntityManager, tables: DocumentTables<D>, text: CoTypedText): Promise<OpenDocument<D>> {
  const reused = takeKept(keyOf(tables as DocumentTables, text.id));
  // With a kept document, the row's counters are all it needs (not its snapshot).
  let row = (await em.findOne(
    tables.doc,
    ofText(text.id),
    reused ? { refresh: true, fields: ['seq', 'snapshotSeq'] as never } : { refresh: true },
  )) as D | null;
  if (row && reused && reused.seq > row.seq) row = (await em.findOne(tables.doc, ofText(text.id), { refresh: true })) as D | null;
  if (!row) {
    const doc = seedDocument(text.body);
    const seeded = Buffer.from(Y.encodeStateAsUpdate(doc));
    const created = em.create(tables.doc, { section: text.id, snapshot: seeded, seed: seeded, snapshotSeq: 0, seq: 0 } as never) as D;
    return { doc, textId: text.id, row: created, tables, appended: [], bytes: seeded.length };
  }
  let open: OpenDocument<D>;
  if (reused && reused.seq <= row.seq) {
    // Kept by this hub at update `reused.seq`: only what was appended since (by other hubs or writers) is read.
    const since = row.seq > reused.seq ? await catchUp(em, tables as DocumentTables, text.id, reused.doc, reused.seq) : 0;
    open = { doc: reused.doc, textId: text.id, row, tables, appended: [], bytes: reused.bytes + since };
  } else {
    const doc = newDocument();
    Y.applyUpdate(doc, row.snapshot);
    const since = row.seq > row.snapshotSeq ? await catchUp(em, tables as DocumentTables, text.id, doc, row.snapshotSeq) : 0;
    open = { doc, textId: text.id, row, tables, appended: [], bytes: row.snapshot.length + since };
  }
  if (textOf(open.doc) !== text.body) {
    const repair = bodyChangeUpdate(open.doc, text.body);
    if (repair) appendUpdate(em, open, text, repair, null);
  }
  return open;
}

/**
 * Appends an accepted update (already applied to `open.doc`) as the next
 * one. The caller sets the text's body and version first (`version` is
 * recorded with it), and calls `documentCommitted` once it committed.
 */
export function appendUpdate(
  em: EntityManager,
  open: OpenDocument<YjsDocumentRow>,
  text: Pick<CoTypedText, 'id' | 'version'>,
  update: Uint8Array,
  authorId: string | null,
  clientId: number | null = null,
  clientMutationId: string | null = null,
): number {
  const { row } = open;
  row.seq += 1;
  open.appended.push({ sectionId: text.id, seq: row.seq, update, version: text.version, authorId, clientId, clientMutationId });
  em.create(open.tables.update, { section: text.id, seq: row.seq, update: Buffer.from(update), version: text.version, author: authorId } as never);
  open.bytes += update.length;
  return row.seq;
}

/** Texts whose snapshot is being rewritten by this process (one rewrite at a time each). */
const compacting = new Set<string>();

/**
 * After the transaction that wrote `open` committed: keeps the document for
 * the next write of its text here (`keep`: writers whose document holds
 * nothing but the updates they appended, i.e. pushes and whole-body edits), and when
 * more than `compactEvery` updates follow the snapshot, rewrites the
 * snapshot in the background. The snapshot is the document as committed
 * (exactly the stored state through its last update, `seq`), encoded now,
 * before anyone can change the document, and written outside the text's
 * lock by a statement that never moves a snapshot back; its failure is
 * logged and changes nothing (loading reads the updates after whichever
 * snapshot is stored).
 */
export function documentCommitted(
  rootEm: EntityManager,
  open: OpenDocument<YjsDocumentRow>,
  options: { keep?: boolean; onError: (error: unknown) => void },
): void {
  const { row, doc, textId } = open;
  const key = keyOf(open.tables as DocumentTables, textId);
  if (row.seq - row.snapshotSeq > documentLimits().compactEvery && !compacting.has(key)) {
    const snapshot = Buffer.from(Y.encodeStateAsUpdate(doc));
    const seq = row.seq;
    open.bytes = snapshot.length;
    compacting.add(key);
    const table = rootEm.getMetadata().get(open.tables.doc.name).tableName;
    jobTransaction(rootEm, (em) =>
      em.execute(`update ${table} set snapshot = ?, snapshot_seq = ? where section_id = ? and snapshot_seq < ?`, [snapshot, seq, textId, seq]),
    )
      .catch(options.onError)
      .finally(() => compacting.delete(key));
  }
  if (options.keep) keepDocument(open);
}

/**
 * Changes the open document's text to `body` as a hub edit and appends it
 * (the caller has set the text's body and version): for whole-body edits.
 */
export function appendBodyChange(em: EntityManager, open: OpenDocument<YjsDocumentRow>, text: CoTypedText, authorId: string | null): boolean {
  const update = bodyChangeUpdate(open.doc, text.body);
  if (update) appendUpdate(em, open, text, update, authorId);
  return update !== null;
}

/**
 * A text's document as stored (read only): the snapshot and the updates
 * after it, or, before its first change, the seed every hub builds the same.
 */
export async function readDocument(em: EntityManager, tables: DocumentTables, textId: string): Promise<{ doc: Y.Doc; version: number; seq: number }> {
  const text = await em.findOne(tables.text, { id: textId } as never, { fields: ['body', 'version'] as never });
  if (!text) throw new NotFoundError('Section');
  const row = await em.findOne(tables.doc, ofText(textId));
  if (!row) return { doc: seedDocument(text.body), version: text.version, seq: 0 };
  const doc = new Y.Doc();
  Y.applyUpdate(doc, row.snapshot);
  if (row.seq > row.snapshotSeq) for (const update of await updatesAfter(em, tables, textId, row.snapshotSeq)) Y.applyUpdate(doc, update);
  return { doc, version: text.version, seq: row.seq };
}

/**
 * The text at `version` replayed from the document: the seed with every
 * update up to that version. Null when no update left the text at that
 * version (a version before the document, or one it never had).
 */
export async function replayToVersion(em: EntityManager, tables: DocumentTables, textId: string, version: number): Promise<string | null> {
  const row = await em.findOne(tables.doc, ofText(textId));
  if (!row?.seed) return null;
  const updates = await em.find(tables.update, { section: textId, version: { $lte: version } } as never, {
    orderBy: { seq: 'asc' },
    fields: ['update', 'version'] as never,
  });
  if (!updates.some((stored) => stored.version === version)) return null;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, row.seed);
  for (const stored of updates) Y.applyUpdate(doc, stored.update);
  return textOf(doc);
}

/** The stored updates of a text after `seq`, in order (for catching followers up). */
export async function storedUpdatesAfter(em: EntityManager, tables: DocumentTables, textId: string, seq: number): Promise<StoredUpdate[]> {
  const rows = await em.find(tables.update, { section: textId, seq: { $gt: seq } } as never, {
    orderBy: { seq: 'asc' },
    fields: ['seq', 'update', 'version', 'author'] as never,
  });
  return rows.map((row) => {
    const author = (row as unknown as { author: { id: string } | null }).author;
    return { seq: row.seq, update: new Uint8Array(row.update), version: row.version, authorId: author?.id ?? null };
  });
}
