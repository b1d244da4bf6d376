/**
 * Rate limits (rate-limiter-flexible): per address on every HTTP request,
 * every WebSocket connection and every operation on an anonymous WebSocket;
 * per user on every operation (HTTP and WebSocket). With Redis the counts are
 * shared by every hub instance, with an in-memory fallback while Redis is
 * down. A refusal is RATE_LIMITED with `retryAfterSeconds` (and Retry-After).
 */
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimits } from '../config';
import { RateLimitedError } from '../errors';

export interface RateLimiters {
  address: RateLimiterAbstract;
  user: RateLimiterAbstract;
}

function limiter(keyPrefix: string, points: number, redis?: Redis): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration: 60 });
  // rejectIfRedisNotReady: while Redis is away, count in memory at once instead of waiting on its retries.
  return redis
    ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `cnz:${keyPrefix}`, points, duration: 60, insuranceLimiter: memory, rejectIfRedisNotReady: true })
    : memory;
}

export function createRateLimiters(limits: RateLimits, redis?: Redis): RateLimiters {
  return { address: limiter('address', limits.addressPerMinute, redis), user: limiter('user', limits.userPerMinute, redis) };
}

function retryAfter(rejection: unknown): number | undefined {
  return rejection instanceof RateLimiterRes ? Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) : undefined;
}

async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    const seconds = retryAfter(rejection);
    if (seconds === undefined) throw rejection;
    throw new RateLimitedError(seconds);
  }
}

/** Counts one operation for a user; throws RATE_LIMITED past the limit. */
export function consumeForUser(limiters: RateLimiters, userId: string): Promise<void> {
  return consume(limiters.user, userId);
}

/** Counts one point for an address (a WebSocket connection, or an operation on an anonymous one); throws RATE_LIMITED past the limit. */
export function consumeForAddress(limiters: RateLimiters, address: string): Promise<void> {
  return consume(limiters.address, address);
}

/** Express middleware: one point per request from an address. */
export function limitByAddress(limiters: RateLimiters): RequestHandler {
  return (req, res, next) => {
    limiters.address.consume(req.ip ?? 'unknown').then(
      () => next(),
      (rejection) => {
        const seconds = retryAfter(rejection);
        if (seconds === undefined) return next(rejection);
        res.setHeader('Retry-After', String(seconds));
        res
          .status(429)
          .json({ errors: [{ message: new RateLimitedError(seconds).message, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds } }] });
      },
    );
  };
}
