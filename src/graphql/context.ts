/** One request scope per operation: a forked EntityManager, fresh loaders, the viewer. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Viewer } from '../auth/viewer';
import type { PubSub } from '../realtime/pubsub';
import { Loaders } from './loaders';

export interface HubContext {
  em: EntityManager;
  viewer: Viewer;
  loaders: Loaders;
  logger: Logger;
  requestId: string;
  pubsub: PubSub;
}

export interface ScopeOptions {
  rootEm: EntityManager;
  viewer: Viewer;
  logger: Logger;
  requestId: string;
  pubsub: PubSub;
}

/** Builds the scope for one operation (or one subscription event delivery). */
export function createScope(options: ScopeOptions): HubContext {
  const em = options.rootEm.fork({ clear: true, useContext: false });
  return {
    em,
    viewer: options.viewer,
    loaders: new Loaders(em),
    logger: options.logger,
    requestId: options.requestId,
    pubsub: options.pubsub,
  };
}
