/** Per-request batched reads of professional learning: one statement per request level, never per row. */
import type { GraphQLResolveInfo } from 'graphql';
import type { HubContext } from '../../graphql/context';
import { rowReader } from '../../db/read-rows';
import { objectReads } from '../../graphql/selection-reads';
import { Organization } from '../organizations/organization.entity';
import { LearningModuleVersion } from './learning-module-version.entity';
import { LearningModule } from './learning-module.entity';
import { ModuleVersionStatus } from './learning.enums';
import { canSeeModule, canSeeVersion } from './learning.visibility';
import { pathwayIdsOf } from './learning-pathway.service';

/** A module's publisher (at once when already read and only plain fields of it are selected: `Loaders.reference`). */
export function publisherOf(ctx: HubContext, module: LearningModule, info: GraphQLResolveInfo): Organization | Promise<Organization> {
  return ctx.loaders.reference(Organization, module.publisher.id, info);
}

/** Modules by id, in that order, leaving out those gone or hidden from the viewer. */
export async function visibleModules(ctx: HubContext, ids: readonly string[]): Promise<LearningModule[]> {
  const modules = await ctx.loaders.byId(LearningModule).loadMany([...ids]);
  return modules.filter((m): m is LearningModule => m instanceof LearningModule && canSeeModule(ctx.viewer, m));
}

const PREREQUISITE_LINK = {
  table: 'learning_module_prerequisites',
  parentColumn: 'module_id',
  childColumn: 'prerequisite_id',
  order: 'l.module_id, l.position',
};

/** What `canSeeModule` reads of a module. */
const VISIBILITY_READS = ['status', 'publisher'];

/**
 * The shown version's prerequisites the viewer may see, in the publisher's order: one statement per request level
 * (given the field's `info`, of the columns its selection and the visibility rule read).
 */
export function prerequisitesOf(ctx: HubContext, module: LearningModule, info?: GraphQLResolveInfo): Promise<LearningModule[]> {
  const reads = info ? objectReads(info, LearningModule, rowReader(ctx.em, LearningModule).properties, VISIBILITY_READS) : null;
  return ctx.loaders
    .linkedTo(LearningModule, PREREQUISITE_LINK, reads)
    .load(module.id)
    .then((prerequisites) => visibleOnly(ctx, prerequisites));
}

/** The modules the viewer may see; the same array when that is all of them (most lists: no drafts). */
function visibleOnly(ctx: HubContext, modules: LearningModule[]): LearningModule[] {
  return modules.every((module) => canSeeModule(ctx.viewer, module)) ? modules : modules.filter((module) => canSeeModule(ctx.viewer, module));
}

/** Every prerequisite, direct or not, each after its own. */
export async function pathwayOf(ctx: HubContext, module: LearningModule): Promise<LearningModule[]> {
  return visibleModules(ctx, await pathwayIdsOf(ctx, module.id));
}

/** All versions of many modules, newest first, batched. */
function allVersionsOf(ctx: HubContext, moduleId: string): Promise<LearningModuleVersion[]> {
  return ctx.loaders.childrenOf(LearningModuleVersion, 'module_id', 't.version desc').load(moduleId);
}

/** The history the viewer may see: drafts only for the publisher's members. */
export async function versionsOf(ctx: HubContext, module: LearningModule): Promise<LearningModuleVersion[]> {
  return (await allVersionsOf(ctx, module.id)).filter((version) => canSeeVersion(ctx.viewer, version, module.publisher.id));
}

/** The version being edited, for the publisher's members; null otherwise. */
export async function draftVersionOf(ctx: HubContext, module: LearningModule): Promise<LearningModuleVersion | null> {
  return (await versionsOf(ctx, module)).find((version) => version.status === ModuleVersionStatus.DRAFT) ?? null;
}

/** A version's module, when the viewer may see it. */
export async function moduleOfVersion(ctx: HubContext, version: LearningModuleVersion): Promise<LearningModule | null> {
  const [module] = await visibleModules(ctx, [version.module.id]);
  return module ?? null;
}
