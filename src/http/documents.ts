/**
 * `POST /documents` and `GET /documents/:id`, the HTTP side of documents.
 *
 * Upload wire format: the raw file as the request body (no multipart), its
 * media type in `Content-Type`, its name in the `filename` query parameter
 * or a `Content-Disposition: attachment; filename*=UTF-8''…` header, and a
 * bearer token. Streamed into the store as it arrives (never held whole),
 * refused with 413 past `DOCUMENT_MAX_BYTES` (declared or sent), 415 when
 * the type is not allowed or the bytes are not of it, 401 without a valid
 * token. Answers 201 `{ id, filename, contentType, byteSize }`. Errors have
 * the hub's JSON shape: `{ errors: [{ message, extensions: { code } }] }`.
 *
 * Download: the bytes with their type, length, `Content-Disposition:
 * attachment` and `nosniff`, only to who may read the document; 404 for
 * anyone else, the same as for an id that does not exist.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import cors from 'cors';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { TokenVerifier } from '../auth/tokens';
import { viewerFromAuthorization, type Viewer } from '../auth/viewer';
import type { DocumentConfig } from '../config';
import type { Orm } from '../db/orm';
import { parseGlobalId } from '../domain/global-id';
import { RateLimitedError } from '../errors';
import { createScope } from '../graphql/context';
import type { PubSub } from '../realtime/pubsub';
import { mediaType } from '../modules/documents/document.bytes';
import type { DocumentStore } from '../modules/documents/document.store';
import { readableDocument } from '../modules/documents/document.service';
import { uploadDocument } from '../modules/documents/document.upload';
import { consumeForUser, limitByAddress, type RateLimiters } from './rate-limit';

export interface DocumentRoutesOptions {
  documents: DocumentConfig;
  corsOrigins: string[];
  orm: Orm;
  verify: TokenVerifier;
  limiters: RateLimiters;
  pubsub: PubSub;
  logger: Logger;
  store: DocumentStore;
}

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, RATE_LIMITED: 429, CONFLICT: 409 };

function sendError(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  if (res.headersSent) return void res.destroy();
  res.status(status).json({ errors: [{ message, extensions: { ...extensions, code } }] });
}

/** A hub error as its status and JSON body; anything else logged and masked. */
function sendFailure(res: Response, error: unknown, logger: Logger): void {
  if (error instanceof GraphQLError && typeof error.extensions.code === 'string' && error.extensions.code !== 'INTERNAL_SERVER_ERROR') {
    const { status: own } = error as { status?: unknown };
    const status = typeof own === 'number' ? own : (STATUS[error.extensions.code] ?? 400);
    if (error instanceof RateLimitedError) res.setHeader('Retry-After', String(error.extensions.retryAfterSeconds));
    return sendError(res, status, error.extensions.code, error.message, error.extensions);
  }
  logger.error({ err: error }, 'document request failed');
  sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
}

/** The name an upload gives itself: `?filename=`, else Content-Disposition's `filename*` (UTF-8) or `filename`. */
function requestedFilename(req: Request): string | undefined {
  const query = req.query.filename;
  if (typeof query === 'string') return query;
  const disposition = req.headers['content-disposition'] ?? '';
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      return undefined;
    }
  }
  const plain = /filename\s*=\s*"((?:[^"\\]|\\.)*)"|filename\s*=\s*([^;\s]+)/i.exec(disposition);
  return plain ? (plain[1] ?? plain[2]).replace(/\\(.)/g, '$1') : undefined;
}

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * After refusing a body not fully read: the answer goes out at once and what
 * is still coming is read and dropped (closing now would reset the
 * connection under a client still sending, before it reads the answer),
 * for a few seconds at most.
 */
function dropRestOfBody(req: Request): void {
  if (req.complete) return;
  req.resume();
  const timer = setTimeout(() => req.socket?.destroy(), 5_000).unref();
  req.once('end', () => clearTimeout(timer));
}

export function documentsRouter(options: DocumentRoutesOptions): express.Router {
  const { orm, logger, store, documents } = options;
  const router = express.Router();
  let uploading = 0;

  const viewerOf = async (req: Request): Promise<Viewer> => {
    const viewer = await viewerFromAuthorization(orm.em, options.verify, req.headers.authorization);
    if (viewer.userId) await consumeForUser(options.limiters, viewer.userId);
    return viewer;
  };
  const scopeOf = (req: Request, res: Response, viewer: Viewer) =>
    createScope({
      rootEm: orm.em,
      viewer,
      logger: logger.child({ requestId: res.locals.requestId }),
      requestId: String(res.locals.requestId ?? ''),
      pubsub: options.pubsub,
    });

  router.use(
    cors({
      origin: options.corsOrigins.length ? options.corsOrigins : false,
      credentials: false,
      maxAge: 600,
      exposedHeaders: ['Content-Disposition', 'Content-Length'],
    }),
    limitByAddress(options.limiters),
  );

  const upload: RequestHandler = async (req, res) => {
    let counted = false;
    try {
      const viewer = await viewerOf(req);
      if (uploading >= documents.uploadsAtOnce) throw new RateLimitedError(1);
      uploading += 1;
      counted = true;
      // A client that stops sending is dropped: its transaction then rolls back.
      req.setTimeout(documents.uploadIdleSeconds * 1000, () => req.destroy(new Error('upload stalled')));
      const declared = req.headers['content-length'];
      const document = await uploadDocument(scopeOf(req, res, viewer), store, documents, {
        // Not destroyed when the upload is refused mid-body: the refusal still has to be answered on this connection.
        body: req.iterator({ destroyOnReturn: false }),
        contentType: mediaType(req.headers['content-type']),
        filename: requestedFilename(req),
        contentLength: declared === undefined ? undefined : Number(declared),
      });
      res.status(201).json({ id: document.nodeId, filename: document.filename, contentType: document.contentType, byteSize: document.byteSize });
    } catch (error) {
      if (req.destroyed && !req.complete) {
        logger.debug({ err: error, requestId: res.locals.requestId }, 'upload interrupted: nothing kept');
        return;
      }
      dropRestOfBody(req);
      sendFailure(res, error, logger);
    } finally {
      if (counted) uploading -= 1;
      if (req.socket && !req.socket.destroyed) req.socket.setTimeout(0);
    }
  };

  const download: RequestHandler = async (req, res) => {
    try {
      const viewer = await viewerOf(req);
      const parsed = parseGlobalId(String(req.params.id));
      const em = orm.em.fork({ clear: true, useContext: false });
      const document = parsed?.type === 'Document' ? await readableDocument(em, viewer, parsed.id) : null;
      if (!document) return sendError(res, 404, 'NOT_FOUND', 'Document was not found');
      res.status(200);
      res.setHeader('Content-Type', document.contentType);
      res.setHeader('Content-Length', String(document.byteSize));
      res.setHeader('Content-Disposition', contentDisposition(document.filename));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      if (req.method === 'HEAD') return void res.end();
      await pipeline(Readable.from(store.read(em, document.id)), res);
    } catch (error) {
      if (res.headersSent) {
        logger.warn({ err: error, requestId: res.locals.requestId }, 'document download broke off');
        return void res.destroy();
      }
      sendFailure(res, error, logger);
    }
  };

  router.post('/', upload);
  router.get('/:id', download);
  router.all(['/', '/:id'], (req, res) => {
    res.setHeader('Allow', req.path === '/' ? 'POST' : 'GET, HEAD');
    sendError(res, 405, 'BAD_USER_INPUT', 'Upload with POST /documents; download with GET /documents/:id');
  });
  return router;
}
