import { describe, expect, it } from 'vitest';
import { MemberRole } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import { OpportunityKind, OpportunityStatus, PartnershipStatus } from '../../src/modules/partnerships/partnership.enums';
import type { Opportunity } from '../../src/modules/partnerships/opportunity.entity';
import {
  OpportunitiesDocument,
  OrganizationsBoardDocument,
  RecommendedOpportunitiesDocument,
  SetDistrictSkillInterestsDocument,
  type OpportunityFilter,
} from '../generated/graphql';
import { unique } from '../factories';
import { normalizeTags } from '../../src/text/normalize';
import { useTestHub } from '../helpers/hub';
import { partnershipFactories } from './factories';

const t = useTestHub();
const make = partnershipFactories(t);

const gid = (type: string, id: string) => toGlobalId(type, id);
const ids = (list: Opportunity[]) => list.map((o) => gid('Opportunity', o.id));
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

describe('Query.opportunities', () => {
  it('filters OPEN opportunities by search, kinds, skills, regions, grade bands, business and seats', async () => {
    const tag = unique('skill');
    const business = await make.buildBusiness();
    const other = await make.buildBusiness();
    const welding = await make.buildOpportunity({
      business: business.organization,
      kind: OpportunityKind.APPRENTICESHIP,
      title: 'Welding pre-apprenticeship',
      skills: [tag, 'welding'],
      regions: ['Southeast'],
      gradeBands: ['9-12'],
      capacity: 4,
      createdAt: minutesAgo(5),
    });
    const shadow = await make.buildOpportunity({
      business: business.organization,
      kind: OpportunityKind.JOB_SHADOW,
      title: 'Nursing job shadow',
      description: 'Follow a charge nurse through a shift.',
      skills: [tag, 'patient-care'],
      regions: ['Kansas City'],
      gradeBands: ['6-8', '9-12'],
      capacity: 2,
      seatsTaken: 2,
      createdAt: minutesAgo(4),
    });
    const speaker = await make.buildOpportunity({
      business: other.organization,
      kind: OpportunityKind.GUEST_SPEAKER,
      title: 'Lineworker guest speaker',
      skills: [tag, 'safety'],
      regions: ['Northwest', 'Southeast'],
      gradeBands: ['3-5'],
      createdAt: minutesAgo(3),
    });
    await make.buildOpportunity({ business: business.organization, title: 'Draft welding', skills: [tag], status: OpportunityStatus.DRAFT });
    await make.buildOpportunity({ business: business.organization, title: 'Closed welding', skills: [tag], status: OpportunityStatus.CLOSED });

    const found = async (filter: OpportunityFilter) =>
      (await t.data(OpportunitiesDocument, { filter: { skills: [tag], ...filter } })).opportunities.edges.map((e) => e.node.id);
    expect(await found({})).toEqual(ids([speaker, shadow, welding]));
    expect(await found({ search: 'welding' })).toEqual(ids([welding]));
    expect(await found({ search: 'nurse shift' })).toEqual(ids([shadow]));
    expect(await found({ search: 'Patient Care' })).toEqual(ids([shadow]));
    expect(await found({ kinds: ['APPRENTICESHIP', 'GUEST_SPEAKER'] })).toEqual(ids([speaker, welding]));
    expect(await found({ skills: ['Safety', 'welding'] })).toEqual(ids([speaker, welding]));
    expect(await found({ regions: ['Southeast'] })).toEqual(ids([speaker, welding]));
    expect(await found({ gradeBands: ['6-8', '3-5'] })).toEqual(ids([speaker, shadow]));
    expect(await found({ businessId: gid('Organization', business.organization.id) })).toEqual(ids([shadow, welding]));
    expect(await found({ hasSeats: true })).toEqual(ids([speaker, welding]));
    expect(await found({ hasSeats: false })).toEqual(ids([shadow]));
    expect(await found({ regions: ['Southeast'], hasSeats: true, kinds: ['APPRENTICESHIP'] })).toEqual(ids([welding]));

    const bad = await t.request(OpportunitiesDocument, { filter: { regions: ['Atlantis'] } });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(bad.errors?.[0].extensions?.fields)).toContain('regions');
    const badBusiness = await t.request(OpportunitiesDocument, { filter: { businessId: 'nope' } });
    expect(badBusiness.errors?.[0].extensions?.fields).toEqual([expect.objectContaining({ path: 'filter.businessId' })]);
  });

  it('pages newest first with cursors that stay stable across inserts', async () => {
    const tag = unique('pager');
    const made: Opportunity[] = [];
    for (let i = 5; i >= 1; i--) made.push(await make.buildOpportunity({ skills: [tag], createdAt: minutesAgo(i * 10) }));
    const newestFirst = ids([...made].reverse());

    const first = await t.data(OpportunitiesDocument, { first: 2, filter: { skills: [tag] } });
    expect(first.opportunities.totalCount).toBe(5);
    expect(first.opportunities.edges.map((e) => e.node.id)).toEqual(newestFirst.slice(0, 2));
    // Both newer than the cursor: already behind the reader, they do not shift the next page.
    await make.buildOpportunity({ skills: [tag] });
    await make.buildOpportunity({ skills: [tag], createdAt: minutesAgo(15) });
    const second = await t.data(OpportunitiesDocument, { first: 2, after: first.opportunities.pageInfo.endCursor, filter: { skills: [tag] } });
    expect(second.opportunities.edges.map((e) => e.node.id)).toEqual(newestFirst.slice(2, 4));
    expect(second.opportunities.totalCount).toBe(7);

    const foreign = await t.request(OpportunitiesDocument, { after: 'bm90LWEtY3Vyc29y' });
    expect(foreign.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
  });
});

describe('Query.recommendedOpportunities', () => {
  it("ranks open opportunities with seats in the district's region by overlap with its skill interests", async () => {
    const [a, b, c] = [unique('interest'), unique('interest'), unique('interest')];
    const district = await make.buildDistrict({ role: MemberRole.EDITOR, region: 'Northwest' });
    const set = await t.data(
      SetDistrictSkillInterestsDocument,
      { input: { districtId: gid('Organization', district.organization.id), skills: [a.toUpperCase(), b, `${c} `] } },
      { token: district.token },
    );
    expect(set.setDistrictSkillInterests.skillInterests).toEqual(normalizeTags([a, b, c]));

    const three = await make.buildOpportunity({ skills: [a, b, c], regions: ['Northwest'], createdAt: minutesAgo(30) });
    const twoOlder = await make.buildOpportunity({ skills: [a, b, 'welding'], regions: ['Northwest', 'Central'], createdAt: minutesAgo(20) });
    const twoNewer = await make.buildOpportunity({ skills: [b, c], regions: ['Northwest'], createdAt: minutesAgo(10) });
    const one = await make.buildOpportunity({ skills: [c], regions: ['Northwest'], createdAt: minutesAgo(5) });
    // Each of these would rank first if it were wrongly included.
    const elsewhere = await make.buildOpportunity({ skills: [a, b, c], regions: ['Southeast'] });
    const full = await make.buildOpportunity({ skills: [a, b, c], regions: ['Northwest'], capacity: 3, seatsTaken: 3 });
    const closed = await make.buildOpportunity({ skills: [a, b, c], regions: ['Northwest'], status: OpportunityStatus.CLOSED });
    const ended = await make.buildOpportunity({ skills: [a, b, c], regions: ['Northwest'], endsOn: minutesAgo(60 * 24) });

    const districtId = gid('Organization', district.organization.id);
    const page = await t.data(RecommendedOpportunitiesDocument, { districtId, first: 100 });
    const got = page.recommendedOpportunities.edges.map((e) => e.node.id);
    expect(got.slice(0, 4)).toEqual(ids([three, twoNewer, twoOlder, one]));
    for (const excluded of ids([elsewhere, full, closed, ended])) expect(got).not.toContain(excluded);

    const firstTwo = await t.data(RecommendedOpportunitiesDocument, { districtId, first: 2 });
    const nextTwo = await t.data(RecommendedOpportunitiesDocument, { districtId, first: 2, after: firstTwo.recommendedOpportunities.pageInfo.endCursor });
    expect([...firstTwo.recommendedOpportunities.edges, ...nextTwo.recommendedOpportunities.edges].map((e) => e.node.id)).toEqual(
      ids([three, twoNewer, twoOlder, one]),
    );
  });

  it('refuses a non-district with BAD_USER_INPUT, and interests set by viewers or for businesses with FORBIDDEN', async () => {
    const business = await make.buildBusiness();
    const notDistrict = await t.request(RecommendedOpportunitiesDocument, { districtId: gid('Organization', business.organization.id) });
    expect(notDistrict.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'districtId' }] });

    const district = await make.buildDistrict({ role: MemberRole.VIEWER });
    for (const [who, orgId] of [
      [district, district.organization.id],
      [business, business.organization.id],
    ] as const) {
      const result = await t.request(
        SetDistrictSkillInterestsDocument,
        { input: { districtId: gid('Organization', orgId), skills: ['robotics'] } },
        { token: who.token },
      );
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('nested lists', () => {
  it('runs the same number of SQL statements for a board of 1 or 4 businesses with their opportunities, partnerships and histories', async () => {
    const measure = async (businesses: number) => {
      const tag = unique('Board');
      const district = await make.buildDistrict();
      for (let i = 0; i < businesses; i++) {
        const business = await make.buildBusiness({ name: `${tag} business ${i}`, organization: undefined });
        for (let j = 0; j < 2; j++) {
          const opportunity = await make.buildOpportunity({ business: business.organization });
          await make.buildPartnership({ opportunity, district: district.organization, status: PartnershipStatus.ACTIVE });
          await make.buildPartnership({ opportunity, district: district.organization });
        }
      }
      t.resetStatements();
      // The district's member sees its partnerships with every business.
      const result = await t.data(OrganizationsBoardDocument, { search: tag }, { token: district.token });
      const statements = t.statements.length;
      const partnerships = result.organizations.edges.flatMap((e) => e.node.opportunities.edges.flatMap((o) => o.node.partnerships.edges));
      expect(partnerships).toHaveLength(businesses * 4);
      expect(partnerships.every((p) => p.node.history.length === 1)).toBe(true);
      expect(result.organizations.edges.map((e) => e.node.partnerships.totalCount)).toEqual(Array(businesses).fill(4));
      return statements;
    };
    const small = await measure(1);
    const large = await measure(4);
    expect(large).toBe(small);
  });
});
