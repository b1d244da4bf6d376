/**
 * Bearer tokens (jose): HS256 with a shared secret, or an OIDC provider's
 * keys (JWKS) with issuer and audience checked. Every token must carry an
 * expiry (`exp`): a token without one would be good forever, and a WebSocket
 * could not know when to close.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { AuthConfig } from '../config';
import { UnauthenticatedError } from '../errors';

export interface TokenClaims {
  sub?: string;
  email?: string;
  /** When the token expires, in seconds since the epoch (always present: tokens without one are refused). */
  exp: number;
}

export type TokenVerifier = (token: string) => Promise<TokenClaims>;

export function createTokenVerifier(auth: AuthConfig): TokenVerifier {
  const verify =
    auth.mode === 'secret'
      ? (() => {
          const key = new TextEncoder().encode(auth.secret);
          return (token: string) => jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp'] });
        })()
      : (() => {
          const keys = createRemoteJWKSet(new URL(auth.jwksUrl));
          return (token: string) => jwtVerify(token, keys, { issuer: auth.issuer, audience: auth.audience, requiredClaims: ['exp'] });
        })();

  return remembered(async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await verify(token));
    } catch (error) {
      throw new UnauthenticatedError(describeTokenError(error));
    }
    const email = typeof payload.email === 'string' ? payload.email : undefined;
    if (!payload.sub && !email) throw new UnauthenticatedError('The token names no user (sub or email)');
    return { sub: payload.sub, email, exp: payload.exp! };
  });
}

/** Tokens remembered at most (then forgotten all at once), and for how long each, in seconds. */
const REMEMBERED_TOKENS = 5000;
const REMEMBER_SECONDS = 60;

/**
 * A verifier that remembers the tokens it accepted, for a minute at most and
 * never past their `exp`: a client sends the same token with every request,
 * and checking its signature again (an HMAC through WebCrypto, a key object
 * made per call) was a tenth of the CPU of a small read. The same text with
 * the same signature verifies the same way, so only time can change the
 * answer: expiry is judged as jose judges it (`exp` at or before now, in
 * whole seconds, refuses), and a minute bounds what an OIDC provider's key
 * rotation could leave accepted (jose's own key set cache keeps keys for ten).
 * Refusals are not remembered.
 */
export function remembered(verify: TokenVerifier, now: () => number = Date.now): TokenVerifier {
  const accepted = new Map<string, { claims: TokenClaims; until: number }>();
  return async (token) => {
    const seconds = Math.floor(now() / 1000);
    const known = accepted.get(token);
    if (known && seconds < known.until) return known.claims;
    if (known) accepted.delete(token);
    const claims = await verify(token);
    if (accepted.size >= REMEMBERED_TOKENS) accepted.clear();
    accepted.set(token, { claims, until: Math.min(claims.exp, seconds + REMEMBER_SECONDS) });
    return claims;
  };
}

function describeTokenError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is not valid';
  if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'exp' && error.reason === 'missing') return 'The token has no expiry (exp)';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `The token's ${error.claim} claim is not accepted`;
  return 'The token is not valid';
}

/** Reads `Bearer <token>`; undefined when absent. */
export function bearerToken(header: unknown): string | undefined {
  if (header === undefined || header === null || header === '') return undefined;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) throw new UnauthenticatedError('Authorization must be "Bearer <token>"');
  return match[1];
}

/** Signs a token for development and tests (HS256). */
export async function signToken(secret: string, claims: { sub: string; email: string }, expiresIn: string | number = '12h'): Promise<string> {
  return new SignJWT({ email: claims.email })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
