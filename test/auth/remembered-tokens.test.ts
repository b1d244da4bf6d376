/** `remembered` (src/auth/tokens.ts): accepted tokens are not verified again within a minute and before their expiry. */
import { describe, expect, it } from 'vitest';
import { createTokenVerifier, remembered, signToken, type TokenClaims } from '../../src/auth/tokens';
import { UnauthenticatedError } from '../../src/errors';

const SECRET = 'remembered-tokens-secret-0123456789abcdef';

/** A verifier that counts its calls and accepts tokens named `ok:<exp>`. */
function counting() {
  const calls: string[] = [];
  const verify = async (token: string): Promise<TokenClaims> => {
    calls.push(token);
    if (!token.startsWith('ok:')) throw new UnauthenticatedError('The token is not valid');
    return { sub: token, exp: Number(token.slice(3)) };
  };
  return { calls, verify };
}

describe('remembered token verification', () => {
  it('verifies a token once, then answers the same claims from memory until a minute has passed', async () => {
    let now = 1_000_000_000_000;
    const { calls, verify } = counting();
    const check = remembered(verify, () => now);
    const token = `ok:${now / 1000 + 3600}`;
    const first = await check(token);
    now += 59_000;
    expect(await check(token)).toBe(first);
    expect(calls).toEqual([token]);
    now += 1_000;
    await check(token);
    expect(calls).toEqual([token, token]);
  });

  it('never answers for a token past its exp, which the verifier then refuses', async () => {
    let now = 1_000_000_000_000;
    const { calls, verify } = counting();
    const check = remembered(
      async (token) => {
        const claims = await verify(token);
        if (claims.exp <= Math.floor(now / 1000)) throw new UnauthenticatedError('The token has expired');
        return claims;
      },
      () => now,
    );
    const token = `ok:${now / 1000 + 10}`;
    await check(token);
    now += 9_999;
    await check(token);
    expect(calls).toHaveLength(1);
    now += 1; // exp reached: as jose judges it, expired
    await expect(check(token)).rejects.toThrow(/expired/);
    expect(calls).toHaveLength(2);
  });

  it('does not remember refusals', async () => {
    const { calls, verify } = counting();
    const check = remembered(verify);
    await expect(check('bad')).rejects.toThrow(UnauthenticatedError);
    await expect(check('bad')).rejects.toThrow(UnauthenticatedError);
    expect(calls).toEqual(['bad', 'bad']);
  });

  it("is the hub's verifier: a real token is accepted twice and a forged one refused after it", async () => {
    const verify = createTokenVerifier({ mode: 'secret', secret: SECRET, secretIsDefault: false });
    const token = await signToken(SECRET, { sub: 'u1', email: 'u1@x.example' });
    expect((await verify(token)).email).toBe('u1@x.example');
    expect((await verify(token)).email).toBe('u1@x.example');
    const [header, payload] = token.split('.');
    await expect(verify(`${header}.${payload}.${'A'.repeat(43)}`)).rejects.toThrow(/signature/);
  });
});
