/**
 * Signing in to the web app through a real OpenID provider (the
 * `oidc-provider` package, started here): the authorization-code flow with
 * PKCE by oidc-client-ts in chromium, the provider's JWT access token sent to
 * the hub (JWT_JWKS_URL + JWT_ISSUER + JWT_AUDIENCE) as the bearer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Provider from 'oidc-provider';
import { webAppCsp } from '../../src/http/web-app';
import { factories } from '../factories';
import { checkScreen, hasChromium, watchConsole, CHROMIUM, useBrowserHub } from './browser';

const AUDIENCE = 'urn:cnz:hub';
const CLIENT_ID = 'cnz-web';

let providerServer: http.Server;
let issuer: string;
/** Each token request the provider answered, with whether it carried a PKCE verifier. */
const tokenRequests: Array<{ pkce: boolean }> = [];
// The provider needs its issuer (this server's port) before it can answer: requests wait for it in `handler`.
const handler: { handle?: (req: http.IncomingMessage, res: http.ServerResponse) => void } = {};

/** The provider's server starts first: the hub's environment names its port. */
const t = useBrowserHub(async () => {
  providerServer = http.createServer((req, res) => {
    if (req.url?.startsWith('/token')) {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => tokenRequests.push({ pkce: new URLSearchParams(body).has('code_verifier') }));
    }
    handler.handle?.(req, res);
  });
  await new Promise<void>((resolve) => providerServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(providerServer.address() as AddressInfo).port}`;
  return { JWT_SECRET: '', JWT_JWKS_URL: `${issuer}/jwks`, JWT_ISSUER: issuer, JWT_AUDIENCE: AUDIENCE, OIDC_CLIENT_ID: CLIENT_ID };
});

beforeAll(() => {
  if (!hasChromium) return;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${t.origin}/auth/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    // The login is the account id; the hub reads a non-UUID `sub` as the user's email.
    findAccount: async (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => ({ sub: id, email: id }) }),
    claims: { openid: ['sub'], email: ['email'] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'email', audience: AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: 600, jwt: { sign: { alg: 'RS256' } } }),
      },
    },
  });
  handler.handle = provider.callback();
});

afterAll(() => {
  providerServer?.close();
});

describe.skipIf(!hasChromium)(`OIDC sign-in in chromium${hasChromium ? '' : ` (skipped: no ${CHROMIUM})`}`, () => {
  it('signs a person in at the provider with PKCE and calls the hub with the access token', async () => {
    const user = await factories(t.hub.orm).buildUser({ displayName: 'Morgan Oidc' });
    const context = await t.browser.newContext();
    await context.route('**/*', (route) =>
      route.request().url().startsWith(`${t.origin}/`) || route.request().url().startsWith(`${issuer}/`) ? route.continue() : route.abort(),
    );
    const page = await context.newPage();
    const errors = watchConsole(page);
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) refused.push(`${r.status()} ${r.url()}`);
    });

    const response = await page.goto(`${t.origin}/sign-in`);
    // The provider's origin is allowed for discovery and the token request, nothing else.
    const nonce = (await page.locator('meta[name="csp-nonce"]').getAttribute('content')) ?? '';
    expect(response?.headers()['content-security-policy']).toBe(webAppCsp([issuer], nonce));
    // No dev sign-in on a hub that trusts a provider.
    await page.getByRole('button', { name: "Sign in with your organization's account" }).waitFor();
    expect(await page.getByLabel('Email').count()).toBe(0);
    await checkScreen(page, 'sign-in-oidc');
    await page.getByRole('button', { name: "Sign in with your organization's account" }).click();

    // The provider's own (development) login and consent pages.
    await page.waitForURL((url) => url.origin === issuer);
    await page.locator('input[name="login"]').fill(user.email);
    await page.locator('input[name="password"]').fill('anything');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click(); // consent: "Continue"

    await page.getByRole('heading', { name: 'Welcome, Morgan Oidc' }).waitFor();
    expect(page.url()).toBe(`${t.origin}/`);
    expect(tokenRequests).toEqual([{ pkce: true }]);
    const token = await page.evaluate(() =>
      (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('cnz:token'),
    );
    const claims = JSON.parse(Buffer.from(token!.split('.')[1], 'base64url').toString()) as { iss: string; aud: string; sub: string };
    expect(claims).toMatchObject({ iss: issuer, aud: AUDIENCE, sub: user.email });
    // The only refusals: the dev sign-in, absent here. (The provider's dev pages ask Google for a font: aborted, offline.)
    expect(refused).toEqual([`404 ${t.origin}/dev/users`]);
    expect(errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
    await context.close();
  });
});
