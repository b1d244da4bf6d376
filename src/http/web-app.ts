/**
 * The web app (`src/web/`, built by Vite into `dist/web/`) served at `/`:
 * hashed assets cached for a year, every other page path answered with
 * index.html (client-side routes), all under a strict Content-Security-Policy.
 * GraphQL, the IDE, health checks and the dev endpoints are routed before this.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, type Router } from 'express';
import { wantsPage } from './ide';

/** The repository root, from `src/http` (tests, tsx) or `dist/src/http` (`npm start`). */
function repositoryRoot(): string {
  const up = path.resolve(__dirname, '..', '..');
  return path.basename(up) === 'dist' ? path.dirname(up) : up;
}

export const WEB_APP_DIR = path.join(repositoryRoot(), 'dist', 'web');

/**
 * Scripts, styles, fonts and images only from the hub; GraphQL over fetch and
 * WebSocket to the hub ('self' covers ws:/wss: on the same host); no inline
 * script, no plugins, no framing, no <base> tricks.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths the app never answers: the API and the hub's own endpoints. */
const NOT_THE_APP = /^\/(graphql|ide|dev|healthz|readyz|documents)(\/|$)/;

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', WEB_APP_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
};

export function webAppRouter(dir = WEB_APP_DIR): Router {
  const router = express.Router();
  const index = path.join(dir, 'index.html');
  router.use('/assets', securityHeaders, express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: true }));
  router.get(/.*/, (req, res, next) => {
    if (NOT_THE_APP.test(req.path) || !wantsPage(req.headers.accept)) return next();
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain').send('The web app is not built: run `npm run build` (or `npm run dev:web` for hot reload).');
      return;
    }
    securityHeaders(req, res, () => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  });
  return router;
}
