/** The scope of one HTTP GraphQL operation: the viewer from the bearer token, a forked EntityManager, loaders. */
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { TokenVerifier } from '../auth/tokens';
import { viewerFromAuthorization } from '../auth/viewer';
import type { Orm } from '../db/orm';
import { createScope, type HubContext } from '../graphql/context';
import type { PubSub } from '../realtime/pubsub';

export interface HttpContextOptions {
  req: Request;
  orm: Orm;
  verify: TokenVerifier;
  pubsub: PubSub;
  logger: Logger;
}

export async function createGraphQLContext(options: HttpContextOptions): Promise<HubContext> {
  const { req, orm } = options;
  const requestId = String(req.res?.locals.requestId ?? '');
  const logger = options.logger.child({ requestId });
  let viewer;
  try {
    viewer = await viewerFromAuthorization(orm.em, options.verify, req.headers.authorization);
  } catch (error) {
    if (error instanceof GraphQLError) {
      throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 401 } } });
    }
    throw error;
  }
  if (req.res) req.res.locals.logger = logger;
  return createScope({ rootEm: orm.em, viewer, logger, requestId, pubsub: options.pubsub });
}
