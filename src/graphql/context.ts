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

/**
 * Builds the scope for one operation (renewed per subscription event). The
 * EntityManager fork and the loaders are made on first use: a subscriber
 * whose event needs no query (most of a crowd's) costs no fork per event,
 * and an idle subscription holds none.
 */
export function createScope(options: ScopeOptions): HubContext {
  const fork = () => options.rootEm.fork({ clear: true, useContext: false });
  let em: EntityManager | undefined;
  let loaders: Loaders | undefined;
  const scope: HubContext = {
    get em() {
      return (em ??= fork());
    },
    set em(value: EntityManager) {
      em = value;
      loaders = undefined;
    },
    get loaders() {
      return (loaders ??= new Loaders(scope.em));
    },
    viewer: options.viewer,
    logger: options.logger,
    requestId: options.requestId,
    pubsub: options.pubsub,
    renew() {
      em = undefined;
      loaders = undefined;
    },
  };
  return scope;
}
