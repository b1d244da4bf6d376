import { describe, expect, it } from 'vitest';
import { MemberRole, OrganizationKind } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import {
  AddToLearningPlanDocument,
  CancelPartnershipDocument,
  CompleteLearningModuleDocument,
  CreateLearningModuleDocument,
  InboxDocument,
  PublishLearningModuleDocument,
  RequestPartnershipDocument,
  RespondToPartnershipDocument,
  StartPartnershipDocument,
  UpdateLearningModuleDocument,
} from '../generated/graphql';
import { tokenFor, useTestHub } from '../helpers/hub';
import { partnershipFactories } from '../partnerships/factories';

const t = useTestHub();

async function inbox(token: string) {
  const { viewer } = await t.data(InboxDocument, { first: 20 }, { token });
  return { count: viewer!.unreadNotificationCount, threads: viewer!.notifications.edges.map((edge) => edge.node) };
}

describe('partnership notifications', () => {
  async function setUp() {
    const make = partnershipFactories(t.hub.orm);
    const business = await make.buildBusiness();
    const editor = await make.buildSide(OrganizationKind.BUSINESS, { organization: business.organization, role: MemberRole.EDITOR });
    const viewer = await make.buildSide(OrganizationKind.BUSINESS, { organization: business.organization, role: MemberRole.VIEWER });
    const district = await make.buildDistrict({ role: MemberRole.EDITOR });
    const colleague = await make.buildSide(OrganizationKind.DISTRICT, { organization: district.organization, role: MemberRole.EDITOR });
    const opportunity = await make.buildOpportunity({ business: business.organization, title: 'Hospital job shadow' });
    const { requestPartnership } = await t.data(
      RequestPartnershipDocument,
      {
        input: {
          opportunityId: toGlobalId('Opportunity', opportunity.id),
          districtId: toGlobalId('Organization', district.organization.id),
          studentCount: 3,
          message: 'Our juniors',
        },
      },
      { token: district.token },
    );
    return { business, editor, viewer, district, colleague, partnershipId: requestPartnership.id };
  }

  it("tells the business's owners and editors of a request, once each, and not its viewers or the district", async () => {
    const { business, editor, viewer, district, colleague, partnershipId } = await setUp();
    for (const side of [business, editor]) {
      const told = await inbox(side.token);
      expect(told.threads).toMatchObject([{ kind: 'PARTNERSHIP_REQUESTED', subjectId: partnershipId, title: 'Hospital job shadow', unreadCount: 1 }]);
      expect(told.threads[0].text).toContain('3 students: Our juniors');
    }
    for (const side of [viewer, district, colleague]) expect((await inbox(side.token)).count).toBe(0);
  });

  it('tells the district person who asked when the business answers and starts it, in one thread', async () => {
    const { business, district, colleague, partnershipId } = await setUp();
    await t.data(RespondToPartnershipDocument, { input: { partnershipId, decision: 'ACCEPT' } }, { token: business.token });
    await t.data(StartPartnershipDocument, { input: { partnershipId } }, { token: business.token });
    const told = await inbox(district.token);
    expect(told.threads).toMatchObject([{ kind: 'PARTNERSHIP_STARTED', unreadCount: 2, activityCount: 2 }]);
    expect((await inbox(colleague.token)).count).toBe(0);
    // The business's own acts reach none of its members.
    expect((await inbox(business.token)).threads).toMatchObject([{ kind: 'PARTNERSHIP_REQUESTED', unreadCount: 1 }]);
  });

  it("tells the business's editors when the district cancels, and not the district", async () => {
    const { editor, district, partnershipId } = await setUp();
    await t.data(CancelPartnershipDocument, { input: { partnershipId } }, { token: district.token });
    expect((await inbox(editor.token)).threads).toMatchObject([{ kind: 'PARTNERSHIP_CANCELLED', unreadCount: 2 }]);
    expect((await inbox(district.token)).count).toBe(0);
  });

  it('no longer shows a partnership thread to someone who left the business', async () => {
    const { editor } = await setUp();
    expect((await inbox(editor.token)).count).toBe(1);
    await t.hub.orm.em.fork().getConnection().execute('delete from memberships where user_id = ?', [editor.user.id]);
    const after = await inbox(editor.token);
    expect(after).toEqual({ count: 0, threads: [] });
  });
});

describe('learning notifications', () => {
  it('tells people with a module in their plan when it publishes a new version, not the publisher', async () => {
    const make = partnershipFactories(t.hub.orm);
    const college = await make.buildSide(OrganizationKind.HIGHER_ED);
    const { createLearningModule } = await t.data(
      CreateLearningModuleDocument,
      {
        input: {
          publisherId: toGlobalId('Organization', college.organization.id),
          title: 'Assessment for learning',
          summary: 'Formative practice',
          body: 'Week one',
          audiences: ['NEW_EDUCATOR'],
          format: 'VIRTUAL',
        },
      },
      { token: college.token },
    );
    const moduleId = createLearningModule.id;
    await t.data(PublishLearningModuleDocument, { input: { moduleId } }, { token: college.token });
    const learner = await make.buildUser();
    const learnerToken = await tokenFor(learner.email);
    const bystander = await tokenFor((await make.buildUser()).email);
    await t.data(AddToLearningPlanDocument, { input: { moduleId } }, { token: learnerToken });
    await t.data(UpdateLearningModuleDocument, { input: { moduleId, body: 'Week one, revised' } }, { token: college.token });
    await t.data(PublishLearningModuleDocument, { input: { moduleId } }, { token: college.token });
    const told = await inbox(learnerToken);
    expect(told.threads).toMatchObject([{ kind: 'LEARNING_MODULE_NEW_VERSION', subjectId: moduleId, unreadCount: 1 }]);
    expect(told.threads[0].text).toContain('published version 2 of “Assessment for learning”');
    expect((await inbox(college.token)).count).toBe(0);
    expect((await inbox(bystander)).count).toBe(0);
  });

  it('tells someone whose completion unlocks a recommended module, once per module, and not for one in their plan or still locked', async () => {
    const make = partnershipFactories(t.hub.orm);
    const college = await make.buildSide(OrganizationKind.HIGHER_ED);
    const publisherId = toGlobalId('Organization', college.organization.id);
    const create = async (title: string, prerequisiteIds: string[] = []) => {
      const { createLearningModule } = await t.data(
        CreateLearningModuleDocument,
        { input: { publisherId, title, summary: title, body: 'Week one', audiences: ['NEW_EDUCATOR'], format: 'VIRTUAL', prerequisiteIds } },
        { token: college.token },
      );
      await t.data(PublishLearningModuleDocument, { input: { moduleId: createLearningModule.id } }, { token: college.token });
      return createLearningModule.id;
    };
    const basics = await create('Assessment basics');
    const other = await create('Feedback basics');
    const next = await create('Assessment design', [basics]);
    const alsoNext = await create('Assessment with peers', [basics]);
    const planned = await create('Assessment portfolios', [basics]);
    const locked = await create('Assessment leadership', [basics, other]);
    const learner = await make.buildUser();
    const learnerToken = await tokenFor(learner.email);
    await t.data(AddToLearningPlanDocument, { input: { moduleId: planned } }, { token: learnerToken });
    await t.data(CompleteLearningModuleDocument, { input: { moduleId: basics } }, { token: learnerToken });
    // Completing again unlocks nothing new.
    await t.data(CompleteLearningModuleDocument, { input: { moduleId: basics } }, { token: learnerToken });
    const told = await inbox(learnerToken);
    expect(told.threads.map((thread) => thread.subjectId).sort()).toEqual([next, alsoNext].sort());
    for (const thread of told.threads) {
      expect(thread).toMatchObject({ kind: 'LEARNING_PREREQUISITE_UNLOCKED', unreadCount: 1, activityCount: 1 });
      expect(thread.text).toContain('Completing “Assessment basics” unlocked');
    }
    expect(told.threads.some((thread) => thread.subjectId === locked || thread.subjectId === planned)).toBe(false);
    expect((await inbox(college.token)).count).toBe(0);
  });
});
