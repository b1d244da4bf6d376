/** The HTTP routes around GraphQL: request ids, health, readiness, the IDE, body limits, JSON errors. */
import { randomUUID } from 'node:crypto';
import cors from 'cors';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Config } from '../config';
import { readiness } from '../db/readiness';
import type { Orm } from '../db/orm';
import { devSignInEnabled, devSignInRouter } from './dev-sign-in';
import { ideRouter } from './ide';
import { limitByAddress, type RateLimiters } from './rate-limit';
import { notificationRoutes } from './notifications';
import { webAppRouter, webSignIn } from './web-app';

export interface HttpAppOptions {
  config: Config;
  orm: Orm;
  graphql: RequestHandler;
  limiters: RateLimiters;
  /** `POST /documents` and `GET /documents/:id` (see documents.ts). */
  documents?: RequestHandler;
  /** `GET /exports/…`: waiver requests and applications as printable pages and PDFs (see exports.ts). */
  exports?: RequestHandler;
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** Every request gets an id (the caller's `x-request-id` when sane), echoed back and logged. */
const requestId: RequestHandler = (req, res, next) => {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.locals.requestId = id;
  res.setHeader('x-request-id', id);
  next();
};

function jsonError(status: number, code: string, message: string) {
  return { status, body: { errors: [{ message, extensions: { code } }] } };
}

/** Body parser and other pre-GraphQL failures, answered as GraphQL errors with codes. */
const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  const { type, status: given, expose } = error as { type?: string; status?: number; expose?: boolean };
  // Any other client error the body parser reports (a corrupt gzip stream, an aborted upload, …).
  const clientError = expose === true && typeof given === 'number' && given >= 400 && given < 500;
  const { status, body } =
    type === 'entity.too.large'
      ? jsonError(413, 'BAD_USER_INPUT', 'The request body is too large')
      : type === 'entity.parse.failed'
        ? jsonError(400, 'BAD_USER_INPUT', 'The request body is not valid JSON')
        : type === 'charset.unsupported' || type === 'encoding.unsupported'
          ? jsonError(415, 'BAD_USER_INPUT', 'Unsupported body encoding')
          : clientError
            ? jsonError(given, 'BAD_USER_INPUT', 'The request body cannot be read')
            : jsonError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  if (status === 500) res.locals.logger?.error({ err: error }, 'http error');
  if (!res.headersSent) res.status(status).json(body);
};

/** GraphQL over HTTP is GET and POST; anything else is answered here, coded, before Apollo. */
const allowMethods: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'POST') return next();
  res.setHeader('Allow', 'GET, POST');
  if (req.method === 'OPTIONS') return void res.status(204).end();
  const { status, body } = jsonError(405, 'BAD_USER_INPUT', 'Use GET or POST for /graphql');
  res.status(status).json(body);
};

export function createHttpApp(options: HttpAppOptions): express.Express {
  const { config, orm } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestId);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const state = await readiness(orm);
    res.status(state.ready ? 200 : 503).json(state);
  });
  if (!config.production) app.use(ideRouter());
  app.use(notificationRoutes({ config, orm }));
  if (devSignInEnabled(config)) app.use(devSignInRouter(config, orm));
  // Before the web app, which answers a browser's page paths with index.html.
  if (options.exports) app.use('/exports', options.exports);
  app.use(webAppRouter({ signIn: webSignIn(config.auth) }));

  app.use(
    '/graphql',
    cors({ origin: config.corsOrigins.length ? config.corsOrigins : false, credentials: false, maxAge: 600 }),
    allowMethods,
    limitByAddress(options.limiters),
    express.json({ limit: config.limits.bodyBytes, strict: false }),
    (req, _res, next) => {
      if (!('body' in req)) (req as { body?: unknown }).body = undefined;
      next();
    },
    options.graphql,
  );

  if (options.documents) app.use('/documents', options.documents);

  app.use((_req, res) => {
    res.status(404).json({
      errors: [
        { message: 'Not found: the hub serves the web app at /, /graphql, /documents, /exports, /healthz and /readyz', extensions: { code: 'NOT_FOUND' } },
      ],
    });
  });
  app.use(errorHandler);
  return app;
}
