/**
 * Uploads. An upload streams its
 * body through a `ByteInspector` (the declared type, checked against the
 * bytes) and a SHA-256 into the store, inside one write transaction with
 * its row: a refusal or a broken connection mid-body rolls both back, so
 * nothing of it is left.
 */
import { createHash } from 'node:crypto';
import { authorize, requireUserId } from '../../auth/policy';
import type { HubContext } from '../../graphql/context';
import { writeTransaction } from '../../graphql/write-transaction';
import { User } from '../users/user.entity';
import { ByteInspector, cleanFilename, DocumentTypeError } from './document.bytes';
import { Document } from './document.entity';
import { DocumentTooLargeError, type DocumentStore } from './document.store';

export interface DocumentLimits {
  /** Largest upload, in bytes. */
  maxBytes: number;
  /** The media types an upload may have. */
  types: readonly string[];
}

export interface Upload {
  body: AsyncIterable<Buffer>;
  /** The declared media type (without parameters). */
  contentType: string;
  /** The name as the client sent it (cleaned here). */
  filename: string | undefined;
  /** The declared length, when the client sent one. */
  contentLength: number | undefined;
}

async function* inspected(body: AsyncIterable<Buffer>, inspector: ByteInspector, hash: ReturnType<typeof createHash>): AsyncIterable<Buffer> {
  for await (const chunk of body) {
    inspector.feed(chunk);
    hash.update(chunk);
    yield chunk;
  }
  inspector.finish();
}

/**
 * Stores one upload for the signed-in viewer, unattached. Refuses a type
 * not allowed, or bytes not of the declared type (DocumentTypeError, 415),
 * and a body over the limit, declared or sent (DocumentTooLargeError, 413),
 * before or while reading it.
 */
export async function uploadDocument(ctx: HubContext, store: DocumentStore, limits: DocumentLimits, upload: Upload): Promise<Document> {
  authorize(ctx.viewer, 'document.upload', undefined);
  const userId = requireUserId(ctx.viewer);
  if (!limits.types.includes(upload.contentType)) {
    throw new DocumentTypeError(`Documents may be ${limits.types.join(', ')} (sent as Content-Type)`);
  }
  if (upload.contentLength !== undefined && upload.contentLength > limits.maxBytes) throw new DocumentTooLargeError(limits.maxBytes);
  return writeTransaction(ctx, async (em) => {
    const document = new Document();
    const hash = createHash('sha256');
    const byteSize = await store.write(em, document.id, inspected(upload.body, new ByteInspector(upload.contentType), hash), limits.maxBytes);
    Object.assign(document, {
      uploader: em.getReference(User, userId),
      filename: cleanFilename(upload.filename, upload.contentType),
      contentType: upload.contentType,
      byteSize,
      sha256: hash.digest('hex'),
    });
    em.persist(document);
    return document;
  });
}
