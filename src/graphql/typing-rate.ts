/**
 * How fast one client may type a co-typed text (a waiver section, an
 * application narrative): a client pushing updates faster than a sane typist
 * (YJS_UPDATES_PER_SECOND, averaged over a 10 s window) is refused
 * with RATE_LIMITED before anything is read or stored. Counted per person and
 * Yjs client id on this hub (a client pushes to the hub it is connected to);
 * the per-person limit on every operation (RATE_LIMIT_USER_PER_MINUTE) still
 * bounds a person who spreads updates over many client ids or hubs.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors';
import { documentLimits } from '../text/yjs';

const WINDOW_SECONDS = 10;
let limiter: { perSecond: number; memory: RateLimiterMemory } | undefined;

function typingLimiter(): RateLimiterMemory {
  const { updatesPerSecond } = documentLimits();
  if (limiter?.perSecond !== updatesPerSecond) {
    limiter = {
      perSecond: updatesPerSecond,
      memory: new RateLimiterMemory({ keyPrefix: 'yjs-updates', points: updatesPerSecond * WINDOW_SECONDS, duration: WINDOW_SECONDS }),
    };
  }
  return limiter.memory;
}

/** Counts one pushed update of `userId`'s client `clientId` (null: an update of no single client); RATE_LIMITED past the limit. */
export async function consumeTypingUpdate(userId: string, clientId: number | null): Promise<void> {
  try {
    await typingLimiter().consume(`${userId}:${clientId ?? 'mixed'}`);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
  }
}
