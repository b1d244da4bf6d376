/**
 * Prerequisites and pathways. The graph is kept acyclic: every change to a
 * module's prerequisites is checked, under one transaction-scoped advisory
 * lock (so two concurrent edits cannot close a cycle between them), against
 * the published edges and the editor's own publisher's pending drafts; each
 * draft is checked again against the published graph when it is published.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import type { HubContext } from '../../graphql/context';
import { BadUserInputError, ConflictError } from '../../errors';
import { expectGlobalId } from '../../domain/global-id';
import { arrayParam, selectRows } from '../../db/select';
import { LearningModule } from './learning-module.entity';
import { LearningModulePrerequisite } from './learning-prerequisite.entity';
import { ModuleStatus } from './learning.enums';
import { canSeeModule } from './learning.visibility';

const GRAPH_LOCK = 4242301;
/** Deeper pathways than this are refused outright (and bound the recursive walks). */
export const MAX_PATHWAY_DEPTH = 50;

/**
 * Decodes and checks the prerequisites named at `input.prerequisiteIds`:
 * existing modules the viewer can see, not archived; duplicates dropped.
 */
export async function resolvePrerequisites(
  em: EntityManager,
  viewer: Viewer,
  globalIds: readonly string[],
  path = 'input.prerequisiteIds',
): Promise<LearningModule[]> {
  const ids = globalIds.map((globalId, i) => expectGlobalId(globalId, 'LearningModule', `${path}[${i}]`));
  const found = new Map((await em.find(LearningModule, { id: { $in: ids } })).map((module) => [module.id, module]));
  const seen = new Set<string>();
  const modules: LearningModule[] = [];
  ids.forEach((id, i) => {
    const module = found.get(id);
    if (!module || !canSeeModule(viewer, module)) throw BadUserInputError.field(`${path}[${i}]`, 'is not a learning module you can see');
    if (module.status === ModuleStatus.ARCHIVED)
      throw BadUserInputError.field(`${path}[${i}]`, `"${module.title}" is archived and cannot become a prerequisite`);
    if (!seen.has(id)) modules.push(module);
    seen.add(id);
  });
  return modules;
}

/**
 * The first of `prerequisites` from which `module` is reachable, over the
 * published edges plus, when `draftsOf` names a publisher, that publisher's
 * own pending drafts (another publisher's drafts neither block nor show: they
 * are checked when they are published). Takes the graph lock for the transaction.
 */
async function closingPrerequisite(
  em: EntityManager,
  module: LearningModule,
  prerequisites: LearningModule[],
  draftsOf: string | null,
): Promise<LearningModule | undefined> {
  await em.execute('select pg_advisory_xact_lock(?)', [GRAPH_LOCK]);
  if (prerequisites.length === 0) return undefined;
  const rows = await selectRows<{ start: string }>(
    em,
    `with recursive edges(module_id, prerequisite_id) as (
       select p.module_id, p.prerequisite_id from learning_module_prerequisites p
       union
       select v.module_id, unnest(v.prerequisite_ids)::uuid from learning_module_versions v
         join learning_modules m on m.id = v.module_id
        where v.status = 'DRAFT' and m.publisher_id = ?
     ), walk(start, id, depth) as (
       select s.start, s.start, 0 from unnest(?::uuid[]) as s(start)
       union
       select w.start, e.prerequisite_id, w.depth + 1 from walk w join edges e on e.module_id = w.id
        where w.id <> ? and w.depth < ?
     )
     select distinct start from walk where id = ?`,
    [draftsOf, arrayParam(prerequisites.map((p) => p.id)), module.id, MAX_PATHWAY_DEPTH * 2, module.id],
  );
  return rows.length ? prerequisites.find((p) => p.id === rows[0].start) : undefined;
}

function cycleMessage(module: LearningModule, closing: LearningModule): string {
  return closing.id === module.id
    ? `"${module.title}" cannot be its own prerequisite`
    : `"${closing.title}" would close a prerequisite cycle: it already requires "${module.title}"`;
}

/**
 * Refuses prerequisites that would close a cycle through `module` (over
 * published edges and its own publisher's drafts), naming the prerequisite
 * that closes it: one the editor named, so one they may read.
 */
export async function assertNoCycle(
  em: EntityManager,
  module: LearningModule,
  prerequisites: LearningModule[],
  globalIds: readonly string[],
  path = 'input.prerequisiteIds',
): Promise<void> {
  const closing = await closingPrerequisite(em, module, prerequisites, module.publisher.id);
  if (!closing) return;
  const index = globalIds.findIndex((globalId) => expectGlobalId(globalId, 'LearningModule', path) === closing.id);
  const message = cycleMessage(module, closing);
  throw new BadUserInputError(`${path}[${index}]: ${message}`, [{ path: `${path}[${index}]`, message }]);
}

/**
 * At publication, refuses a draft whose prerequisites would close a cycle
 * over the published graph (edges published since the draft was checked,
 * e.g. another publisher's): CONFLICT naming the draft's own prerequisite,
 * which is published and so readable by the publisher.
 */
export async function assertPublishableEdges(em: EntityManager, module: LearningModule, prerequisiteIds: readonly string[]): Promise<void> {
  const prerequisites = prerequisiteIds.length ? await em.find(LearningModule, { id: { $in: [...prerequisiteIds] } }) : [];
  const closing = await closingPrerequisite(em, module, prerequisites, null);
  if (closing)
    throw new ConflictError(`${cycleMessage(module, closing)}: change this draft's prerequisites before publishing`, { prerequisiteId: closing.nodeId });
}

/** Replaces the shown version's prerequisite edges. */
export async function replaceEdges(em: EntityManager, module: LearningModule, prerequisiteIds: readonly string[]): Promise<void> {
  await em.nativeDelete(LearningModulePrerequisite, { module: module.id });
  prerequisiteIds.forEach((prerequisiteId, position) => {
    em.create(LearningModulePrerequisite, { module: module.id, prerequisite: prerequisiteId, position });
  });
}

/**
 * Every prerequisite of many modules, direct or not, ordered so each comes
 * after its own prerequisites: one recursive statement for all the modules
 * of a request level. A module comes after another exactly when its longest
 * distance from the root is shorter, which orders any acyclic graph.
 */
export function pathwayIdsOf(ctx: HubContext, moduleId: string): Promise<string[]> {
  return ctx.loaders
    .groupedBy<string>('learningModulePathway', async (em, ids) => {
      const rows = await selectRows<{ root: string; id: string }>(
        em,
        `with recursive walk(root, id, depth) as (
           select p.module_id, p.prerequisite_id, 1 from learning_module_prerequisites p where p.module_id = any(?::uuid[])
           union
           select w.root, p.prerequisite_id, w.depth + 1 from walk w join learning_module_prerequisites p on p.module_id = w.id
            where w.depth < ?
         )
         select w.root, w.id from walk w join learning_modules m on m.id = w.id
          group by w.root, w.id, m.title
          order by w.root, max(w.depth) desc, m.title, w.id`,
        [arrayParam(ids), MAX_PATHWAY_DEPTH],
      );
      return rows.map((row) => [row.root, row.id]);
    })
    .load(moduleId);
}
