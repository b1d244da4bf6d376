/**
 * The educator's personal learning plan: their place on the continuum, the
 * modules they follow and complete, and recommendations (published modules
 * for their audience whose prerequisites they have completed, not yet in
 * their plan).
 */
import { randomUUID } from 'node:crypto';
import { authorize, requireUserId } from '../../auth/policy';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import type { HubContext } from '../../graphql/context';
import { writeTransaction } from '../../graphql/write-transaction';
import { findPage, type ConnectionResult, type PageArgs, type SortKey } from '../../graphql/connection';
import { BadUserInputError, NotFoundError } from '../../errors';
import { User } from '../users/user.entity';
import { LearningModule } from './learning-module.entity';
import { LearningPlan, LearningPlanItem } from './learning-plan.entity';
import { ModuleStatus } from './learning.enums';
import { notifyUnlocked } from './learning.notifications';
import type { CompleteLearningModuleInput, LearningModuleRefInput, SetLearningPlanAudienceInput } from './learning.inputs';
import { pageModules, type ModuleConditions } from './learning-catalog.service';
import { getModule } from './learning-module.service';
import { attachCompletionEvidence } from './learning.documents';

const ITEMS_ORDER: SortKey[] = [
  { field: 'createdAt', column: 'created_at', direction: 'asc', type: 'timestamp' },
  { field: 'id', column: 'id', direction: 'asc', type: 'uuid' },
];

function planUser(ctx: HubContext): string {
  authorize(ctx.viewer, 'learningPlan.use', undefined);
  return requireUserId(ctx.viewer);
}

/** The viewer's plan; an unsaved empty one until they first set their audience. Null when anonymous. */
export async function viewerPlan(ctx: HubContext): Promise<LearningPlan | null> {
  if (!ctx.viewer.signedIn) return null;
  const userId = planUser(ctx);
  const stored = await ctx.em.findOne(LearningPlan, { user: userId });
  if (stored) return stored;
  const plan = new LearningPlan();
  plan.user = ctx.em.getReference(User, userId);
  return plan;
}

/** Sets where the educator stands on the continuum (creates the plan on first use). */
export async function setLearningPlanAudience(ctx: HubContext, input: SetLearningPlanAudienceInput): Promise<LearningPlan> {
  const userId = planUser(ctx);
  return writeTransaction(ctx, async (em) => {
    await em
      .createQueryBuilder(LearningPlan)
      .insert({ id: randomUUID(), user: userId, audience: input.audience ?? null })
      .onConflict('user_id')
      .merge(['audience'])
      .execute();
    return em.findOneOrFail(LearningPlan, { user: userId }, { refresh: true });
  });
}

/** The plan's modules, in the order they were added; `completed` filters. */
export function planItems(ctx: HubContext, args: PageArgs & { completed?: boolean | null }): Promise<ConnectionResult<LearningPlanItem>> {
  const userId = planUser(ctx);
  const where = args.completed == null ? { user: userId } : { user: userId, completedAt: args.completed ? { $ne: null } : null };
  return findPage(ctx.em, LearningPlanItem, where, ITEMS_ORDER, args);
}

async function addItem(em: EntityManager, viewer: Viewer, moduleGlobalId: string, userId: string): Promise<LearningPlanItem> {
  const module = await getModule(em, viewer, moduleGlobalId, 'input.moduleId');
  const existing = await em.findOne(LearningPlanItem, { user: userId, module });
  if (existing) return existing;
  if (module.status !== ModuleStatus.PUBLISHED) {
    throw BadUserInputError.field('input.moduleId', `only published modules can join a plan ("${module.title}" is ${module.status.toLowerCase()})`);
  }
  await em
    .createQueryBuilder(LearningPlanItem)
    .insert({ id: randomUUID(), user: userId, module: module.id })
    .onConflict(['user_id', 'module_id'])
    .ignore()
    .execute();
  return em.findOneOrFail(LearningPlanItem, { user: userId, module });
}

/** Adds a published module to the viewer's plan (again: no change). */
export function addToLearningPlan(ctx: HubContext, input: LearningModuleRefInput): Promise<LearningPlanItem> {
  const userId = planUser(ctx);
  return writeTransaction(ctx, (em, viewer) => addItem(em, viewer, input.moduleId, userId));
}

/** Takes a module out of the viewer's plan, completed or not. */
export async function removeFromLearningPlan(ctx: HubContext, input: LearningModuleRefInput): Promise<LearningPlan> {
  const userId = planUser(ctx);
  await writeTransaction(ctx, async (em, viewer) => {
    const module = await getModule(em, viewer, input.moduleId, 'input.moduleId');
    const removed = await em.nativeDelete(LearningPlanItem, { user: userId, module });
    if (removed === 0) throw new NotFoundError('That module in your learning plan');
  });
  return (await viewerPlan(ctx))!;
}

/**
 * Marks a module complete (adding it to the plan when needed), with an
 * optional evidence link and evidence documents (the viewer's uploads);
 * completing again updates the link, adds the documents and keeps the
 * first completion time.
 */
export async function completeLearningModule(ctx: HubContext, input: CompleteLearningModuleInput): Promise<LearningPlanItem> {
  const userId = planUser(ctx);
  return writeTransaction(ctx, async (em, viewer) => {
    const item = await addItem(em, viewer, input.moduleId, userId);
    const first = item.completedAt === null;
    item.completedAt ??= new Date();
    if (first) await notifyUnlocked(em, userId, item.module);
    if (input.evidenceUrl !== undefined && input.evidenceUrl !== null) item.evidenceUrl = input.evidenceUrl;
    if (input.documentIds?.length) await attachCompletionEvidence(em, viewer, item, input.documentIds, 'input.documentIds');
    return item;
  });
}

/** Recommendations for the viewer: newest first. */
export async function recommendedModules(ctx: HubContext, args: PageArgs): Promise<ConnectionResult<LearningModule>> {
  const userId = planUser(ctx);
  const plan = await ctx.em.findOne(LearningPlan, { user: userId });
  const conditions: ModuleConditions = {
    sql: [
      `m.status = 'PUBLISHED'`,
      'not exists (select 1 from learning_plan_items i where i.user_id = ? and i.module_id = m.id)',
      `not exists (select 1 from learning_module_prerequisites p where p.module_id = m.id and not exists (
         select 1 from learning_plan_items c where c.user_id = ? and c.module_id = p.prerequisite_id and c.completed_at is not null))`,
    ],
    params: [userId, userId],
  };
  if (plan?.audience) {
    conditions.sql.push('? = any(m.audiences)');
    conditions.params.push(plan.audience);
  }
  return pageModules(ctx.em, conditions, args);
}
