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
import { selectRows, writeBound, writeTogether, type Read, type Write } from './select';
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

/** A document's counters as stored in its table's row. */
export interface DocumentCounters {
  /** The last update appended (0: none yet). */
  seq: number;
  /** The last update the snapshot holds. */
  snapshotSeq: number;
}

/** A text's document as loaded under its lock, with its stored bookkeeping. */
export interface OpenDocument<D extends YjsDocumentRow = YjsDocumentRow> {
  doc: Y.Doc;
  /** The id of the text's row. */
  textId: string;
  row: DocumentCounters;
  tables: DocumentTables<D>;
  /** The updates appended in this transaction, in order: published once it commits. */
  appended: AppendedUpdate[];
  /** How many of `appended` are written (`documentWrites`); all must be before the transaction commits. */
  stored: number;
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

const tableOf = (em: EntityManager, entity: EntityClass<object>) => `"${em.getMetadata().get(entity.name).tableName}"`;

async function updatesAfter(em: EntityManager, tables: DocumentTables, textId: string, seq: number): Promise<Uint8Array[]> {
  const rows = await selectRows<{ update: Buffer }>(em, `select "update" from ${tableOf(em, tables.update)} where section_id = ? and seq > ? order by seq`, [
    textId,
    seq,
  ]);
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

/** The documents each transaction opened, for `storeOpenedDocuments`. */
const openedIn = new WeakMap<EntityManager, Array<OpenDocument<YjsDocumentRow>>>();

/**
 * The document row's counters (and, unless `countersOnly`, its snapshot), read raw in the caller's transaction; with
 * `alongside`, that read's rows too, in the same statement (as JSON: numbers, strings and booleans come back as they
 * would, timestamps as text). No row, no `alongside` rows: the caller reads them itself then.
 */
async function documentRow(
  em: EntityManager,
  tables: DocumentTables,
  textId: string,
  countersOnly: boolean,
  alongside?: Read,
): Promise<(DocumentCounters & { snapshot?: Buffer; alongside?: unknown[] }) | undefined> {
  const also = alongside ? `, (select coalesce(json_agg(a), '[]'::json) from (${alongside.sql}) a) as alongside` : '';
  const [row] = await selectRows<{ seq: number; snapshot_seq: number; snapshot?: Buffer; alongside?: unknown[] }>(
    em,
    `select seq, snapshot_seq${countersOnly ? '' : ', snapshot'}${also} from ${tableOf(em, tables.doc)} where section_id = ?`,
    [...(alongside?.params ?? []), textId],
  );
  return row && { seq: row.seq, snapshotSeq: row.snapshot_seq, snapshot: row.snapshot, alongside: row.alongside };
}

/**
 * The text's document, read in the caller's transaction: take the text's row
 * FOR UPDATE first. Seeds it from `body` when it has none yet; when its text
 * is not `text.body` (a writer that does not know of documents), the
 * difference is applied as a hub edit, so the two are equal again. What is
 * appended to it is written by `documentWrites` (the transaction helpers call
 * `storeOpenedDocuments` before they commit).
 */
export async function openDocument<D extends YjsDocumentRow>(em: EntityManager, tables: DocumentTables<D>, text: CoTypedText): Promise<OpenDocument<D>> {
  return (await openDocumentWith(em, tables, text)).open;
}

/**
 * `openDocument`, and the rows of `alongside` read in the same statement as the document's row: a read the caller
 * needs under the same lock (the text's, taken first) costs no round trip of its own. Without the document's row (a
 * text opened for the first time) it is read after it.
 */
export async function openDocumentWith<D extends YjsDocumentRow, R = Record<string, unknown>>(
  em: EntityManager,
  tables: DocumentTables<D>,
  text: CoTypedText,
  alongside?: Read,
): Promise<{ open: OpenDocument<D>; rows: R[] }> {
  const { open, rows } = await loadDocument(em, tables, text, alongside);
  const opened = openedIn.get(em);
  if (opened) opened.push(open as OpenDocument<YjsDocumentRow>);
  else openedIn.set(em, [open as OpenDocument<YjsDocumentRow>]);
  if (textOf(open.doc) !== text.body) {
    const repair = bodyChangeUpdate(open.doc, text.body);
    if (repair) appendUpdate(open, text, repair, null);
  }
  return { open, rows: (rows ?? (alongside ? await selectRows<R>(em, alongside.sql, alongside.params) : [])) as R[] };
}

async function loadDocument<D extends YjsDocumentRow>(
  em: EntityManager,
  tables: DocumentTables<D>,
  text: CoTypedText,
  alongside?: Read,
): Promise<{ open: OpenDocument<D>; rows?: unknown[] }> {
  const reused = takeKept(keyOf(tables as DocumentTables, text.id));
  // With a kept document, the row's counters are all it needs (not its snapshot).
  let row = await documentRow(em, tables as DocumentTables, text.id, Boolean(reused), alongside);
  const rows = row?.alongside;
  if (row && reused && reused.seq > row.seq) row = await documentRow(em, tables as DocumentTables, text.id, false);
  if (!row) {
    const doc = seedDocument(text.body);
    const seeded = Buffer.from(Y.encodeStateAsUpdate(doc));
    await writeBound(em, `insert into ${tableOf(em, tables.doc)} (section_id, snapshot, seed, snapshot_seq, seq, updated_at) values (?, ?, ?, 0, 0, now())`, [
      text.id,
      seeded,
      seeded,
    ]);
    return { open: { doc, textId: text.id, row: { seq: 0, snapshotSeq: 0 }, tables, appended: [], stored: 0, bytes: seeded.length } };
  }
  const counters = { seq: row.seq, snapshotSeq: row.snapshotSeq };
  if (reused && reused.seq <= row.seq) {
    // Kept by this hub at update `reused.seq`: only what was appended since (by other hubs or writers) is read.
    const since = row.seq > reused.seq ? await catchUp(em, tables as DocumentTables, text.id, reused.doc, reused.seq) : 0;
    return { open: { doc: reused.doc, textId: text.id, row: counters, tables, appended: [], stored: 0, bytes: reused.bytes + since }, rows };
  }
  const doc = newDocument();
  Y.applyUpdate(doc, row.snapshot!);
  const since = row.seq > row.snapshotSeq ? await catchUp(em, tables as DocumentTables, text.id, doc, row.snapshotSeq) : 0;
  return { open: { doc, textId: text.id, row: counters, tables, appended: [], stored: 0, bytes: row.snapshot!.length + since }, rows };
}

/**
 * Appends an accepted update (already applied to `open.doc`) as the next
 * one. The caller sets the text's body and version first (`version` is
 * recorded with it), and calls `documentCommitted` once it committed.
 */
export function appendUpdate(
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
  open.bytes += update.length;
  return row.seq;
}

/**
 * The statements that store what was appended to `open` since they were
 * last made: the update rows and the document's counter (none when nothing
 * was). The caller runs them in the document's transaction, alone or with
 * its own writes (`writeTogether`).
 */
export function documentWrites(em: EntityManager, open: OpenDocument<YjsDocumentRow>): Write[] {
  const fresh = open.appended.slice(open.stored);
  if (fresh.length === 0) return [];
  open.stored = open.appended.length;
  return [
    {
      sql: `insert into ${tableOf(em, open.tables.update)} (section_id, seq, "update", version, author_id, created_at) values ${fresh.map(() => '(?, ?, ?, ?, ?, now())').join(', ')}`,
      params: fresh.flatMap((update) => [open.textId, update.seq, Buffer.from(update.update), update.version, update.authorId]),
    },
    { sql: `update ${tableOf(em, open.tables.doc)} set seq = ?, updated_at = now() where section_id = ?`, params: [open.row.seq, open.textId] },
  ];
}

/** Stores what was appended to every document `em`'s transaction opened (the transaction helpers call it before commit). */
export async function storeOpenedDocuments(em: EntityManager): Promise<void> {
  const opened = openedIn.get(em);
  if (!opened) return;
  await writeTogether(
    em,
    opened.flatMap((open) => documentWrites(em, open)),
  );
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
  // Appended but never written: the commit lost them (a writer outside the transaction helpers), so the document is not kept.
  if (open.stored < open.appended.length)
    throw new Error(`${open.appended.length - open.stored} appended update(s) of ${textId} were not stored before commit`);
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
export function appendBodyChange(open: OpenDocument<YjsDocumentRow>, text: CoTypedText, authorId: string | null): boolean {
  const update = bodyChangeUpdate(open.doc, text.body);
  if (update) appendUpdate(open, text, update, authorId);
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
