import { describe, expect, it } from 'vitest';
import { MemberRole, OrganizationKind } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import {
  ArchiveLearningModuleDocument,
  CreateLearningModuleDocument,
  LearningModuleDocument,
  LearningModuleNodeDocument,
  LearningModulesDocument,
  OrganizationModulesDocument,
  PublishLearningModuleDocument,
  UpdateLearningModuleDocument,
  type CreateLearningModuleInput,
} from '../generated/graphql';
import { unique } from '../factories';
import { tokenFor, useTestHub } from '../helpers/hub';
import { learningFactories } from './factories';

const t = useTestHub();
const make = learningFactories(t);

const draftInput = (publisherId: string, overrides: Partial<CreateLearningModuleInput> = {}): CreateLearningModuleInput => ({
  publisherId,
  title: unique('Assessment for Learning'),
  summary: 'Design common formative assessments aligned to competencies.',
  body: '## Week 1\nUnpack a competency into learning targets.',
  competencies: ['  Assessment Literacy ', 'assessment literacy', 'Learning  Targets'],
  audiences: ['NEW_EDUCATOR', 'VETERAN_EDUCATOR'],
  format: 'VIRTUAL',
  durationHours: 6,
  zones: ['INNOVATIVE_LEARNING_DESIGN'],
  ...overrides,
});

describe('Mutation.createLearningModule', () => {
  it.each([
    [OrganizationKind.HIGHER_ED, MemberRole.EDITOR],
    [OrganizationKind.REGIONAL, MemberRole.OWNER],
    [OrganizationKind.STATE_AGENCY, MemberRole.EDITOR],
  ])('lets a %s %s create a draft with normalized competencies', async (kind, role) => {
    const { token, publisherId } = await make.buildPublisher(kind, role);
    const { createLearningModule: module } = await t.data(CreateLearningModuleDocument, { input: draftInput(publisherId) }, { token });
    expect(module).toMatchObject({
      status: 'DRAFT',
      version: 1,
      publishedAt: null,
      competencies: ['assessment literacy', 'learning targets'],
      audiences: ['NEW_EDUCATOR', 'VETERAN_EDUCATOR'],
      durationHours: 6,
      publisher: { id: publisherId },
    });
  });

  it.each([
    [OrganizationKind.BUSINESS, MemberRole.OWNER],
    [OrganizationKind.DISTRICT, MemberRole.OWNER],
    [OrganizationKind.HIGHER_ED, MemberRole.VIEWER],
  ])('refuses a %s %s with FORBIDDEN', async (kind, role) => {
    const { token, publisherId } = await make.buildPublisher(kind, role);
    const result = await t.request(CreateLearningModuleDocument, { input: draftInput(publisherId) }, { token });
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses editors of another organization with FORBIDDEN, and anonymous callers with UNAUTHENTICATED', async () => {
    const { publisherId } = await make.buildPublisher();
    const other = await make.buildPublisher();
    expect((await t.request(CreateLearningModuleDocument, { input: draftInput(publisherId) }, { token: other.token })).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await t.request(CreateLearningModuleDocument, { input: draftInput(publisherId) })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses blank titles, missing audiences and foreign ids as BAD_USER_INPUT naming the fields', async () => {
    const { token, publisherId } = await make.buildPublisher();
    const blank = await t.request(CreateLearningModuleDocument, { input: draftInput(publisherId, { title: '  ', audiences: [] }) }, { token });
    expect(blank.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(blank.errors?.[0].extensions?.fields?.map((f) => f.path)).toEqual(expect.arrayContaining(['input.title', 'input.audiences']));

    const foreign = await t.request(CreateLearningModuleDocument, { input: draftInput(toGlobalId('User', '00000000-0000-4000-8000-000000000000')) }, { token });
    expect(foreign.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.publisherId' }] });
  });
});

describe('draft visibility', () => {
  it('shows a draft only to members of the publisher: by id, through node, and in Organization.modules', async () => {
    const { organization, token, publisherId } = await make.buildPublisher();
    const viewerMember = await make.buildMember({ organization, role: MemberRole.VIEWER });
    const memberToken = await tokenFor(viewerMember.user.email);
    const outsider = await tokenFor((await make.buildUser()).email);
    const { createLearningModule: draft } = await t.data(CreateLearningModuleDocument, { input: draftInput(publisherId) }, { token });

    expect((await t.data(LearningModuleDocument, { id: draft.id }, { token: memberToken })).learningModule?.title).toBe(draft.title);
    expect((await t.data(LearningModuleNodeDocument, { id: draft.id }, { token: memberToken })).node).toMatchObject({ title: draft.title });
    for (const options of [{}, { token: outsider }]) {
      expect((await t.data(LearningModuleDocument, { id: draft.id }, options)).learningModule).toBeNull();
      expect((await t.data(LearningModuleNodeDocument, { id: draft.id }, options)).node).toBeNull();
      const listed = await t.data(OrganizationModulesDocument, { slug: organization.slug }, options);
      expect(listed.organization?.modules.totalCount).toBe(0);
      const drafts = await t.data(OrganizationModulesDocument, { slug: organization.slug, status: 'DRAFT' }, options);
      expect(drafts.organization?.modules.edges).toEqual([]);
    }
    const own = await t.data(OrganizationModulesDocument, { slug: organization.slug, status: 'DRAFT' }, { token: memberToken });
    expect(own.organization?.modules.edges.map((e) => e.node.id)).toEqual([draft.id]);

    const search = await t.data(LearningModulesDocument, { filter: { publisherId } }, { token });
    expect(search.learningModules.totalCount).toBe(0);
  });

  it('refuses edits of a draft by outsiders as NOT_FOUND (they cannot know it exists)', async () => {
    const { token, publisherId } = await make.buildPublisher();
    const outsider = await make.buildPublisher();
    const { createLearningModule: draft } = await t.data(CreateLearningModuleDocument, { input: draftInput(publisherId) }, { token });
    const result = await t.request(UpdateLearningModuleDocument, { input: { moduleId: draft.id, title: 'Hijacked title' } }, { token: outsider.token });
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('Mutation.publishLearningModule and versions', () => {
  it('makes the draft public, to anonymous readers too, and announces nothing twice', async () => {
    const { token, publisherId } = await make.buildPublisher();
    const { createLearningModule: draft } = await t.data(CreateLearningModuleDocument, { input: draftInput(publisherId) }, { token });
    const { publishLearningModule: published } = await t.data(PublishLearningModuleDocument, { input: { moduleId: draft.id } }, { token });
    expect(published).toMatchObject({ status: 'PUBLISHED', version: 1 });
    expect(published.publishedAt).not.toBeNull();

    const anonymous = await t.data(LearningModuleDocument, { id: draft.id });
    expect(anonymous.learningModule).toMatchObject({ title: draft.title, status: 'PUBLISHED' });
    expect((await t.data(LearningModulesDocument, { filter: { publisherId } })).learningModules.edges.map((e) => e.node.id)).toEqual([draft.id]);

    const again = await t.request(PublishLearningModuleDocument, { input: { moduleId: draft.id } }, { token });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'PUBLISHED', to: 'PUBLISHED' });
  });

  it('edits a published module through a new draft version; the public keeps the published one until it is published', async () => {
    const { token, publisherId } = await make.buildPublisher();
    const { createLearningModule: draft } = await t.data(CreateLearningModuleDocument, { input: draftInput(publisherId) }, { token });
    await t.data(PublishLearningModuleDocument, { input: { moduleId: draft.id } }, { token });

    const { updateLearningModule: edited } = await t.data(
      UpdateLearningModuleDocument,
      { input: { moduleId: draft.id, title: 'Assessment for Learning, second edition', competencies: ['Feedback'] } },
      { token },
    );
    expect(edited).toMatchObject({ title: draft.title, version: 1, status: 'PUBLISHED' });
    expect(edited.draft).toMatchObject({
      version: 2,
      status: 'DRAFT',
      title: 'Assessment for Learning, second edition',
      competencies: ['feedback'],
      body: draft.body,
    });

    // A second edit keeps working on the same draft version.
    await t.data(UpdateLearningModuleDocument, { input: { moduleId: draft.id, summary: 'Revised summary.' } }, { token });

    const publicView = (await t.data(LearningModuleDocument, { id: draft.id })).learningModule!;
    expect(publicView).toMatchObject({ title: draft.title, summary: draft.summary, version: 1, draft: null });
    expect(publicView.versions.map((v) => [v.version, v.status])).toEqual([[1, 'PUBLISHED']]);

    const memberView = (await t.data(LearningModuleDocument, { id: draft.id }, { token })).learningModule!;
    expect(memberView.versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'DRAFT'],
      [1, 'PUBLISHED'],
    ]);
    expect(memberView.draft).toMatchObject({ version: 2, summary: 'Revised summary.', title: 'Assessment for Learning, second edition' });

    const { publishLearningModule: v2 } = await t.data(PublishLearningModuleDocument, { input: { moduleId: draft.id } }, { token });
    expect(v2).toMatchObject({ version: 2, title: 'Assessment for Learning, second edition', summary: 'Revised summary.', competencies: ['feedback'] });

    const history = (await t.data(LearningModuleDocument, { id: draft.id })).learningModule!;
    expect(history.draft).toBeNull();
    expect(history.versions.map((v) => [v.version, v.status, v.title])).toEqual([
      [2, 'PUBLISHED', 'Assessment for Learning, second edition'],
      [1, 'SUPERSEDED', draft.title],
    ]);
    // The first published version is unchanged: a published version is immutable.
    expect(history.versions[1]).toMatchObject({ summary: draft.summary, competencies: draft.competencies });
    const v1 = await t.data(LearningModuleNodeDocument, { id: history.versions[1].id });
    expect(v1.node).toMatchObject({ version: 1, versionStatus: 'SUPERSEDED', title: draft.title });
  });

  it('hides draft versions from node(id) for outsiders', async () => {
    const { token, publisherId } = await make.buildPublisher();
    const { createLearningModule: draft } = await t.data(CreateLearningModuleDocument, { input: draftInput(publisherId) }, { token });
    await t.data(PublishLearningModuleDocument, { input: { moduleId: draft.id } }, { token });
    const { updateLearningModule } = await t.data(UpdateLearningModuleDocument, { input: { moduleId: draft.id, title: 'Next edition' } }, { token });
    const draftVersionId = updateLearningModule.draft!.id;
    expect((await t.data(LearningModuleNodeDocument, { id: draftVersionId })).node).toBeNull();
    expect((await t.data(LearningModuleNodeDocument, { id: draftVersionId }, { token })).node).toMatchObject({ title: 'Next edition', versionStatus: 'DRAFT' });
  });

  it('refuses publishing by a business owner with FORBIDDEN, even for a published module', async () => {
    const module = await make.buildModule();
    const business = await make.buildPublisher(OrganizationKind.BUSINESS, MemberRole.OWNER);
    const result = await t.request(PublishLearningModuleDocument, { input: { moduleId: toGlobalId('LearningModule', module.id) } }, { token: business.token });
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('Mutation.archiveLearningModule', () => {
  it('hides an archived module from discovery but keeps it resolvable by id; publishing restores it', async () => {
    const { token, publisherId } = await make.buildPublisher();
    const { createLearningModule: draft } = await t.data(CreateLearningModuleDocument, { input: draftInput(publisherId) }, { token });

    const tooEarly = await t.request(ArchiveLearningModuleDocument, { input: { moduleId: draft.id } }, { token });
    expect(tooEarly.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'DRAFT', to: 'ARCHIVED' });

    await t.data(PublishLearningModuleDocument, { input: { moduleId: draft.id } }, { token });
    const { archiveLearningModule } = await t.data(ArchiveLearningModuleDocument, { input: { moduleId: draft.id } }, { token });
    expect(archiveLearningModule.status).toBe('ARCHIVED');

    expect((await t.data(LearningModulesDocument, { filter: { publisherId } })).learningModules.totalCount).toBe(0);
    expect((await t.data(LearningModuleDocument, { id: draft.id })).learningModule).toMatchObject({ status: 'ARCHIVED', title: draft.title });
    expect((await t.data(LearningModuleNodeDocument, { id: draft.id })).node).toMatchObject({ status: 'ARCHIVED' });
    // The publisher's list leaves it out unless archived modules are asked for.
    const slug = draft.publisher.slug;
    expect((await t.data(OrganizationModulesDocument, { slug })).organization?.modules.totalCount).toBe(0);
    const archivedList = await t.data(OrganizationModulesDocument, { slug, status: 'ARCHIVED' });
    expect(archivedList.organization?.modules.edges.map((e) => e.node.id)).toEqual([draft.id]);

    const edit = await t.request(UpdateLearningModuleDocument, { input: { moduleId: draft.id, title: 'Too late' } }, { token });
    expect(edit.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');

    await t.data(PublishLearningModuleDocument, { input: { moduleId: draft.id } }, { token });
    expect((await t.data(LearningModulesDocument, { filter: { publisherId } })).learningModules.totalCount).toBe(1);
  });

  it('refuses archiving by a VIEWER member with FORBIDDEN', async () => {
    const { organization } = await make.buildPublisher();
    const module = await make.buildModule({ publisher: organization });
    const viewer = await make.buildMember({ organization, role: MemberRole.VIEWER });
    const result = await t.request(
      ArchiveLearningModuleDocument,
      { input: { moduleId: toGlobalId('LearningModule', module.id) } },
      { token: await tokenFor(viewer.user.email) },
    );
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
