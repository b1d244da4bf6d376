/**
 * `GET /exports/waiver-requests/:id.(html|pdf)` and
 * `GET /exports/applications/:id.(html|pdf)`: a waiver request or a zone
 * application as a printable page or a PDF download, for state staff to file.
 *
 * Authorized with the bearer token as a GraphQL read is (the record is read
 * through the schema with the caller's scope, see exports-load.ts): 404 for a
 * record that is missing or not the caller's to read, alike; 401 for a token
 * refused. The page carries its own strict CSP (no script at all); the PDF
 * comes as an attachment. Neither is cached.
 */
import cors from 'cors';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { TokenVerifier } from '../auth/tokens';
import { viewerFromAuthorization } from '../auth/viewer';
import type { Orm } from '../db/orm';
import type { Clock } from '../domain/clock';
import { createScope } from '../graphql/context';
import type { PubSub } from '../realtime/pubsub';
import { contentDisposition } from './documents';
import { applicationDocument, waiverDocument, type ExportDocument } from './exports-document';
import { EXPORT_CSP, PRINT_CSS, renderExportHtml } from './exports-html';
import { loadApplicationExport, loadWaiverExport } from './exports-load';
import { consumeForUser, limitByAddress, type RateLimiters } from './rate-limit';

export interface ExportRoutesOptions {
  schema: GraphQLSchema;
  orm: Orm;
  verify: TokenVerifier;
  pubsub: PubSub;
  logger: Logger;
  limiters: RateLimiters;
  corsOrigins: string[];
  clock?: Clock;
}

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, RATE_LIMITED: 429 };

function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

export function exportsRouter(options: ExportRoutesOptions): express.Router {
  const { schema, orm, logger } = options;
  const router = express.Router();
  router.use(
    cors({ origin: options.corsOrigins.length ? options.corsOrigins : false, credentials: false, maxAge: 600, exposedHeaders: ['Content-Disposition'] }),
    limitByAddress(options.limiters),
  );

  router.get('/print.css', (_req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('text/css').send(PRINT_CSS);
  });

  const route =
    (what: string, load: (id: string, req: Request, res: Response) => Promise<ExportDocument | null>): RequestHandler =>
    async (req, res) => {
      const file = /^(.+)\.(html|pdf)$/.exec(String(req.params.file));
      if (!file) return sendError(res, 404, 'NOT_FOUND', `${what} exports end in .html or .pdf`);
      const format = file[2];
      try {
        const document = await load(file[1], req, res);
        if (!document) return sendError(res, 404, 'NOT_FOUND', `${what} was not found`);
        res.setHeader('Cache-Control', 'private, no-store');
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Referrer-Policy', 'no-referrer');
        if (format === 'pdf') {
          // pdfkit and its font tools (fontkit, brotli, unicode tables: some 20 MB resident) load with the first PDF asked for, not in every hub.
          const { renderExportPdf } = await import('./exports-pdf.js');
          const pdf = await renderExportPdf(document);
          res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
          res.setHeader('Content-Disposition', contentDisposition(document.filename));
          res.type('application/pdf').send(pdf);
        } else {
          res.setHeader('Content-Security-Policy', EXPORT_CSP);
          res.type('html').send(renderExportHtml(document));
        }
      } catch (error) {
        if (error instanceof GraphQLError && typeof error.extensions.code === 'string' && error.extensions.code in STATUS) {
          if (typeof error.extensions.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(error.extensions.retryAfterSeconds));
          return sendError(res, STATUS[error.extensions.code], error.extensions.code, error.message);
        }
        logger.error({ err: error, requestId: res.locals.requestId }, 'export failed');
        sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      }
    };

  const scopeOf = async (req: Request, res: Response) => {
    const viewer = await viewerFromAuthorization(orm.em, options.verify, req.headers.authorization);
    if (viewer.userId) await consumeForUser(options.limiters, viewer.userId);
    return createScope({
      rootEm: orm.em,
      viewer,
      logger: logger.child({ requestId: res.locals.requestId }),
      requestId: String(res.locals.requestId ?? ''),
      pubsub: options.pubsub,
      clock: options.clock,
    });
  };

  router.get(
    '/waiver-requests/:file',
    route('Waiver request', async (id, req, res) => {
      const request = await loadWaiverExport(schema, await scopeOf(req, res), id);
      return request && waiverDocument(request);
    }),
  );
  router.get(
    '/applications/:file',
    route('Application', async (id, req, res) => {
      const application = await loadApplicationExport(schema, await scopeOf(req, res), id);
      return application && applicationDocument(application);
    }),
  );
  router.use((_req, res) => sendError(res, 404, 'NOT_FOUND', 'Exports: GET /exports/waiver-requests/:id.html|.pdf and /exports/applications/:id.html|.pdf'));
  return router;
}
