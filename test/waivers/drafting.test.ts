import { describe, expect, it } from 'vitest';
import { MemberRole, OrganizationKind, Zone } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import {
  AddWaiverCommentDocument,
  AddWaiverDistrictDocument,
  AddWaiverSectionDocument,
  CreateWaiverRequestDocument,
  InviteWaiverCollaboratorDocument,
  MoveWaiverSectionDocument,
  OrganizationWaiversDocument,
  RemoveWaiverCollaboratorDocument,
  RenameWaiverSectionDocument,
  WaiverMarkdownDocument,
  WaiverNodeDocument,
  WaiverRequestDocument,
  WaiverRequestsDocument,
  EditWaiverSectionDocument,
} from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { waiverFactories } from './factories';

const t = useTestHub();
const make = waiverFactories(t);

const STANDARD_KEYS = ['requirement', 'rationale', 'alternative', 'readiness', 'engagement', 'accountability', 'timeline'];

describe('Mutation.createWaiverRequest', () => {
  it('makes the creator LEAD of a DRAFT with the seven standard sections in order', async () => {
    const { request, lead } = await make.buildWaiver('Competency-based credit in place of seat time');
    expect(request).toMatchObject({
      title: 'Competency-based credit in place of seat time',
      kind: 'MSIP6',
      status: 'DRAFT',
      viewerRole: 'LEAD',
      viewerCanEdit: true,
    });
    expect(request.sections.map((s) => s.key)).toEqual(STANDARD_KEYS);
    expect(request.sections.map((s) => s.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(request.sections[0]).toMatchObject({ title: 'Requirement to be waived', body: '', version: 1 });
    expect(request.districts).toEqual([{ id: lead.id, slug: lead.organization.slug }]);

    const read = await t.data(WaiverRequestDocument, { id: request.id }, { token: lead.owner.token });
    expect(read.waiverRequest?.collaborators).toEqual([
      { role: 'LEAD', user: { id: lead.owner.id, email: lead.owner.email }, district: { slug: lead.organization.slug } },
    ]);
  });

  it('lets an EDITOR of an SDZ district start one, but not a VIEWER (FORBIDDEN)', async () => {
    const district = await make.buildDistrict();
    const editor = await make.buildPerson(district.organization, MemberRole.EDITOR);
    const viewer = await make.buildPerson(district.organization, MemberRole.VIEWER);
    const input = { districtId: district.id, title: 'Flexible pacing in K-8', kind: 'STATE_STATUTE' as const };
    expect((await t.data(CreateWaiverRequestDocument, { input }, { token: editor.token })).createWaiverRequest.status).toBe('DRAFT');
    const refused = await t.request(CreateWaiverRequestDocument, { input }, { token: viewer.token });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await t.request(CreateWaiverRequestDocument, { input });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a district outside the System Design Zone with a message saying why', async () => {
    const ildz = await make.buildDistrict([Zone.INNOVATIVE_LEARNING_DESIGN]);
    const result = await t.request(
      CreateWaiverRequestDocument,
      { input: { districtId: ildz.id, title: 'Mastery transcripts', kind: 'MSIP6' } },
      { token: ildz.owner.token },
    );
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.districtId' }] });
    expect(result.errors?.[0].message).toMatch(/not in the System Design Zone in \d{4}-\d{4}: only SDZ districts co-design waiver requests/);
  });

  it('refuses a blank title and a foreign id as BAD_USER_INPUT naming the field', async () => {
    const district = await make.buildDistrict();
    const blank = await t.request(
      CreateWaiverRequestDocument,
      { input: { districtId: district.id, title: '  ', kind: 'MSIP6' } },
      { token: district.owner.token },
    );
    expect(blank.errors?.[0].extensions?.fields?.[0].path).toBe('input.title');
    const foreign = await t.request(
      CreateWaiverRequestDocument,
      { input: { districtId: toGlobalId('User', district.owner.user.id), title: 'A title', kind: 'MSIP6' } },
      { token: district.owner.token },
    );
    expect(foreign.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.districtId' }] });
  });
});

describe('Mutation.addWaiverDistrict', () => {
  it('adds an SDZ district as co-signer, whose members may then read the request', async () => {
    const { id, lead } = await make.buildWaiver();
    const other = await make.buildDistrict();
    expect((await t.data(WaiverRequestDocument, { id }, { token: other.owner.token })).waiverRequest).toBeNull();
    const added = await t.data(AddWaiverDistrictDocument, { input: { waiverRequestId: id, districtId: other.id } }, { token: lead.owner.token });
    expect(added.addWaiverDistrict.districts.map((d) => d.id)).toEqual([lead.id, other.id]);
    const read = await t.data(WaiverRequestDocument, { id }, { token: other.owner.token });
    expect(read.waiverRequest).toMatchObject({ id, viewerRole: null, viewerCanEdit: false });
    expect(read.waiverRequest?.signOffs.map((s) => [s.district.slug, s.lead])).toEqual([
      [lead.organization.slug, true],
      [other.organization.slug, false],
    ]);
  });

  it('refuses districts outside the SDZ, non-districts, and a district twice', async () => {
    const { id, lead } = await make.buildWaiver();
    const pastCohort = await make.buildDistrict([]);
    const college = await make.buildDistrict([Zone.COLLABORATIVE_NETWORK], OrganizationKind.HIGHER_ED);
    const outside = await t.request(AddWaiverDistrictDocument, { input: { waiverRequestId: id, districtId: pastCohort.id } }, { token: lead.owner.token });
    expect(outside.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(outside.errors?.[0].message).toContain('is not in the System Design Zone');
    const notDistrict = await t.request(AddWaiverDistrictDocument, { input: { waiverRequestId: id, districtId: college.id } }, { token: lead.owner.token });
    expect(notDistrict.errors?.[0].message).toContain('is not a school district');
    const twice = await t.request(AddWaiverDistrictDocument, { input: { waiverRequestId: id, districtId: lead.id } }, { token: lead.owner.token });
    expect(twice.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('lets only the lead add districts: an author is FORBIDDEN, an outsider sees NOT_FOUND', async () => {
    const { id, lead } = await make.buildWaiver();
    const other = await make.buildDistrict();
    const author = await make.buildPerson(lead.organization);
    await t.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId: id, email: author.email, role: 'AUTHOR' } }, { token: lead.owner.token });
    const byAuthor = await t.request(AddWaiverDistrictDocument, { input: { waiverRequestId: id, districtId: other.id } }, { token: author.token });
    expect(byAuthor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const byOutsider = await t.request(AddWaiverDistrictDocument, { input: { waiverRequestId: id, districtId: other.id } }, { token: other.owner.token });
    expect(byOutsider.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('Mutation.inviteWaiverCollaborator and removeWaiverCollaborator', () => {
  it('invites authors and reviewers by email (new people too), changes a role on a second invite, and removes them', async () => {
    const { id, lead } = await make.buildWaiver();
    const colleague = await make.buildPerson(lead.organization);
    const invited = await t.data(
      InviteWaiverCollaboratorDocument,
      { input: { waiverRequestId: id, email: colleague.email, role: 'AUTHOR' } },
      { token: lead.owner.token },
    );
    expect(invited.inviteWaiverCollaborator).toMatchObject({ role: 'AUTHOR', user: { email: colleague.email }, district: { slug: lead.organization.slug } });
    const newcomer = await t.data(
      InviteWaiverCollaboratorDocument,
      { input: { waiverRequestId: id, email: 'New.Consultant@Example.org', role: 'REVIEWER' } },
      { token: lead.owner.token },
    );
    expect(newcomer.inviteWaiverCollaborator).toMatchObject({ role: 'REVIEWER', user: { email: 'new.consultant@example.org' }, district: null });
    const promoted = await t.data(
      InviteWaiverCollaboratorDocument,
      { input: { waiverRequestId: id, email: colleague.email, role: 'REVIEWER' } },
      { token: lead.owner.token },
    );
    expect(promoted.inviteWaiverCollaborator.role).toBe('REVIEWER');

    const removed = await t.data(RemoveWaiverCollaboratorDocument, { input: { waiverRequestId: id, userId: colleague.id } }, { token: lead.owner.token });
    expect(removed.removeWaiverCollaborator.collaborators.map((c) => [c.user.email, c.role])).toEqual([
      [lead.owner.email, 'LEAD'],
      ['new.consultant@example.org', 'REVIEWER'],
    ]);
  });

  it('refuses LEAD as an invited role, changing or removing the lead, and a district that does not co-sign', async () => {
    const { id, lead } = await make.buildWaiver();
    const someone = await make.buildPerson();
    const stranger = await make.buildDistrict();
    const asLead = await t.request(
      InviteWaiverCollaboratorDocument,
      { input: { waiverRequestId: id, email: someone.email, role: 'LEAD' } },
      { token: lead.owner.token },
    );
    expect(asLead.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.role' }] });
    const leadAgain = await t.request(
      InviteWaiverCollaboratorDocument,
      { input: { waiverRequestId: id, email: lead.owner.email, role: 'AUTHOR' } },
      { token: lead.owner.token },
    );
    expect(leadAgain.errors?.[0].extensions?.code).toBe('CONFLICT');
    const removeLead = await t.request(
      RemoveWaiverCollaboratorDocument,
      { input: { waiverRequestId: id, userId: lead.owner.id } },
      { token: lead.owner.token },
    );
    expect(removeLead.errors?.[0].extensions?.code).toBe('CONFLICT');
    const wrongDistrict = await t.request(
      InviteWaiverCollaboratorDocument,
      { input: { waiverRequestId: id, email: someone.email, role: 'AUTHOR', districtId: stranger.id } },
      { token: lead.owner.token },
    );
    expect(wrongDistrict.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.districtId' }] });
    const missing = await t.request(RemoveWaiverCollaboratorDocument, { input: { waiverRequestId: id, userId: someone.id } }, { token: lead.owner.token });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('lets authors edit and reviewers only read: a reviewer editing is FORBIDDEN', async () => {
    const { id, lead, sections } = await make.buildWaiver();
    const author = await make.buildPerson();
    const reviewer = await make.buildPerson();
    await t.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId: id, email: author.email, role: 'AUTHOR' } }, { token: lead.owner.token });
    await t.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId: id, email: reviewer.email, role: 'REVIEWER' } }, { token: lead.owner.token });
    const edit = (token: string) =>
      t.request(EditWaiverSectionDocument, { input: { sectionId: sections[1].id, baseVersion: 1, body: 'Students advance on mastery.' } }, { token });
    expect((await edit(author.token)).data?.editWaiverSection.outcome).toBe('APPLIED');
    expect((await edit(reviewer.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.data(WaiverRequestDocument, { id }, { token: reviewer.token })).waiverRequest).toMatchObject({
      viewerRole: 'REVIEWER',
      viewerCanEdit: false,
    });
  });
});

describe('Sections: addWaiverSection, renameWaiverSection, moveWaiverSection', () => {
  it('adds a section at a position, renames it and moves it; positions stay 1..n', async () => {
    const { id, lead } = await make.buildWaiver();
    const token = lead.owner.token;
    const added = await t.data(
      AddWaiverSectionDocument,
      { input: { waiverRequestId: id, title: 'Budget impact', position: 2, body: 'No new state funds.' } },
      { token },
    );
    expect(added.addWaiverSection).toMatchObject({ key: 'budget-impact', position: 2, version: 1, body: 'No new state funds.' });
    const again = await t.data(AddWaiverSectionDocument, { input: { waiverRequestId: id, title: 'Budget impact' } }, { token });
    expect(again.addWaiverSection).toMatchObject({ key: 'budget-impact-2', position: 9 });

    const renamed = await t.data(RenameWaiverSectionDocument, { input: { sectionId: added.addWaiverSection.id, title: 'Fiscal impact' } }, { token });
    expect(renamed.renameWaiverSection).toMatchObject({ title: 'Fiscal impact', key: 'budget-impact' });

    const moved = await t.data(MoveWaiverSectionDocument, { input: { sectionId: added.addWaiverSection.id, position: 50 } }, { token });
    expect(moved.moveWaiverSection.position).toBe(9);
    const order = moved.moveWaiverSection.waiverRequest.sections;
    expect(order.map((s) => s.key)).toEqual([...STANDARD_KEYS, 'budget-impact-2', 'budget-impact']);
    expect(order.map((s) => s.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const first = await t.data(MoveWaiverSectionDocument, { input: { sectionId: added.addWaiverSection.id, position: 1 } }, { token });
    expect(first.moveWaiverSection.waiverRequest.sections.map((s) => s.key).slice(0, 2)).toEqual(['budget-impact', 'requirement']);
  });

  it('refuses a position below 1 and a reviewer moving sections', async () => {
    const { id, lead, sections } = await make.buildWaiver();
    const below = await t.request(MoveWaiverSectionDocument, { input: { sectionId: sections[0].id, position: 0 } }, { token: lead.owner.token });
    expect(below.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const reviewer = await make.buildPerson();
    await t.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId: id, email: reviewer.email, role: 'REVIEWER' } }, { token: lead.owner.token });
    const refused = await t.request(MoveWaiverSectionDocument, { input: { sectionId: sections[0].id, position: 3 } }, { token: reviewer.token });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('Reading waiver requests', () => {
  it('hides a request from people outside it: null by id and by node, absent from lists', async () => {
    const { id, lead, sections } = await make.buildWaiver();
    const outsider = await make.buildDistrict();
    const staff = await make.buildStateStaff();
    for (const token of [outsider.owner.token, staff.token, undefined]) {
      expect((await t.data(WaiverRequestDocument, { id }, { token })).waiverRequest).toBeNull();
      expect((await t.data(WaiverNodeDocument, { id: sections[0].id }, { token })).node).toBeNull();
    }
    expect((await t.data(WaiverNodeDocument, { id: sections[0].id }, { token: lead.owner.token })).node).toMatchObject({ key: 'requirement' });
    const list = await t.data(OrganizationWaiversDocument, { slug: lead.organization.slug }, { token: outsider.owner.token });
    expect(list.organization?.waiverRequests.totalCount).toBe(0);
    const mine = await t.data(OrganizationWaiversDocument, { slug: lead.organization.slug }, { token: lead.owner.token });
    expect(mine.organization?.waiverRequests.edges.map((e) => e.node.id)).toEqual([id]);
  });

  it("pages a district's requests newest first, and lists everything a viewer may read", async () => {
    const lead = await make.buildDistrict();
    const ids: string[] = [];
    for (const title of ['First request', 'Second request', 'Third request']) {
      const { createWaiverRequest } = await t.data(
        CreateWaiverRequestDocument,
        { input: { districtId: lead.id, title, kind: 'FEDERAL' } },
        { token: lead.owner.token },
      );
      ids.push(createWaiverRequest.id);
    }
    const page1 = await t.data(OrganizationWaiversDocument, { slug: lead.organization.slug, first: 2 }, { token: lead.owner.token });
    expect(page1.organization?.waiverRequests).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    expect(page1.organization?.waiverRequests.edges.map((e) => e.node.title)).toEqual(['Third request', 'Second request']);
    const page2 = await t.data(
      OrganizationWaiversDocument,
      { slug: lead.organization.slug, first: 2, after: page1.organization?.waiverRequests.pageInfo.endCursor },
      { token: lead.owner.token },
    );
    expect(page2.organization?.waiverRequests.edges.map((e) => e.node.title)).toEqual(['First request']);
    const all = await t.data(WaiverRequestsDocument, { status: 'DRAFT' }, { token: lead.owner.token });
    expect(all.waiverRequests.edges.map((e) => e.node.id)).toEqual([...ids].reverse());
  });

  it('renders the whole request as Markdown: title, kind, status, districts, sections in order', async () => {
    const { id, lead, sections } = await make.buildWaiver('Competency-based diplomas');
    const other = await make.buildDistrict();
    await t.data(AddWaiverDistrictDocument, { input: { waiverRequestId: id, districtId: other.id } }, { token: lead.owner.token });
    await t.data(
      EditWaiverSectionDocument,
      { input: { sectionId: sections[1].id, baseVersion: 1, body: 'Seat time measures attendance, not learning.' } },
      { token: lead.owner.token },
    );
    await t.data(MoveWaiverSectionDocument, { input: { sectionId: sections[6].id, position: 1 } }, { token: lead.owner.token });
    const { waiverRequest } = await t.data(WaiverMarkdownDocument, { id }, { token: lead.owner.token });
    const markdown = waiverRequest!.markdown;
    expect(markdown.startsWith('# Competency-based diplomas\n')).toBe(true);
    expect(markdown).toContain('**Kind:** MSIP 6');
    expect(markdown).toContain('**Status:** DRAFT');
    expect(markdown).toContain(`${lead.organization.name} (Central): lead district`);
    expect(markdown).toContain(`${other.organization.name} (Central): co-signing district`);
    expect(markdown).toContain('## 3. Rationale\n\nSeat time measures attendance, not learning.');
    expect(markdown.indexOf('## 1. Timeline')).toBeLessThan(markdown.indexOf('## 2. Requirement to be waived'));
  });

  it('reads a request with all its parts in a bounded number of statements', async () => {
    const { id, lead } = await make.buildWaiver();
    const query = `query($id: ID!) { waiverRequest(id: $id) { sections { editors { id } updatedBy { id } revisions(first: 5) { totalCount edges { node { author { id } } } } }
      collaborators { user { id } district { id } } signOffs { district { id } } comments(first: 5) { totalCount edges { node { replies { id } author { id } } } } } }`;
    t.resetStatements();
    await t.data(query, { id }, { token: lead.owner.token });
    const few = t.statements.length;
    await t.data(AddWaiverSectionDocument, { input: { waiverRequestId: id, title: 'Extra one' } }, { token: lead.owner.token });
    await t.data(AddWaiverSectionDocument, { input: { waiverRequestId: id, title: 'Extra two' } }, { token: lead.owner.token });
    t.resetStatements();
    await t.data(query, { id }, { token: lead.owner.token });
    expect(t.statements.length).toBe(few);
    expect(few).toBeLessThan(20);
  });

  it("reads a comment's section from the request's sections, without a statement of its own", async () => {
    const { id, lead, sections } = await make.buildWaiver();
    await t.data(AddWaiverCommentDocument, { input: { sectionId: sections[2].id, body: 'Which courses first?' } }, { token: lead.owner.token });
    const count = async (selection: string) => {
      t.resetStatements();
      await t.data(
        `query($id: ID!) { waiverRequest(id: $id) { sections { id title } comments(first: 5) { edges { node { id ${selection} } } } } }`,
        { id },
        { token: lead.owner.token },
      );
      return t.statements.length;
    };
    const withSection = await count('section { id title }');
    expect(withSection).toBe(await count(''));
  });
});
