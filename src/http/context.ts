/** The scope of one HTTP GraphQL operation: the viewer from the bearer token, a forked EntityManager, loaders. */
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { TokenVerifier } from '../auth/tokens';
import { viewerFromAuthorization } from '../auth/viewer';
import type { Orm } from '../db/orm';
import { createScope, type HubContext } from '../graphql/context';
import type { PubSub } from '../realtime/pubsub';
import type { Clock } from '../domain/clock';
import { consumeForUser, type RateLimiters } from './rate-limit';

export interface HttpContextOptions {
  req: Request;
  orm: Orm;
  verify: TokenVerifier;
  pubsub: PubSub;
  logger: Logger;
  limiters: RateLimiters;
  clock?: Clock;
}

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, RATE_LIMITED: 429 };

export async function createGraphQLContext(options: HttpContextOptions): Promise<HubContext> {
  const { req, orm } = options;
  const requestId = String(req.res?.locals.requestId ?? '');
  const logger = options.logger.child({ requestId });
  let viewer;
  try {
    viewer = await viewerFromAuthorization(orm.em, options.verify, req.headers.authorization);
    if (viewer.userId) await consumeForUser(options.limiters, viewer.userId);
  } catch (error) {
    // Refusals before execution carry their HTTP status (and a Retry-After hint).
    if (error instanceof GraphQLError) {
      const code = String(error.extensions.code);
      const headers = new Map<string, string>();
      if (typeof error.extensions.retryAfterSeconds === 'number') headers.set('retry-after', String(error.extensions.retryAfterSeconds));
      throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: STATUS[code] ?? 400, headers } } });
    }
    throw error;
  }
  if (req.res) req.res.locals.logger = logger;
  return createScope({ rootEm: orm.em, viewer, logger, requestId, pubsub: options.pubsub, clock: options.clock });
}
