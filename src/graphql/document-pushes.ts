/**
 * A batch of clients' pushes to one co-typed text (a waiver section, an
 * application narrative), applied to its open document in one transaction
 * (write-batches.ts): each push in turn, a changed text as the next
 * version, each update appended with its author, client and
 * `clientMutationId`. What differs per feature (the prologue that locks and
 * authorizes, what a change of the text also records) stays with it.
 */
import * as Y from 'yjs';
import { appendUpdate, type CoTypedText, type OpenDocument } from '../db/yjs-document';
import type { YjsDocumentRow } from '../db/yjs-document.entity';
import { applyClientUpdate, textOf, toBase64, type TextBounds } from '../text/yjs';
import { SpoiledBatch } from './write-batches';

/** One client's push, decoded and checked (`decodeClientUpdate`), as its batch takes it. */
export interface DocumentPush {
  userId: string;
  update: Uint8Array;
  clientId: number | null;
  clientMutationId: string | null;
}

/** What became of one push: whether it added anything, and the text's version and the hub's state vector once it was applied. */
export interface AppliedPush {
  added: boolean;
  version: number;
  stateVector: string;
}

/**
 * Applies `pushes` (each with its index in the batch) to the open document
 * in order. `textChanged` runs for each push that changed the text, once the
 * text holds its new body and version (`baseVersion`: the one before). A
 * push that fails to apply spoils the batch (`SpoiledBatch`): the document
 * may hold part of it, so the transaction and its document go, and the
 * other pushes run again without it.
 */
export async function applyPushes(
  open: OpenDocument<YjsDocumentRow>,
  text: CoTypedText,
  pushes: ReadonlyArray<{ index: number; push: DocumentPush }>,
  bounds: TextBounds,
  textChanged: (push: DocumentPush, baseVersion: number) => Promise<void>,
): Promise<Map<number, AppliedPush>> {
  const applied = new Map<number, AppliedPush>();
  for (const { index, push } of pushes) {
    let added: boolean;
    try {
      added = applyClientUpdate(open.doc, push.update, 'input.update', bounds, open.bytes);
    } catch (error) {
      throw new SpoiledBatch(index, error);
    }
    if (added) {
      const body = textOf(open.doc);
      if (body !== text.body) {
        const baseVersion = text.version;
        text.version += 1;
        text.body = body;
        await textChanged(push, baseVersion);
      }
      appendUpdate(open, text, push.update, push.userId, push.clientId, push.clientMutationId);
    }
    applied.set(index, { added, version: text.version, stateVector: toBase64(Y.encodeStateVector(open.doc)) });
  }
  return applied;
}
