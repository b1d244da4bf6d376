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
  /**
   * Starts a fresh scope (new EntityManager fork and loaders) in place: a
   * subscription calls it before each event delivery, so no identity map or
   * loader cache outlives one event.
   */
  renew(): void;
}

export interface ScopeOptions {
  rootEm: EntityManager;
  viewer: Viewer;
  logger: Logger;
  requestId: string;
  pubsub: PubSub;
}

/** Builds the scope for one operation (renewed per subscription event). */
export function createScope(options: ScopeOptions): HubContext {
  const fork = () => options.rootEm.fork({ clear: true, useContext: false });
  const em = fork();
  const scope: HubContext = {
    em,
    viewer: options.viewer,
    loaders: new Loaders(em),
    logger: options.logger,
    requestId: options.requestId,
    pubsub: options.pubsub,
    renew() {
      scope.em = fork();
      scope.loaders = new Loaders(scope.em);
    },
  };
  return scope;
}
