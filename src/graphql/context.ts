/** One request scope per operation: a forked EntityManager, fresh loaders, the viewer. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Viewer } from '../auth/viewer';
import { systemClock, type Clock } from '../domain/clock';
import type { PubSub } from '../realtime/pubsub';
import { Loaders } from './loaders';
import type { MutationAudit } from './write-transaction';

export interface HubContext {
  em: EntityManager;
  viewer: Viewer;
  loaders: Loaders;
  logger: Logger;
  requestId: string;
  pubsub: PubSub;
  /**
   * The application's EntityManager, only to fork from (or run raw SQL on)
   * for work that outlives this scope or is shared by many scopes: presence
   * sweeps, one re-check for every subscriber of an event.
   */
  rootEm: EntityManager;
  /**
   * Starts a fresh scope (new EntityManager fork and loaders) in place: a
   * subscription calls it before each event delivery, so no identity map or
   * loader cache outlives one event.
   */
  renew(): void;
  /** The mutation this scope is running, set by the audit trail; write transactions record it. */
  mutation?: MutationAudit;
  /** The hub's clock: deadlines are judged by it (a manual one in tests). */
  clock: Clock;
}

export interface ScopeOptions {
  rootEm: EntityManager;
  viewer: Viewer;
  /** The scope's logger; with `bindRequestId`, its parent (the child carrying the request id is made on first use). */
  logger: Logger;
  bindRequestId?: boolean;
  requestId: string;
  pubsub: PubSub;
  /** The hub's clock; the real one unless given. */
  clock?: Clock;
}

/**
 * The scope of one operation (renewed per subscription event). The
 * EntityManager fork, the loaders and a child logger are made on first use:
 * a subscriber whose event needs no query (most of a crowd's) costs no fork
 * per event, and an idle subscription holds none of them. A class, so that
 * thousands of connected subscribers share its accessors instead of holding
 * a set of closures each.
 */
class Scope implements HubContext {
  readonly viewer: Viewer;
  readonly requestId: string;
  readonly pubsub: PubSub;
  readonly rootEm: EntityManager;
  readonly clock: Clock;
  mutation: MutationAudit | undefined = undefined;
  private forked: EntityManager | undefined;
  private madeLoaders: Loaders | undefined;
  private parentLogger: Logger | undefined;
  private ownLogger: Logger | undefined;

  constructor(options: ScopeOptions) {
    this.rootEm = options.rootEm;
    this.viewer = options.viewer;
    this.requestId = options.requestId;
    this.pubsub = options.pubsub;
    this.clock = options.clock ?? systemClock;
    if (options.bindRequestId) this.parentLogger = options.logger;
    else this.ownLogger = options.logger;
  }

  get em(): EntityManager {
    return (this.forked ??= this.rootEm.fork({ clear: true, useContext: false }));
  }

  set em(value: EntityManager) {
    this.forked = value;
    this.madeLoaders = undefined;
  }

  get loaders(): Loaders {
    return (this.madeLoaders ??= new Loaders(this.em));
  }

  get logger(): Logger {
    return (this.ownLogger ??= this.parentLogger!.child({ requestId: this.requestId }));
  }

  renew(): void {
    this.forked = undefined;
    this.madeLoaders = undefined;
  }
}

/** Builds the scope for one operation. */
export function createScope(options: ScopeOptions): HubContext {
  return new Scope(options);
}
