/**
 * Another publisher's unpublished draft neither blocks nor shows in a
 * prerequisite edit; it is checked when it is published. A never-published
 * module can be deleted by its publisher's editors.
 */
import { describe, expect, it } from 'vitest';
import { MemberRole } from '../../src/domain/enums';
import { ModuleStatus } from '../../src/modules/learning/learning.enums';
import { DeleteLearningModuleDraftDocument, LearningModuleDocument, PublishLearningModuleDocument, UpdateLearningModuleDocument } from '../generated/graphql';
import { unique } from '../factories';
import { useTestHub } from '../helpers/hub';
import { learningFactories, moduleId } from './factories';

const t = useTestHub();
const make = learningFactories(t);

describe("prerequisite cycles through another publisher's draft", () => {
  it('neither blocks nor reveals the draft, and refuses its publication with CONFLICT naming only its own prerequisite', async () => {
    const college = await make.buildPublisher();
    const region = await make.buildPublisher();
    const a = await make.buildModule({ publisher: college.organization, title: unique('Foundations') });
    const x = await make.buildModule({ publisher: region.organization, title: unique('Regional Practice') });
    const secret = unique('Unannounced draft title');
    // The region drafts X requiring A (unpublished: the college cannot see it).
    await t.data(UpdateLearningModuleDocument, { input: { moduleId: moduleId(x), title: secret, prerequisiteIds: [moduleId(a)] } }, { token: region.token });

    const edit = await t.request(UpdateLearningModuleDocument, { input: { moduleId: moduleId(a), prerequisiteIds: [moduleId(x)] } }, { token: college.token });
    expect(edit.errors).toBeUndefined();
    await t.data(PublishLearningModuleDocument, { input: { moduleId: moduleId(a) } }, { token: college.token });

    // Now A requires X, published: the region's draft would close the cycle.
    const publish = await t.request(PublishLearningModuleDocument, { input: { moduleId: moduleId(x) } }, { token: region.token });
    expect(publish.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(publish.errors?.[0].message).toContain(a.title);
    expect(JSON.stringify(publish.errors)).not.toContain(secret);
    const shown = await t.data(LearningModuleDocument, { id: moduleId(x) }, { token: region.token });
    expect(shown.learningModule?.prerequisites).toEqual([]);
  });

  it("still counts the editor's own publisher's drafts", async () => {
    const { token, organization } = await make.buildPublisher();
    const a = await make.buildModule({ publisher: organization });
    const b = await make.buildModule({ publisher: organization });
    await t.data(UpdateLearningModuleDocument, { input: { moduleId: moduleId(a), prerequisiteIds: [moduleId(b)] } }, { token });
    const result = await t.request(UpdateLearningModuleDocument, { input: { moduleId: moduleId(b), prerequisiteIds: [moduleId(a)] } }, { token });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('Mutation.deleteLearningModuleDraft', () => {
  it('deletes a never-published module for its publisher, after which it is gone', async () => {
    const { token, organization } = await make.buildPublisher();
    const draft = await make.buildModule({ publisher: organization, status: ModuleStatus.DRAFT });
    const deleted = await t.data(DeleteLearningModuleDraftDocument, { input: { moduleId: moduleId(draft) } }, { token });
    expect(deleted.deleteLearningModuleDraft).toBe(moduleId(draft));
    expect((await t.data(LearningModuleDocument, { id: moduleId(draft) }, { token })).learningModule).toBeNull();
  });

  it('refuses published modules, viewers of the publisher, outsiders, and a draft another draft requires', async () => {
    const { token, organization } = await make.buildPublisher();
    const published = await make.buildModule({ publisher: organization });
    const draft = await make.buildModule({ publisher: organization, status: ModuleStatus.DRAFT });
    const viewer = await make.buildPublisher(undefined, MemberRole.VIEWER);
    await make.buildMember({ organization, user: viewer.user, role: MemberRole.VIEWER });
    const outsider = await make.buildPublisher();
    const attempt = (id: string, as: string) => t.request(DeleteLearningModuleDraftDocument, { input: { moduleId: id } }, { token: as });

    expect((await attempt(moduleId(published), token)).errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect((await attempt(moduleId(draft), viewer.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await attempt(moduleId(draft), outsider.token)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const requiring = await make.buildModule({ publisher: organization, status: ModuleStatus.DRAFT, title: unique('Next step'), prerequisites: [] });
    await t.data(UpdateLearningModuleDocument, { input: { moduleId: moduleId(requiring), prerequisiteIds: [moduleId(draft)] } }, { token });
    const blocked = await attempt(moduleId(draft), token);
    expect(blocked.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await t.data(LearningModuleDocument, { id: moduleId(draft) }, { token })).learningModule?.id).toBe(moduleId(draft));
  });
});
