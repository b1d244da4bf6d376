/**
 * Publishing learning modules: create, edit (a published module is edited
 * through a new draft version), publish, archive. Each command runs in one
 * transaction with the module row locked; publication events go out after
 * the commit.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import type { HubContext } from '../../graphql/context';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../errors';
import { expectGlobalId } from '../../domain/global-id';
import { writeTransaction } from '../../graphql/write-transaction';
import { notifyNewVersion } from './learning.notifications';
import { Organization } from '../organizations/organization.entity';
import type { LearningContent } from './learning-content.entity';
import { LearningModuleVersion } from './learning-module-version.entity';
import { LearningModule } from './learning-module.entity';
import { modulePublishedTopic, type ModulePublishedPayload } from './learning.events';
import { ModuleStatus, ModuleVersionStatus } from './learning.enums';
import type { CreateLearningModuleInput, LearningModuleRefInput, UpdateLearningModuleInput } from './learning.inputs';
import { normalizeTags } from '../../text/normalize';
import { canSeeModule } from './learning.visibility';
import { selectRows } from '../../db/select';
import { assertNoCycle, assertPublishableEdges, replaceEdges, resolvePrerequisites } from './learning-pathway.service';

type Content = Pick<LearningContent, 'title' | 'summary' | 'body' | 'competencies' | 'audiences' | 'format' | 'durationHours' | 'zones'>;

function contentOf(source: Content): Content {
  const { title, summary, body, competencies, audiences, format, durationHours, zones } = source;
  return { title, summary, body, competencies: [...competencies], audiences: [...audiences], format, durationHours, zones: [...zones] };
}

function publisherTarget(publisher: Organization) {
  return { organizationId: publisher.id, organizationKind: publisher.kind };
}

/** A module by global id, visible to the viewer, or NOT_FOUND. */
export async function getModule(em: EntityManager, viewer: Viewer, globalId: string, path: string, lock = false): Promise<LearningModule> {
  const id = expectGlobalId(globalId, 'LearningModule', path);
  const module = await em.findOne(LearningModule, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!module || !canSeeModule(viewer, module)) throw new NotFoundError('Learning module');
  return module;
}

/** Locks a module for a change by one of its publisher's editors (`rule`: what the change is, for the policy). */
async function moduleForEdit(
  em: EntityManager,
  viewer: Viewer,
  globalId: string,
  rule: 'learningModule.edit' | 'learningModule.deleteDraft' = 'learningModule.edit',
): Promise<{ module: LearningModule; publisher: Organization }> {
  const module = await getModule(em, viewer, globalId, 'input.moduleId', true);
  const publisher = await em.findOneOrFail(Organization, { id: module.publisher.id });
  authorize(viewer, rule, publisherTarget(publisher));
  return { module, publisher };
}

function draftOf(em: EntityManager, module: LearningModule): Promise<LearningModuleVersion | null> {
  return em.findOne(LearningModuleVersion, { module, status: ModuleVersionStatus.DRAFT });
}

/** Publishers' owners and editors create a module: a DRAFT, version 1. */
export async function createLearningModule(ctx: HubContext, input: CreateLearningModuleInput): Promise<LearningModule> {
  const publisherId = expectGlobalId(input.publisherId, 'Organization', 'input.publisherId');
  return writeTransaction(ctx, async (em, viewer) => {
    const publisher = await em.findOne(Organization, { id: publisherId });
    if (!publisher) throw new NotFoundError('Organization');
    authorize(viewer, 'learningModule.create', publisherTarget(publisher));
    const prerequisites = await resolvePrerequisites(em, viewer, input.prerequisiteIds ?? []);
    const content: Content = {
      title: input.title,
      summary: input.summary,
      body: input.body,
      competencies: normalizeTags(input.competencies ?? []),
      audiences: [...new Set(input.audiences)],
      format: input.format,
      durationHours: input.durationHours ?? null,
      zones: [...new Set(input.zones ?? [])],
    };
    const module = em.create(LearningModule, { publisher, ...content });
    const prerequisiteIds = prerequisites.map((p) => p.id);
    em.create(LearningModuleVersion, { module, version: 1, ...content, prerequisiteIds });
    await assertNoCycle(em, module, prerequisites, input.prerequisiteIds ?? []);
    await em.flush();
    await replaceEdges(em, module, prerequisiteIds);
    return module;
  });
}

function applyChanges(target: Content, input: UpdateLearningModuleInput): void {
  if (input.title != null) target.title = input.title;
  if (input.summary != null) target.summary = input.summary;
  if (input.body != null) target.body = input.body;
  if (input.competencies != null) target.competencies = normalizeTags(input.competencies);
  if (input.audiences != null) target.audiences = [...new Set(input.audiences)];
  if (input.format != null) target.format = input.format;
  if (input.durationHours !== undefined) target.durationHours = input.durationHours;
  if (input.zones != null) target.zones = [...new Set(input.zones)];
}

/**
 * Edits a module. A never-published draft changes in place; a published
 * module gets (or keeps editing) a new draft version, and what the public
 * sees stays the published version until that draft is published.
 */
export async function updateLearningModule(ctx: HubContext, input: UpdateLearningModuleInput): Promise<LearningModule> {
  return writeTransaction(ctx, async (em, viewer) => {
    const { module } = await moduleForEdit(em, viewer, input.moduleId);
    if (module.status === ModuleStatus.ARCHIVED) throw new InvalidTransitionError('An archived learning module', 'ARCHIVED', 'DRAFT');
    let draft = await draftOf(em, module);
    if (!draft) {
      const prerequisiteIds = await prerequisiteIdsFromEdges(em, module);
      draft = em.create(LearningModuleVersion, { module, version: module.version + 1, ...contentOf(module), prerequisiteIds });
    }
    applyChanges(draft, input);
    if (input.prerequisiteIds != null) {
      const prerequisites = await resolvePrerequisites(em, viewer, input.prerequisiteIds);
      await assertNoCycle(em, module, prerequisites, input.prerequisiteIds);
      draft.prerequisiteIds = prerequisites.map((p) => p.id);
    }
    if (module.status === ModuleStatus.DRAFT) {
      applyChanges(module, input);
      if (input.prerequisiteIds != null) {
        await em.flush();
        await replaceEdges(em, module, draft.prerequisiteIds);
      }
    }
    return module;
  });
}

async function prerequisiteIdsFromEdges(em: EntityManager, module: LearningModule): Promise<string[]> {
  const rows = await selectRows<{ prerequisite_id: string }>(
    em,
    'select prerequisite_id from learning_module_prerequisites where module_id = ? order by position',
    [module.id],
  );
  return rows.map((row) => row.prerequisite_id);
}

/** Prerequisites must be public before the module that requires them is. */
async function assertPrerequisitesPublished(em: EntityManager, prerequisiteIds: readonly string[]): Promise<void> {
  if (prerequisiteIds.length === 0) return;
  const unpublished = await em.find(LearningModule, { id: { $in: [...prerequisiteIds] }, status: ModuleStatus.DRAFT });
  if (unpublished.length) {
    throw new ConflictError(`Publish its prerequisite "${unpublished[0].title}" first`, { prerequisiteId: unpublished[0].nodeId });
  }
}

/**
 * Makes the draft version the public one (the module's first publication, or
 * a new version replacing the published one), or brings an archived module
 * back. Subscribers hear of each newly published version.
 */
export async function publishLearningModule(ctx: HubContext, input: LearningModuleRefInput): Promise<LearningModule> {
  const published: ModulePublishedPayload[] = [];
  const module = await writeTransaction(ctx, async (em, viewer) => {
    const { module } = await moduleForEdit(em, viewer, input.moduleId);
    const draft = await draftOf(em, module);
    if (!draft) {
      if (module.status !== ModuleStatus.ARCHIVED)
        throw new InvalidTransitionError('A learning module with no new draft version', module.status, ModuleStatus.PUBLISHED);
      module.status = ModuleStatus.PUBLISHED;
      module.archivedAt = null;
      return module;
    }
    await assertPrerequisitesPublished(em, draft.prerequisiteIds);
    await assertPublishableEdges(em, module, draft.prerequisiteIds);
    const now = new Date();
    if (draft.version > 1) {
      await em.nativeUpdate(LearningModuleVersion, { module, status: ModuleVersionStatus.PUBLISHED }, { status: ModuleVersionStatus.SUPERSEDED });
    }
    draft.status = ModuleVersionStatus.PUBLISHED;
    draft.publishedAt = now;
    Object.assign(module, contentOf(draft), { status: ModuleStatus.PUBLISHED, version: draft.version, publishedAt: now, archivedAt: null });
    await em.flush();
    await replaceEdges(em, module, draft.prerequisiteIds);
    await notifyNewVersion(em, module, draft.version, viewer.userId);
    published.push({ moduleId: module.id, version: draft.version });
    return module;
  });
  for (const event of published) modulePublishedTopic.publish(ctx.pubsub, event);
  return module;
}

/**
 * Deletes a module that was never published (its versions with it), for its
 * publisher's owners and editors; returns its global id. Archiving is for
 * published modules, which stay resolvable by id: an archived draft would
 * become readable by everyone. CONFLICT while another draft requires it.
 */
export async function deleteLearningModuleDraft(ctx: HubContext, input: LearningModuleRefInput): Promise<string> {
  return writeTransaction(ctx, async (em, viewer) => {
    const { module } = await moduleForEdit(em, viewer, input.moduleId, 'learningModule.deleteDraft');
    if (module.status !== ModuleStatus.DRAFT) {
      throw new InvalidTransitionError('A learning module that has been published (archive it instead)', module.status, 'DELETED');
    }
    // Only its own publisher's drafts can name a draft as a prerequisite (nobody else can see it).
    const [requiring] = await selectRows<{ title: string }>(
      em,
      "select v.title from learning_module_versions v where v.status = 'DRAFT' and v.module_id <> ? and ?::text = any(v.prerequisite_ids) limit 1",
      [module.id, module.id],
    );
    if (requiring) throw new ConflictError(`The draft "${requiring.title}" requires this module: remove it there first`);
    const id = module.nodeId;
    await em.nativeDelete(LearningModule, { id: module.id });
    return id;
  });
}

/** Hides a published module from discovery; it stays resolvable by id. */
export async function archiveLearningModule(ctx: HubContext, input: LearningModuleRefInput): Promise<LearningModule> {
  return writeTransaction(ctx, async (em, viewer) => {
    const { module } = await moduleForEdit(em, viewer, input.moduleId);
    if (module.status !== ModuleStatus.PUBLISHED) throw new InvalidTransitionError('A learning module', module.status, ModuleStatus.ARCHIVED);
    module.status = ModuleStatus.ARCHIVED;
    module.archivedAt = new Date();
    return module;
  });
}
