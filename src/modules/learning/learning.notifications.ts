/** What learning tells people who were not looking: a module in their plan published a new version; a completed prerequisite unlocked a recommended module. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotificationKind } from '../notifications/notification.kinds';
import { selectRows } from '../../db/select';
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

/**
 * A first completion of `completed` by `userId`: every published module it is
 * a prerequisite of, not in their plan, whose prerequisites are now all
 * complete (and for their plan's audience, if set) — the modules it adds to
 * their recommendations — one activity each, told by the hub.
 */
export async function notifyUnlocked(em: EntityManager, userId: string, completed: { id: string; title: string }): Promise<void> {
  const unlocked = await selectRows<{ id: string; title: string }>(
    em,
    `select m.id, m.title from learning_module_prerequisites e join learning_modules m on m.id = e.module_id
      where e.prerequisite_id = ? and m.status = 'PUBLISHED'
        and not exists (select 1 from learning_plan_items i where i.user_id = ? and i.module_id = m.id)
        and not exists (select 1 from learning_module_prerequisites p where p.module_id = m.id and p.prerequisite_id <> ? and not exists (
              select 1 from learning_plan_items c where c.user_id = ? and c.module_id = p.prerequisite_id and c.completed_at is not null))
        and not exists (select 1 from learning_plans lp where lp.user_id = ? and lp.audience is not null and not lp.audience::text = any(m.audiences))
      order by m.id`,
    [completed.id, userId, completed.id, userId, userId],
  );
  for (const module of unlocked)
    await notify(em, {
      subject: { type: 'LearningModule', id: module.id, title: module.title },
      actorId: null,
      detail: completed.title,
      to: [{ kind: NotificationKind.LEARNING_PREREQUISITE_UNLOCKED, users: [userId] }],
    });
}
