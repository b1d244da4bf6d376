/**
 * The web app's page (src/http/web-app.ts): each response has its own CSP
 * nonce, the same in its Content-Security-Policy and in its
 * `<meta name="csp-nonce">`, and is never stored; the hashed assets keep the
 * nonce-free CSP and their year-long cache.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_APP_CSP, webAppCsp, webAppRouter } from '../../src/http/web-app';

let dir: string;
let server: ReturnType<express.Express['listen']>;
let origin: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnz-web-app-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><title>CNZ hub</title></head><body><div id="root"></div></body></html>');
  fs.writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log("app")');
  const app = express();
  app.use(webAppRouter({ dir, signIn: { authority: 'https://id.example.org/realms/cnz', clientId: 'cnz-web' } }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

const page = async (route: string) => {
  const response = await fetch(`${origin}${route}`, { headers: { accept: 'text/html' } });
  const html = await response.text();
  const nonce = /<meta name="csp-nonce" content="([^"]+)"/.exec(html)?.[1];
  return { response, html, nonce, csp: response.headers.get('content-security-policy') };
};

describe('the web app page', () => {
  it('carries a fresh nonce per response, the same in its CSP and its <meta>, and is not stored', async () => {
    const first = await page('/');
    const second = await page('/waivers/V2FpdmVyUmVxdWVzdDox');
    for (const each of [first, second]) {
      expect(each.response.status).toBe(200);
      expect(each.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/); // 128 random bits
      expect(each.csp).toBe(webAppCsp(['https://id.example.org'], each.nonce));
      expect(each.csp).toContain(`style-src 'self' 'nonce-${each.nonce}'`);
      expect(each.response.headers.get('cache-control')).toBe('no-store');
      // The sign-in settings are still there beside it.
      expect(each.html).toContain('<meta name="cnz-oidc-client-id" content="cnz-web" />');
    }
    expect(second.nonce).not.toBe(first.nonce);
    // No validator that would let a cache answer with an earlier page (and its nonce): each body differs.
    expect(second.response.headers.get('etag')).not.toBe(first.response.headers.get('etag'));
    // Still no inline script, and style attributes stay refused (a nonce allows <style> elements only).
    expect(first.csp).toContain("script-src 'self';");
    expect(first.csp).not.toContain('unsafe-inline');
  });

  it('serves the hashed assets under the nonce-free CSP, cached for a year', async () => {
    const response = await fetch(`${origin}/assets/app-abc123.js`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('console.log("app")');
    expect(response.headers.get('content-security-policy')).toBe(webAppCsp(['https://id.example.org']));
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(WEB_APP_CSP).toContain("style-src 'self';");
  });
});
