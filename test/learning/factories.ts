/**
 * Learning modules built straight through the ORM (published or not, with
 * prerequisites), and publishers with a member, for tests that need many.
 */
import { MemberRole, OrganizationKind, type Zone } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import { LearningModuleVersion } from '../../src/modules/learning/learning-module-version.entity';
import { LearningModule } from '../../src/modules/learning/learning-module.entity';
import { LearningModulePrerequisite } from '../../src/modules/learning/learning-prerequisite.entity';
import { Audience, DeliveryFormat, ModuleStatus, ModuleVersionStatus } from '../../src/modules/learning/learning.enums';
import type { Organization } from '../../src/modules/organizations/organization.entity';
import { factories, ormOf, unique, type OrmSource } from '../factories';
import { tokenFor } from '../helpers/hub';

export interface ModuleOverrides {
  publisher?: Organization;
  title?: string;
  summary?: string;
  body?: string;
  competencies?: string[];
  audiences?: Audience[];
  format?: DeliveryFormat;
  zones?: Zone[];
  status?: ModuleStatus;
  publishedAt?: Date;
  prerequisites?: LearningModule[];
}

export function learningFactories(orm: OrmSource) {
  const base = factories(orm);
  let clock = Date.now();

  /** An organization of `kind` and a member with `role`, with a token. */
  async function buildPublisher(kind = OrganizationKind.HIGHER_ED, role = MemberRole.EDITOR) {
    const { organization, user } = await base.buildMember({ kind, role });
    return { organization, user, token: await tokenFor(user.email), publisherId: toGlobalId('Organization', organization.id) };
  }

  /** A module (PUBLISHED unless told), version 1, with its prerequisite edges. */
  async function buildModule(overrides: ModuleOverrides = {}): Promise<LearningModule> {
    const publisher = overrides.publisher ?? (await base.buildOrganization({ kind: OrganizationKind.HIGHER_ED }));
    const status = overrides.status ?? ModuleStatus.PUBLISHED;
    // Distinct millisecond times keep recency order deterministic.
    const publishedAt = status === ModuleStatus.DRAFT ? null : (overrides.publishedAt ?? new Date((clock += 1000)));
    const content = {
      title: overrides.title ?? unique('Module'),
      summary: overrides.summary ?? 'A short summary.',
      body: overrides.body ?? 'The body of the module.',
      competencies: overrides.competencies ?? [],
      audiences: overrides.audiences ?? [Audience.NEW_EDUCATOR],
      format: overrides.format ?? DeliveryFormat.VIRTUAL,
      zones: overrides.zones ?? [],
    };
    const em = ormOf(orm).em.fork();
    const module = em.create(LearningModule, { publisher: publisher.id, ...content, status, publishedAt });
    const prerequisiteIds = (overrides.prerequisites ?? []).map((p) => p.id);
    em.create(LearningModuleVersion, {
      module,
      version: 1,
      ...content,
      prerequisiteIds,
      status: status === ModuleStatus.DRAFT ? ModuleVersionStatus.DRAFT : ModuleVersionStatus.PUBLISHED,
      publishedAt,
    });
    prerequisiteIds.forEach((prerequisite, position) => em.create(LearningModulePrerequisite, { module, prerequisite, position }));
    await em.flush();
    return module;
  }

  return { ...base, buildPublisher, buildModule };
}

export const moduleId = (module: LearningModule) => toGlobalId('LearningModule', module.id);
