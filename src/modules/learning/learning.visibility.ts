/** Who sees which learning modules, through the policy module (no queries). */
import { can } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { ModuleStatus, ModuleVersionStatus } from './learning.enums';
import type { LearningModule } from './learning-module.entity';
import type { LearningModuleVersion } from './learning-module-version.entity';

/** Drafts belong to the publisher's members; published and archived modules are public. */
export function canSeeModule(viewer: Viewer, module: Pick<LearningModule, 'status' | 'publisher'>): boolean {
  return module.status !== ModuleStatus.DRAFT || can(viewer, 'learningModule.readDraft', { organizationId: module.publisher.id });
}

/** A draft version is seen only by the publisher's members, like a draft module. */
export function canSeeVersion(viewer: Viewer, version: LearningModuleVersion, publisherId: string): boolean {
  return version.status !== ModuleVersionStatus.DRAFT || can(viewer, 'learningModule.readDraft', { organizationId: publisherId });
}
