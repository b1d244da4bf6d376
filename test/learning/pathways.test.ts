import { describe, expect, it } from 'vitest';
import { ModuleStatus } from '../../src/modules/learning/learning.enums';
import {
  CreateLearningModuleDocument,
  LearningModuleDocument,
  LearningPathwayDocument,
  PublishLearningModuleDocument,
  UpdateLearningModuleDocument,
} from '../generated/graphql';
import { unique } from '../factories';
import { useTestHub } from '../helpers/hub';
import { learningFactories, moduleId } from './factories';

const t = useTestHub();
const make = learningFactories(t);

async function publisherWithModules(count: number) {
  const publisher = await make.buildPublisher();
  const modules = [];
  for (let i = 0; i < count; i++) modules.push(await make.buildModule({ publisher: publisher.organization, title: `${unique('Step')} ${i}` }));
  return { ...publisher, modules };
}

describe('prerequisite cycles', () => {
  it('refuses a prerequisite that closes a cycle with BAD_USER_INPUT naming the module that closes it', async () => {
    const { token, organization } = await make.buildPublisher();
    const a = await make.buildModule({ publisher: organization, title: unique('Foundations of CBL') });
    const b = await make.buildModule({ publisher: organization, title: unique('Learning Targets'), prerequisites: [a] });
    const c = await make.buildModule({ publisher: organization, title: unique('Proficiency Scales'), prerequisites: [b] });

    const result = await t.request(UpdateLearningModuleDocument, { input: { moduleId: moduleId(a), prerequisiteIds: [moduleId(c)] } }, { token });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions?.fields).toEqual([{ path: 'input.prerequisiteIds[0]', message: expect.stringContaining(c.title) }]);
    expect(result.errors?.[0].message).toContain(c.title);

    // Nothing changed: no draft, no edge.
    const after = await t.data(LearningModuleDocument, { id: moduleId(a) }, { token });
    expect(after.learningModule?.draft).toBeNull();
    expect(after.learningModule?.prerequisites).toEqual([]);
  });

  it('refuses a module as its own prerequisite', async () => {
    const { token, organization } = await make.buildPublisher();
    const a = await make.buildModule({ publisher: organization });
    const result = await t.request(UpdateLearningModuleDocument, { input: { moduleId: moduleId(a), prerequisiteIds: [moduleId(a)] } }, { token });
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.prerequisiteIds[0]', message: expect.stringContaining('its own prerequisite') }],
    });
  });

  it("counts pending drafts' prerequisites, so two unpublished edits cannot close a cycle between them", async () => {
    const {
      token,
      modules: [a, b],
    } = await publisherWithModules(2);
    await t.data(UpdateLearningModuleDocument, { input: { moduleId: moduleId(a), prerequisiteIds: [moduleId(b)] } }, { token });
    const result = await t.request(UpdateLearningModuleDocument, { input: { moduleId: moduleId(b), prerequisiteIds: [moduleId(a)] } }, { token });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.prerequisiteIds[0]' }] });
  });

  it('lets only one of two concurrent edits that would close a cycle between them succeed', async () => {
    const {
      token,
      modules: [a, b],
    } = await publisherWithModules(2);
    const results = await Promise.all([
      t.request(UpdateLearningModuleDocument, { input: { moduleId: moduleId(a), prerequisiteIds: [moduleId(b)] } }, { token }),
      t.request(UpdateLearningModuleDocument, { input: { moduleId: moduleId(b), prerequisiteIds: [moduleId(a)] } }, { token }),
    ]);
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.filter((r) => r.errors?.[0].extensions?.code === 'BAD_USER_INPUT').length).toBe(1);
  });

  it('accepts a diamond (shared prerequisites are not a cycle)', async () => {
    const {
      token,
      modules: [a, b, c, d],
    } = await publisherWithModules(4);
    await t.data(UpdateLearningModuleDocument, { input: { moduleId: moduleId(b), prerequisiteIds: [moduleId(a)] } }, { token });
    await t.data(UpdateLearningModuleDocument, { input: { moduleId: moduleId(c), prerequisiteIds: [moduleId(a)] } }, { token });
    const result = await t.request(
      UpdateLearningModuleDocument,
      { input: { moduleId: moduleId(d), prerequisiteIds: [moduleId(b), moduleId(c), moduleId(b)] } },
      { token },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateLearningModule.draft?.prerequisites.map((p) => p.id)).toEqual([moduleId(b), moduleId(c)]);
  });

  it('refuses archived prerequisites and drafts the editor cannot see', async () => {
    const { token, organization } = await make.buildPublisher();
    const archived = await make.buildModule({ status: ModuleStatus.ARCHIVED });
    const hiddenDraft = await make.buildModule({ status: ModuleStatus.DRAFT });
    const a = await make.buildModule({ publisher: organization });
    const result = await t.request(UpdateLearningModuleDocument, { input: { moduleId: moduleId(a), prerequisiteIds: [moduleId(archived)] } }, { token });
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.prerequisiteIds[0]', message: expect.stringContaining('archived') }],
    });
    const hidden = await t.request(UpdateLearningModuleDocument, { input: { moduleId: moduleId(a), prerequisiteIds: [moduleId(hiddenDraft)] } }, { token });
    expect(hidden.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.prerequisiteIds[0]' }] });
  });
});

describe('LearningModule.pathway', () => {
  it('lists every prerequisite, each after its own prerequisites', async () => {
    // e requires d and c; d requires b; c requires b and a; b requires a.
    const { organization } = await make.buildPublisher();
    const a = await make.buildModule({ publisher: organization, title: unique('A') });
    const b = await make.buildModule({ publisher: organization, title: unique('B'), prerequisites: [a] });
    const c = await make.buildModule({ publisher: organization, title: unique('C'), prerequisites: [b, a] });
    const d = await make.buildModule({ publisher: organization, title: unique('D'), prerequisites: [b] });
    const e = await make.buildModule({ publisher: organization, title: unique('E'), prerequisites: [d, c] });

    const { learningModule } = await t.data(LearningPathwayDocument, { id: moduleId(e) });
    const order = learningModule!.pathway.map((m) => m.id);
    expect(order).toHaveLength(4);
    expect(new Set(order)).toEqual(new Set([a, b, c, d].map(moduleId)));
    const position = (m: { id: string }) => order.indexOf(moduleId(m as never));
    for (const [module, prerequisites] of [
      [b, [a]],
      [c, [b, a]],
      [d, [b]],
    ] as const) {
      for (const prerequisite of prerequisites) expect(position(prerequisite)).toBeLessThan(position(module));
    }
    expect((await t.data(LearningPathwayDocument, { id: moduleId(a) })).learningModule?.pathway).toEqual([]);
  });
});

describe('publishing with prerequisites', () => {
  it('refuses to publish a module before its draft prerequisites with CONFLICT, then publishes in order', async () => {
    const { token, publisherId } = await make.buildPublisher();
    const base = { publisherId, summary: 'Summary.', body: 'Body.', audiences: ['PRESERVICE' as const], format: 'SELF_PACED' as const };
    const { createLearningModule: first } = await t.data(CreateLearningModuleDocument, { input: { ...base, title: unique('Competency basics') } }, { token });
    const { createLearningModule: second } = await t.data(
      CreateLearningModuleDocument,
      { input: { ...base, title: unique('Competency next steps'), prerequisiteIds: [first.id] } },
      { token },
    );
    expect(second.prerequisites.map((p) => p.id)).toEqual([first.id]);

    const early = await t.request(PublishLearningModuleDocument, { input: { moduleId: second.id } }, { token });
    expect(early.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(early.errors?.[0].message).toContain(first.title);

    await t.data(PublishLearningModuleDocument, { input: { moduleId: first.id } }, { token });
    const { publishLearningModule } = await t.data(PublishLearningModuleDocument, { input: { moduleId: second.id } }, { token });
    expect(publishLearningModule.prerequisites.map((p) => p.id)).toEqual([first.id]);
  });

  it('keeps the published prerequisites until the draft that changes them is published', async () => {
    const {
      token,
      modules: [a, b, c],
    } = await publisherWithModules(3);
    await t.data(UpdateLearningModuleDocument, { input: { moduleId: moduleId(c), prerequisiteIds: [moduleId(a)] } }, { token });
    await t.data(PublishLearningModuleDocument, { input: { moduleId: moduleId(c) } }, { token });
    await t.data(UpdateLearningModuleDocument, { input: { moduleId: moduleId(c), prerequisiteIds: [moduleId(b)] } }, { token });

    const before = (await t.data(LearningModuleDocument, { id: moduleId(c) }, { token })).learningModule!;
    expect(before.prerequisites.map((p) => p.id)).toEqual([moduleId(a)]);
    expect(before.draft?.prerequisites.map((p) => p.id)).toEqual([moduleId(b)]);

    await t.data(PublishLearningModuleDocument, { input: { moduleId: moduleId(c) } }, { token });
    const after = (await t.data(LearningModuleDocument, { id: moduleId(c) })).learningModule!;
    expect(after.prerequisites.map((p) => p.id)).toEqual([moduleId(b)]);
    expect(after.versions.map((v) => v.prerequisites.map((p) => p.id))).toEqual([[moduleId(b)], [moduleId(a)], []]);
  });
});
