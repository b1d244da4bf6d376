/**
 * The dev sign-in endpoints (`GET /dev/users`, `POST /dev/token`) exist only
 * while the hub signs with its printed dev secret; with a real JWT_SECRET or
 * in production they are absent. And `/` serves the web app (or says it is
 * not built), never shadowing GraphQL.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, useTestHub, type TestHub } from '../helpers/hub';
import { factories } from '../factories';

const t = useTestHub();

async function post(hub: TestHub, path: string, body: unknown) {
  const response = await fetch(new URL(path, hub.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('dev sign-in on the dev secret', () => {
  let dev: TestHub;
  beforeAll(async () => {
    dev = await startTestHub({ JWT_SECRET: '' });
  });
  afterAll(() => dev?.close());

  it('signs a token for an existing user that the hub then accepts', async () => {
    const user = await factories(dev.hub.orm).buildUser();
    const { status, body } = await post(dev, '/dev/token', { email: user.email.toUpperCase() });
    expect(status).toBe(200);
    const viewer = await dev.data('query { viewer { displayName email } }', {}, { token: body.token as string });
    expect(viewer).toEqual({ viewer: { displayName: user.displayName, email: user.email } });
    expect(Date.parse(body.expiresAt as string)).toBeGreaterThan(Date.now() + 11 * 3_600_000);
  });

  it('refuses an unknown email and a malformed body with coded errors', async () => {
    expect(await post(dev, '/dev/token', { email: 'nobody@nowhere.example' })).toMatchObject({
      status: 404,
      body: { errors: [{ extensions: { code: 'NOT_FOUND' } }] },
    });
    expect(await post(dev, '/dev/token', { email: 42 })).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] } });
  });

  it('lists the demo people present in the database', async () => {
    const response = await fetch(new URL('/dev/users', dev.url));
    expect(response.status).toBe(200);
    const { users } = (await response.json()) as { users: Array<{ email: string }> };
    expect(Array.isArray(users)).toBe(true);
  });
});

describe('dev sign-in elsewhere', () => {
  it('is absent with a real JWT_SECRET', async () => {
    const user = await factories(t.hub.orm).buildUser();
    expect((await post(t, '/dev/token', { email: user.email })).status).toBe(404);
    expect((await fetch(new URL('/dev/users', t.url))).status).toBe(404);
  });

  it('is absent in production', async () => {
    const production = await startTestHub({ NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex') });
    try {
      expect((await post(production, '/dev/token', { email: 'dana.whitfield@show-me-learning.example' })).status).toBe(404);
      expect((await fetch(new URL('/dev/users', production.url))).status).toBe(404);
    } finally {
      await production.close();
    }
  });
});

describe('GET / and client-side routes', () => {
  it('answers a browser with the app page under a strict CSP, and leaves /graphql to GraphQL', async () => {
    const page = await fetch(new URL('/learning/modules/abc', t.url), { headers: { accept: 'text/html' } });
    expect([200, 503]).toContain(page.status);
    if (page.status === 200) {
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await page.text()).toContain('<div id="root">');
    }
    const api = await fetch(new URL('/nothing-here', t.url), { headers: { accept: 'application/json' } });
    expect(api.status).toBe(404);
    expect(await t.data('{ __typename }')).toEqual({ __typename: 'Query' });
  });
});
