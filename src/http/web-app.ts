/**
 * The web app (`src/web/`, built by Vite into `dist/web/`) served at `/`:
 * hashed assets cached for a year, every other page path answered with
 * index.html (client-side routes), all under a strict Content-Security-Policy.
 * Each page carries a fresh nonce (in its CSP and in `<meta name="csp-nonce">`)
 * that the app gives CodeMirror for the <style> elements it injects; the page
 * is never cached, so no nonce is ever served twice.
 * GraphQL, the IDE, health checks and the dev endpoints are routed before this.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, type Router } from 'express';
import type { AuthConfig } from '../config';
import { wantsPage } from './ide';

/** The repository root, from `src/http` (tests, tsx) or `dist/src/http` (`npm start`). */
function repositoryRoot(): string {
  const up = path.resolve(__dirname, '..', '..');
  return path.basename(up) === 'dist' ? path.dirname(up) : up;
}

export const WEB_APP_DIR = path.join(repositoryRoot(), 'dist', 'web');

/**
 * Scripts, styles, fonts and images only from the hub; GraphQL over fetch and
 * WebSocket to the hub ('self' covers ws:/wss: on the same host), plus the
 * OIDC provider's origin when the app signs in there (discovery and token
 * requests); no inline script, no plugins, no framing, no <base> tricks.
 * `styleNonce`: the page's nonce, allowing the <style> elements that carry it
 * (CodeMirror's, see src/web/waivers/SectionEditor.tsx); style attributes stay refused.
 */
export function webAppCsp(connectTo: string[] = [], styleNonce?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    styleNonce ? `style-src 'self' 'nonce-${styleNonce}'` : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ['connect-src', "'self'", ...connectTo].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const WEB_APP_CSP = webAppCsp();

/** What the app needs to know to sign in through OIDC, or undefined when the hub has no web client for it. */
export interface WebSignIn {
  authority: string;
  clientId: string;
}

export function webSignIn(auth: AuthConfig): WebSignIn | undefined {
  return auth.mode === 'jwks' && auth.webClientId ? { authority: auth.issuer, clientId: auth.webClientId } : undefined;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Paths the app never answers: the API and the hub's own endpoints. */
const NOT_THE_APP = /^\/(graphql|ide|dev|healthz|readyz|documents|notifications)(\/|$)/;

/** A fresh CSP nonce: 128 random bits, base64 (one per page response). */
export const newCspNonce = (): string => randomBytes(16).toString('base64');

/** The page's settings as <meta> tags (read by the app; no inline script under the CSP). */
function pageWithSettings(html: string, signIn: WebSignIn | undefined, nonce: string): string {
  const tags = [`<meta name="csp-nonce" content="${attribute(nonce)}" />`];
  if (signIn)
    tags.push(
      `<meta name="cnz-oidc-authority" content="${attribute(signIn.authority)}" />`,
      `<meta name="cnz-oidc-client-id" content="${attribute(signIn.clientId)}" />`,
    );
  return html.replace('</head>', `${tags.map((tag) => `${tag}\n    `).join('')}</head>`);
}

export function webAppRouter(options: { dir?: string; signIn?: WebSignIn } = {}): Router {
  const { dir = WEB_APP_DIR, signIn } = options;
  const providerOrigin = signIn && originOf(signIn.authority);
  const connectTo = providerOrigin ? [providerOrigin] : [];
  const csp = webAppCsp(connectTo);
  const securityHeaders: RequestHandler = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  };
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
      // The page's own nonce, in its CSP and its <meta>; never stored (a cached page would replay its nonce).
      const nonce = newCspNonce();
      res.setHeader('Content-Security-Policy', webAppCsp(connectTo, nonce));
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(pageWithSettings(fs.readFileSync(index, 'utf8'), signIn, nonce));
    });
  });
  return router;
}
