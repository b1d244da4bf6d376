import { describe, expect, it } from 'vitest';
import { Audience, ModuleStatus } from '../../src/modules/learning/learning.enums';
import {
  AddToLearningPlanDocument,
  CompleteLearningModuleDocument,
  CompletedPlanItemsDocument,
  LearningPlanDocument,
  RecommendedLearningModulesDocument,
  RemoveFromLearningPlanDocument,
  SetLearningPlanAudienceDocument,
} from '../generated/graphql';
import { unique } from '../factories';
import { tokenFor, useTestHub } from '../helpers/hub';
import { learningFactories, moduleId } from './factories';

const t = useTestHub();
const make = learningFactories(t);

const educator = async () => tokenFor((await make.buildUser()).email);

describe('Query.learningPlan and plan mutations', () => {
  it('starts empty, adds modules (idempotently), completes one with evidence, and removes one', async () => {
    const token = await educator();
    const a = await make.buildModule({ title: unique('Unpacking competencies') });
    const b = await make.buildModule({ title: unique('Student goal setting') });

    const empty = await t.data(LearningPlanDocument, {}, { token });
    expect(empty.learningPlan).toMatchObject({ audience: null, items: { totalCount: 0 } });

    await t.data(AddToLearningPlanDocument, { input: { moduleId: moduleId(a) } }, { token });
    const again = await t.data(AddToLearningPlanDocument, { input: { moduleId: moduleId(a) } }, { token });
    expect(again.addToLearningPlan).toMatchObject({ completed: false, module: { id: moduleId(a) } });
    await t.data(AddToLearningPlanDocument, { input: { moduleId: moduleId(b) } }, { token });

    const evidenceUrl = 'https://portfolio.example/kim/unpacking.pdf';
    const { completeLearningModule } = await t.data(CompleteLearningModuleDocument, { input: { moduleId: moduleId(a), evidenceUrl } }, { token });
    expect(completeLearningModule).toMatchObject({ completed: true, evidenceUrl });
    expect(completeLearningModule.completedAt).not.toBeNull();

    const plan = await t.data(LearningPlanDocument, {}, { token });
    expect(plan.learningPlan?.items.edges.map((e) => [e.node.module.title, e.node.completed])).toEqual([
      [a.title, true],
      [b.title, false],
    ]);
    const completed = await t.data(CompletedPlanItemsDocument, {}, { token });
    expect(completed.learningPlan?.items.edges.map((e) => e.node.module.title)).toEqual([a.title]);

    const { removeFromLearningPlan } = await t.data(RemoveFromLearningPlanDocument, { input: { moduleId: moduleId(b) } }, { token });
    expect(removeFromLearningPlan.items.edges.map((e) => e.node.module.title)).toEqual([a.title]);
    const missing = await t.request(RemoveFromLearningPlanDocument, { input: { moduleId: moduleId(b) } }, { token });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('completes a module not yet in the plan, adding it', async () => {
    const token = await educator();
    const module = await make.buildModule();
    await t.data(CompleteLearningModuleDocument, { input: { moduleId: moduleId(module) } }, { token });
    const plan = await t.data(LearningPlanDocument, {}, { token });
    expect(plan.learningPlan?.items.edges).toEqual([expect.objectContaining({ node: expect.objectContaining({ completed: true, evidenceUrl: null }) })]);
  });

  it('refuses drafts (NOT_FOUND to outsiders), archived modules and non-http evidence links', async () => {
    const token = await educator();
    const draft = await make.buildModule({ status: ModuleStatus.DRAFT });
    const archived = await make.buildModule({ status: ModuleStatus.ARCHIVED });
    const published = await make.buildModule();
    expect((await t.request(AddToLearningPlanDocument, { input: { moduleId: moduleId(draft) } }, { token })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await t.request(AddToLearningPlanDocument, { input: { moduleId: moduleId(archived) } }, { token })).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.moduleId' }],
    });
    const badUrl = await t.request(CompleteLearningModuleDocument, { input: { moduleId: moduleId(published), evidenceUrl: 'javascript:alert(1)' } }, { token });
    expect(badUrl.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.evidenceUrl' }] });
  });

  it('answers null for anonymous readers and refuses their changes with UNAUTHENTICATED', async () => {
    const module = await make.buildModule();
    expect((await t.data(LearningPlanDocument, {})).learningPlan).toBeNull();
    expect((await t.request(AddToLearningPlanDocument, { input: { moduleId: moduleId(module) } })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.request(SetLearningPlanAudienceDocument, { input: { audience: 'NEW_EDUCATOR' } })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.request(RecommendedLearningModulesDocument, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('LearningPlan.recommended', () => {
  it('recommends published modules for the audience whose prerequisites are completed, not already in the plan', async () => {
    const token = await educator();
    await t.data(SetLearningPlanAudienceDocument, { input: { audience: 'NEW_EDUCATOR' } }, { token });
    const { organization } = await make.buildPublisher();
    const tag = unique('Rec');
    const build = (name: string, audiences: Audience[], extra: Parameters<typeof make.buildModule>[0] = {}) =>
      make.buildModule({ publisher: organization, title: `${tag} ${name}`, audiences, ...extra });

    const intro = await build('intro', [Audience.NEW_EDUCATOR, Audience.PRESERVICE]);
    const next = await build('next', [Audience.NEW_EDUCATOR], { prerequisites: [intro] });
    await build('leaders only', [Audience.SCHOOL_LEADER]);
    await build('draft', [Audience.NEW_EDUCATOR], { status: ModuleStatus.DRAFT });
    await build('archived', [Audience.NEW_EDUCATOR], { status: ModuleStatus.ARCHIVED });
    const planned = await build('already planned', [Audience.NEW_EDUCATOR]);
    await t.data(AddToLearningPlanDocument, { input: { moduleId: moduleId(planned) } }, { token });

    const mine = async () =>
      (await t.data(LearningPlanDocument, { first: 100 }, { token }))
        .learningPlan!.recommended.edges.map((e) => e.node.title)
        .filter((title) => title.startsWith(tag));
    expect(await mine()).toEqual([`${tag} intro`]);

    // Adding intro to the plan is not completing it: next stays locked, intro leaves the list.
    await t.data(AddToLearningPlanDocument, { input: { moduleId: moduleId(intro) } }, { token });
    expect(await mine()).toEqual([]);
    await t.data(CompleteLearningModuleDocument, { input: { moduleId: moduleId(intro) } }, { token });
    expect(await mine()).toEqual([`${tag} next`]);
    expect(next.id).toBeTruthy();

    // Moving along the continuum changes what is recommended.
    await t.data(SetLearningPlanAudienceDocument, { input: { audience: 'SCHOOL_LEADER' } }, { token });
    expect(await mine()).toEqual([`${tag} leaders only`]);
    // No place set: every audience.
    const { setLearningPlanAudience } = await t.data(SetLearningPlanAudienceDocument, { input: { audience: null } }, { token });
    expect(setLearningPlanAudience.audience).toBeNull();
    expect((await mine()).sort()).toEqual([`${tag} leaders only`, `${tag} next`]);

    const root = await t.data(RecommendedLearningModulesDocument, { first: 100 }, { token });
    expect(
      root.recommendedLearningModules.edges
        .map((e) => e.node.title)
        .filter((title) => title.startsWith(tag))
        .sort(),
    ).toEqual([`${tag} leaders only`, `${tag} next`]);
  });
});
