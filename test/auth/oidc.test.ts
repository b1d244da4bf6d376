import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../factories';
import { startTestHub, type TestHub } from '../helpers/hub';

const ISSUER = 'https://id.network.example/';
const AUDIENCE = 'cnz-hub';

let keys: Awaited<ReturnType<typeof generateKeyPair>>;
let jwks: http.Server;
let t: TestHub;
let email: string;

beforeAll(async () => {
  keys = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  jwks = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  t = await startTestHub({ JWT_SECRET: '', JWT_JWKS_URL: url, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });
  email = (await factories(t.hub.orm).buildUser()).email;
});
afterAll(async () => {
  await t.close();
  jwks.close();
});

const sign = (claims: { iss?: string; aud?: string; exp?: string | null } = {}) => {
  const jwt = new SignJWT({ email })
    .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
    .setSubject(`oidc|${email}`)
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt();
  return (claims.exp === null ? jwt : jwt.setExpirationTime(claims.exp ?? '5m')).sign(keys.privateKey);
};

describe('tokens from an OIDC provider (JWT_JWKS_URL)', () => {
  it("accepts a token signed with the provider's key, naming the user by email", async () => {
    const result = await t.data('{ viewer { email } }', {}, { token: await sign() });
    expect(result).toEqual({ viewer: { email } });
  });

  it("refuses a token without an expiry, even with the provider's signature, with UNAUTHENTICATED", async () => {
    const result = await t.request('{ viewer { email } }', {}, { token: await sign({ exp: null }) });
    expect(result.status).toBe(401);
    expect(result.errors?.[0]).toMatchObject({ message: expect.stringMatching(/no expiry/), extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a token for another audience or issuer with UNAUTHENTICATED', async () => {
    for (const claims of [{ aud: 'someone-else' }, { iss: 'https://evil.example/' }]) {
      const result = await t.request('{ viewer { email } }', {}, { token: await sign(claims) });
      expect(result.status).toBe(401);
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});
