/**
 * Demo professional learning: the Collaborative Network Zone's catalogue of
 * PD modules from colleges, regional centers and the state office, with
 * pathways along the educator continuum, a few drafts and pending new
 * versions, and Alex Kim's learning plan.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LearningModuleVersion } from '../modules/learning/learning-module-version.entity';
import { LearningModule } from '../modules/learning/learning-module.entity';
import { LearningModulePrerequisite } from '../modules/learning/learning-prerequisite.entity';
import { LearningPlan, LearningPlanItem } from '../modules/learning/learning-plan.entity';
import { Audience, ModuleStatus, ModuleVersionStatus } from '../modules/learning/learning.enums';
import type { SeededNetwork } from './seeded-network';
import type { DemoModule } from './demo-module';
import { MODULES } from './learning-catalog';

function bodyOf(module: Pick<DemoModule, 'summary' | 'outline' | 'hours' | 'format'>): string {
  const sessions = module.outline.map((item, i) => `${i + 1}. ${item}`).join('\n');
  return `${module.summary}\n\n## Sessions\n${sessions}\n\n## Completing the module\nAbout ${module.hours} hours (${module.format.toLowerCase().replace('_', ' ')}). Submit one artifact from your classroom or placement as evidence.`;
}

/** Seeds the catalogue in pathway order, then Alex Kim's plan. */
export function seedLearning(em: EntityManager, network: SeededNetwork): void {
  const modules = new Map<string, LearningModule>();
  const start = Date.now() - MODULES.length * 3 * 86_400_000;
  MODULES.forEach((demo, i) => {
    const publisher = network.organizations.get(demo.publisher);
    if (!publisher) throw new Error(`demo learning: no organization ${demo.publisher}`);
    const publishedAt = demo.draft ? null : new Date(start + i * 3 * 86_400_000);
    const content = {
      title: demo.title,
      summary: demo.summary,
      body: bodyOf(demo),
      competencies: demo.competencies,
      audiences: demo.audiences,
      format: demo.format,
      durationHours: demo.hours,
      zones: demo.zones,
    };
    const module = em.create(LearningModule, { publisher, ...content, status: demo.draft ? ModuleStatus.DRAFT : ModuleStatus.PUBLISHED, publishedAt });
    modules.set(demo.key, module);
    const prerequisiteIds = (demo.requires ?? []).map((key) => {
      const prerequisite = modules.get(key);
      if (!prerequisite) throw new Error(`demo learning: ${demo.key} requires ${key}, listed later`);
      return prerequisite.id;
    });
    prerequisiteIds.forEach((prerequisite, position) => em.create(LearningModulePrerequisite, { module, prerequisite, position }));
    em.create(LearningModuleVersion, {
      module,
      version: 1,
      ...content,
      prerequisiteIds,
      publishedAt,
      status: demo.draft ? ModuleVersionStatus.DRAFT : ModuleVersionStatus.PUBLISHED,
    });
    if (demo.nextEdition) {
      const next = { ...demo, ...demo.nextEdition };
      em.create(LearningModuleVersion, {
        module,
        version: 2,
        ...content,
        title: next.title,
        summary: next.summary,
        body: bodyOf(next),
        prerequisiteIds,
        status: ModuleVersionStatus.DRAFT,
      });
    }
  });

  const alex = network.users.get('alex.kim@little-dixie.example');
  if (!alex) return;
  em.create(LearningPlan, { user: alex, audience: Audience.NEW_EDUCATOR });
  const plan: Array<[string, { completedDaysAgo?: number; evidenceUrl?: string }]> = [
    ['cbl-foundations', { completedDaysAgo: 40, evidenceUrl: 'https://portfolio.little-dixie.example/akim/cbl-foundations-certificate.pdf' }],
    ['first-year-survival', { completedDaysAgo: 12 }],
    ['unpacking', {}],
    ['family-communication', {}],
  ];
  plan.forEach(([key, progress], i) => {
    em.create(LearningPlanItem, {
      user: alex,
      module: modules.get(key)!,
      createdAt: new Date(Date.now() - (60 - i) * 86_400_000),
      completedAt: progress.completedDaysAgo ? new Date(Date.now() - progress.completedDaysAgo * 86_400_000) : null,
      evidenceUrl: progress.evidenceUrl ?? null,
    });
  });
}
