/** What learning tells people who were not looking: a module in their plan published a new version. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotificationKind } from '../notifications/notification.kinds';
import { notify } from '../notifications/notification.service';
import type { LearningModule } from './learning-module.entity';

/** Everyone with the module in their plan, when a version after the first is published. */
export async function notifyNewVersion(em: EntityManager, module: LearningModule, version: number, actorId: string | undefined): Promise<void> {
  if (version <= 1) return;
  await notify(em, {
    subject: { type: 'LearningModule', id: module.id, title: module.title },
    actorId,
    detail: String(version),
    to: [{ kind: NotificationKind.LEARNING_MODULE_NEW_VERSION, learningPlanHolders: module.id }],
  });
}
