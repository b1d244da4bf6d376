/**
 * Documents for the features that attach them: `attachDocuments` inside the
 * caller's write transaction, the documents attached to a target (batched
 * per request), and who may read one document.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { can } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { selectRows } from '../../db/select';
import { parseGlobalId } from '../../domain/global-id';
import { BadUserInputError } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { Document } from './document.entity';
import type { DocumentPurpose } from './document.enums';
import { readableTargets } from './document.readers';

/** Most documents attached to one target for one purpose (the `documents` lists are bounded by it). */
export const MAX_DOCUMENTS_PER_TARGET = 20;

export interface DocumentTarget {
  targetType: string;
  targetId: string;
  purpose: DocumentPurpose;
}

/**
 * Attaches the viewer's unattached uploads to `target`, in the caller's
 * write transaction (the rows are locked, so one upload is attached once).
 * Each id must name a document the viewer uploaded and has not attached
 * yet; anything else is BAD_USER_INPUT naming `path[i]`, the same answer
 * whether the document exists or not.
 */
export async function attachDocuments(
  em: EntityManager,
  viewer: Viewer,
  documentGlobalIds: string[],
  target: DocumentTarget,
  path: string,
): Promise<Document[]> {
  if (documentGlobalIds.length === 0) return [];
  const refuse = (i: number, message: string) => BadUserInputError.field(`${path}[${i}]`, message);
  const ids = documentGlobalIds.map((globalId, i) => {
    const parsed = parseGlobalId(globalId);
    if (!parsed || parsed.type !== 'Document') throw refuse(i, 'is not the id of a Document');
    return parsed.id;
  });
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) throw refuse(i, 'names the same document twice');
  });
  // Locked, so two writes attaching one upload run one after the other and the second sees it attached.
  const locked = await selectRows<{ id: string; uploader_id: string | null; attached: boolean }>(
    em,
    'select id, uploader_id, attached_at is not null as attached from documents where id = any(?::uuid[]) order by id for update',
    [`{${ids.join(',')}}`],
  );
  const byId = new Map(locked.map((row) => [row.id, row]));
  ids.forEach((id, i) => {
    const row = byId.get(id);
    const allowed = row && can(viewer, 'document.attach', { uploaderId: row.uploader_id, attached: row.attached, targetReadable: false });
    if (!allowed) throw refuse(i, 'is not a document you uploaded and have not attached yet');
  });
  const [{ count }] = await selectRows<{ count: number }>(
    em,
    'select count(*)::int as count from documents where target_type = ? and target_id = ? and purpose = ?',
    [target.targetType, target.targetId, target.purpose],
  );
  if (count + ids.length > MAX_DOCUMENTS_PER_TARGET) {
    throw BadUserInputError.field(path, `at most ${MAX_DOCUMENTS_PER_TARGET} documents may be attached here (${count} already are)`);
  }
  const documents = await em.find(Document, { id: { $in: ids } }, { refresh: true });
  const attachedAt = new Date();
  for (const document of documents) {
    Object.assign(document, { targetType: target.targetType, targetId: target.targetId, purpose: target.purpose, attachedAt });
  }
  const found = new Map(documents.map((document) => [document.id, document]));
  return ids.map((id) => found.get(id)!);
}

/**
 * Takes a document off `target` (in the caller's write transaction, after
 * the caller authorized the change of the target): it is its uploader's
 * unattached upload again, removed by the sweep once old enough. A
 * document not attached there is BAD_USER_INPUT naming `path`.
 */
export async function detachDocument(em: EntityManager, documentGlobalId: string, target: DocumentTarget, path: string): Promise<Document> {
  const parsed = parseGlobalId(documentGlobalId);
  const refuse = () => BadUserInputError.field(path, 'is not a document attached here');
  if (!parsed || parsed.type !== 'Document') throw refuse();
  const [row] = await selectRows<{ id: string }>(em, 'select id from documents where id = ? and target_type = ? and target_id = ? and purpose = ? for update', [
    parsed.id,
    target.targetType,
    target.targetId,
    target.purpose,
  ]);
  if (!row) throw refuse();
  const document = await em.findOneOrFail(Document, { id: row.id }, { refresh: true });
  Object.assign(document, { targetType: null, targetId: null, purpose: null, attachedAt: null });
  return document;
}

/** The documents attached to a target for a purpose, in the order they were attached (one attachment's in upload order); batched per request (one statement per target type and purpose). */
export function attachedDocuments(ctx: HubContext, target: DocumentTarget): Promise<Document[]> {
  const loader = ctx.loaders.get(
    `documents:${target.targetType}:${target.purpose}`,
    (em) =>
      new DataLoader<string, Document[]>(async (targetIds) => {
        const found = await em.find(
          Document,
          { targetType: target.targetType, targetId: { $in: [...targetIds] }, purpose: target.purpose },
          { orderBy: { attachedAt: 'asc', createdAt: 'asc', id: 'asc' } },
        );
        return targetIds.map((id) => found.filter((document) => document.targetId === id));
      }),
  );
  return loader.load(target.targetId);
}

/** Whether the viewer may read a document: its uploader while unattached, else whoever may read what it is attached to. */
export async function mayReadDocument(em: EntityManager, viewer: Viewer, document: Document): Promise<boolean> {
  const attached = document.targetType !== null && document.targetId !== null;
  const targetReadable = attached && viewer.signedIn && (await readableTargets(em, viewer, document.targetType!, [document.targetId!])).has(document.targetId!);
  return can(viewer, 'document.read', { uploaderId: document.uploader?.id ?? null, attached, targetReadable });
}

/** The document with this uuid when the viewer may read it; null otherwise (absent and hidden look the same). */
export async function readableDocument(em: EntityManager, viewer: Viewer, id: string): Promise<Document | null> {
  const document = await em.findOne(Document, { id });
  return document && (await mayReadDocument(em, viewer, document)) ? document : null;
}
