/**
 * What `notify` reaches beyond its transaction: the pub/sub (the recipients'
 * other tabs) and the mail queue. Attached per ORM by the hub at startup
 * (src/app.ts), so several hubs in one process (tests) each keep their own;
 * a script with none attached (the demo seed) still records notifications.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PubSub } from '../../realtime/pubsub';

export interface NotificationRuntime {
  pubsub?: PubSub;
  /** Enqueues, on the transaction `em` runs in, the immediate mails of one notify batch. */
  enqueueImmediate?(em: EntityManager, batch: string): Promise<void>;
}

const runtimes = new WeakMap<object, NotificationRuntime>();

/** Attaches a runtime to every EntityManager of the ORM whose configuration is `config`. */
export function attachNotificationRuntime(config: object, runtime: NotificationRuntime): void {
  runtimes.set(config, { ...runtimes.get(config), ...runtime });
}

export function runtimeOf(em: EntityManager): NotificationRuntime | undefined {
  return runtimes.get(em.config);
}
