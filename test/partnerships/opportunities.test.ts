import { describe, expect, it } from 'vitest';
import { MemberRole, OrganizationKind } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import { OpportunityStatus, PartnershipStatus } from '../../src/modules/partnerships/partnership.enums';
import {
  BusinessBoardDocument,
  CloseOpportunityDocument,
  CreateOpportunityDocument,
  OpenOpportunityDocument,
  OpportunityNodeDocument,
  UpdateOpportunityDocument,
  type CreateOpportunityInput,
} from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { partnershipFactories } from './factories';

const t = useTestHub();
const make = partnershipFactories(t);

const gid = (type: string, id: string) => toGlobalId(type, id);

const draftInput = (businessId: string, overrides: Partial<CreateOpportunityInput> = {}): CreateOpportunityInput => ({
  businessId: gid('Organization', businessId),
  kind: 'APPRENTICESHIP',
  title: 'CNC machining pre-apprenticeship',
  description: 'Juniors and seniors run CNC mills alongside our machinists.',
  skills: ['CNC Machining', ' blueprint reading ', 'cnc-machining', 'Teamwork!'],
  gradeBands: ['9-12'],
  regions: ['St. Louis', 'Central'],
  capacity: 12,
  startsOn: '2027-01-11T00:00:00.000Z',
  endsOn: '2027-05-14T00:00:00.000Z',
  ...overrides,
});

describe('Mutation.createOpportunity', () => {
  it('creates a DRAFT with normalized skill tags and every seat free', async () => {
    const business = await make.buildBusiness({ role: MemberRole.EDITOR });
    const { createOpportunity } = await t.data(CreateOpportunityDocument, { input: draftInput(business.organization.id) }, { token: business.token });
    expect(createOpportunity).toMatchObject({
      status: 'DRAFT',
      skills: ['cnc machining', 'blueprint reading', 'teamwork'],
      regions: ['St. Louis', 'Central'],
      capacity: 12,
      seatsRemaining: 12,
      startsOn: '2027-01-11T00:00:00.000Z',
      business: { id: gid('Organization', business.organization.id) },
    });
  });

  it('refuses business viewers, members of other kinds and outsiders with FORBIDDEN, anonymous with UNAUTHENTICATED', async () => {
    const business = await make.buildBusiness();
    const viewer = await make.buildBusiness({ organization: business.organization, role: MemberRole.VIEWER });
    const district = await make.buildDistrict();
    const outsider = await make.buildBusiness();
    for (const [who, orgId] of [
      [viewer, business.organization.id],
      [district, district.organization.id],
      [outsider, business.organization.id],
    ] as const) {
      const result = await t.request(CreateOpportunityDocument, { input: draftInput(orgId) }, { token: who.token });
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await t.request(CreateOpportunityDocument, { input: draftInput(business.organization.id) });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses unknown regions and grade bands, empty regions, blank tags and inverted dates as BAD_USER_INPUT naming the field', async () => {
    const business = await make.buildBusiness();
    const cases: Array<[Partial<CreateOpportunityInput>, string]> = [
      [{ regions: ['Atlantis'] }, 'regions'],
      [{ regions: [] }, 'regions'],
      [{ gradeBands: ['13'] }, 'gradeBands'],
      [{ capacity: 0 }, 'capacity'],
      [{ skills: ['---'] }, 'input.skills[0]'],
      [{ startsOn: '2027-05-01T00:00:00.000Z', endsOn: '2027-04-01T00:00:00.000Z' }, 'input.endsOn'],
    ];
    for (const [overrides, path] of cases) {
      const result = await t.request(CreateOpportunityDocument, { input: draftInput(business.organization.id, overrides) }, { token: business.token });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(result.errors?.[0].extensions?.fields)).toContain(path);
    }
  });
});

describe('Opportunity status: DRAFT -> OPEN -> CLOSED', () => {
  it('opens a draft, closes it, and refuses other moves with INVALID_TRANSITION naming both statuses', async () => {
    const business = await make.buildBusiness();
    const opportunity = await make.buildOpportunity({ business: business.organization, status: OpportunityStatus.DRAFT });
    const input = { opportunityId: gid('Opportunity', opportunity.id) };

    const early = await t.request(CloseOpportunityDocument, { input }, { token: business.token });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'DRAFT', to: 'CLOSED' });
    expect((await t.data(OpenOpportunityDocument, { input }, { token: business.token })).openOpportunity.status).toBe('OPEN');
    const twice = await t.request(OpenOpportunityDocument, { input }, { token: business.token });
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'OPEN', to: 'OPEN' });
    expect((await t.data(CloseOpportunityDocument, { input }, { token: business.token })).closeOpportunity.status).toBe('CLOSED');
    const reopen = await t.request(OpenOpportunityDocument, { input }, { token: business.token });
    expect(reopen.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'CLOSED', to: 'OPEN' });
  });

  it('refuses status changes by other businesses with FORBIDDEN', async () => {
    const opportunity = await make.buildOpportunity();
    const outsider = await make.buildBusiness();
    const result = await t.request(CloseOpportunityDocument, { input: { opportunityId: gid('Opportunity', opportunity.id) } }, { token: outsider.token });
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('Mutation.updateOpportunity', () => {
  it('changes fields, keeps capacity at or above the seats taken, and refuses closed opportunities', async () => {
    const business = await make.buildBusiness();
    const opportunity = await make.buildOpportunity({ business: business.organization, capacity: 10 });
    await make.buildPartnership({ opportunity, status: PartnershipStatus.ACTIVE, studentCount: 6 });
    const opportunityId = gid('Opportunity', opportunity.id);

    const updated = await t.data(
      UpdateOpportunityDocument,
      { input: { opportunityId, title: 'Hospital job shadow', skills: ['Patient Care'], capacity: 7, endsOn: null } },
      { token: business.token },
    );
    expect(updated.updateOpportunity).toMatchObject({ title: 'Hospital job shadow', skills: ['patient care'], capacity: 7, seatsRemaining: 1, endsOn: null });

    const tooSmall = await t.request(UpdateOpportunityDocument, { input: { opportunityId, capacity: 5 } }, { token: business.token });
    expect(tooSmall.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.capacity' }] });

    await t.data(CloseOpportunityDocument, { input: { opportunityId } }, { token: business.token });
    const closed = await t.request(UpdateOpportunityDocument, { input: { opportunityId, title: 'Too late' } }, { token: business.token });
    expect(closed.errors?.[0].extensions?.code).toBe('CONFLICT');
  });
});

describe('draft visibility', () => {
  it('shows drafts to the business members only, through node(id) and Organization.opportunities', async () => {
    const business = await make.buildBusiness();
    const viewer = await make.buildBusiness({ organization: business.organization, role: MemberRole.VIEWER });
    const district = await make.buildSide(OrganizationKind.DISTRICT);
    const draft = await make.buildOpportunity({ business: business.organization, status: OpportunityStatus.DRAFT });
    const open = await make.buildOpportunity({ business: business.organization });
    const closed = await make.buildOpportunity({ business: business.organization, status: OpportunityStatus.CLOSED });

    const id = gid('Opportunity', draft.id);
    expect((await t.data(OpportunityNodeDocument, { id }, { token: viewer.token })).node).toMatchObject({ id, status: 'DRAFT' });
    expect((await t.data(OpportunityNodeDocument, { id }, { token: district.token })).node).toBeNull();
    expect((await t.data(OpportunityNodeDocument, { id })).node).toBeNull();
    expect((await t.data(OpportunityNodeDocument, { id: gid('Opportunity', closed.id) })).node).toMatchObject({ status: 'CLOSED' });

    const slug = business.organization.slug;
    const forMember = await t.data(BusinessBoardDocument, { slug }, { token: viewer.token });
    expect(forMember.organization?.opportunities.edges.map((e) => e.node.id)).toEqual([closed, open, draft].map((o) => gid('Opportunity', o.id)));
    const forPublic = await t.data(BusinessBoardDocument, { slug });
    expect(forPublic.organization?.opportunities.edges.map((e) => e.node.id)).toEqual([closed, open].map((o) => gid('Opportunity', o.id)));
    expect(forPublic.organization?.opportunities.totalCount).toBe(2);
    const drafts = await t.data(BusinessBoardDocument, { slug, status: 'DRAFT' }, { token: business.token });
    expect(drafts.organization?.opportunities.edges.map((e) => e.node.status)).toEqual(['DRAFT']);
  });
});
