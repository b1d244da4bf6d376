import { describe, expect, it } from 'vitest';
import { OrganizationKind, Zone } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import { NodeDocument, OrganizationBySlugDocument, OrganizationsDocument, RegionsDocument, ViewerDocument } from '../generated/graphql';
import { factories, unique } from '../factories';
import { tokenFor, useTestHub } from '../helpers/hub';

const t = useTestHub();
const make = factories(t);

describe('Query.organizations', () => {
  it('pages through a filtered directory with stable cursors, even across inserts', async () => {
    const tag = unique('Pager');
    for (const letter of ['A', 'C', 'E', 'G', 'I']) await make.buildOrganization({ name: `${tag} ${letter}` });

    const first = await t.data(OrganizationsDocument, { search: tag, first: 2 });
    expect(first.organizations.totalCount).toBe(5);
    expect(first.organizations.edges.map((e) => e.node.name)).toEqual([`${tag} A`, `${tag} C`]);
    expect(first.organizations.pageInfo.hasNextPage).toBe(true);

    // Rows inserted before and after the cursor do not shift the next page.
    await make.buildOrganization({ name: `${tag} B` });
    await make.buildOrganization({ name: `${tag} 0` });
    const second = await t.data(OrganizationsDocument, { search: tag, first: 2, after: first.organizations.pageInfo.endCursor });
    expect(second.organizations.edges.map((e) => e.node.name)).toEqual([`${tag} E`, `${tag} G`]);
    expect(second.organizations.pageInfo.hasPreviousPage).toBe(true);

    const last = await t.data(OrganizationsDocument, { search: tag, first: 2, after: second.organizations.pageInfo.endCursor });
    expect(last.organizations.edges.map((e) => e.node.name)).toEqual([`${tag} I`]);
    expect(last.organizations.pageInfo.hasNextPage).toBe(false);
    expect(last.organizations.totalCount).toBe(7);
  });

  it('filters by kind, region and current zone together', async () => {
    const tag = unique('Filter');
    await make.buildOrganization({ name: `${tag} sdz`, kind: OrganizationKind.DISTRICT, region: 'Southeast', zones: [Zone.SYSTEM_DESIGN] });
    await make.buildOrganization({ name: `${tag} ildz`, kind: OrganizationKind.DISTRICT, region: 'Southeast', zones: [Zone.INNOVATIVE_LEARNING_DESIGN] });
    await make.buildOrganization({
      name: `${tag} old-sdz`,
      kind: OrganizationKind.DISTRICT,
      region: 'Southeast',
      zones: [Zone.SYSTEM_DESIGN],
      schoolYear: '2019-2020',
    });
    await make.buildOrganization({ name: `${tag} college`, kind: OrganizationKind.HIGHER_ED, region: 'Southeast' });
    await make.buildOrganization({ name: `${tag} north`, kind: OrganizationKind.DISTRICT, region: 'Northwest', zones: [Zone.SYSTEM_DESIGN] });

    const sdz = await t.data(OrganizationsDocument, { search: tag, kind: 'DISTRICT', region: 'Southeast', zone: 'SYSTEM_DESIGN' });
    expect(sdz.organizations.edges.map((e) => e.node.name)).toEqual([`${tag} sdz`]);
    expect(sdz.organizations.edges[0].node.zones).toEqual(['SYSTEM_DESIGN']);

    const colleges = await t.data(OrganizationsDocument, { search: tag, kind: 'HIGHER_ED' });
    expect(colleges.organizations.totalCount).toBe(1);
  });

  it('refuses first above 100 and foreign cursors as BAD_USER_INPUT naming the argument', async () => {
    const tooMany = await t.request(OrganizationsDocument, { first: 101 });
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooMany.errors?.[0].extensions?.fields).toEqual([expect.objectContaining({ path: 'first' })]);

    const negative = await t.request(OrganizationsDocument, { first: -1 });
    expect(negative.errors?.[0].extensions?.fields?.[0].path).toBe('first');

    const junk = await t.request(OrganizationsDocument, { after: 'not-a-cursor' });
    expect(junk.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
  });

  it('filters by zone membership in a given school year, on the server, with cursors that page', async () => {
    const tag = unique('Cohort');
    await make.buildOrganization({ name: `${tag} a 2019 sdz`, zones: [Zone.SYSTEM_DESIGN], schoolYear: '2019-2020' });
    await make.buildOrganization({ name: `${tag} b 2019 ildz`, zones: [Zone.INNOVATIVE_LEARNING_DESIGN], schoolYear: '2019-2020' });
    await make.buildOrganization({ name: `${tag} c 2019 sdz`, zones: [Zone.SYSTEM_DESIGN], schoolYear: '2019-2020' });
    await make.buildOrganization({ name: `${tag} d now sdz`, zones: [Zone.SYSTEM_DESIGN] });
    await make.buildOrganization({ name: `${tag} e no zone` });

    const year = await t.data(OrganizationsDocument, { search: tag, schoolYear: '2019-2020' });
    expect(year.organizations.totalCount).toBe(3);
    expect(year.organizations.edges.map((e) => e.node.name)).toEqual([`${tag} a 2019 sdz`, `${tag} b 2019 ildz`, `${tag} c 2019 sdz`]);

    const yearAndZone = await t.data(OrganizationsDocument, { search: tag, schoolYear: '2019-2020', zone: 'SYSTEM_DESIGN', first: 1 });
    expect(yearAndZone.organizations.totalCount).toBe(2);
    expect(yearAndZone.organizations.edges.map((e) => e.node.name)).toEqual([`${tag} a 2019 sdz`]);
    const next = await t.data(OrganizationsDocument, {
      search: tag,
      schoolYear: '2019-2020',
      zone: 'SYSTEM_DESIGN',
      first: 1,
      after: yearAndZone.organizations.pageInfo.endCursor,
    });
    expect(next.organizations.edges.map((e) => e.node.name)).toEqual([`${tag} c 2019 sdz`]);
    expect(next.organizations.pageInfo.hasNextPage).toBe(false);

    // Without a year, `zone` still means the current school year.
    const current = await t.data(OrganizationsDocument, { search: tag, zone: 'SYSTEM_DESIGN' });
    expect(current.organizations.edges.map((e) => e.node.name)).toEqual([`${tag} d now sdz`]);
    const empty = await t.data(OrganizationsDocument, { search: tag, schoolYear: '2001-2002' });
    expect(empty.organizations.totalCount).toBe(0);
  });

  it('refuses a malformed school year as BAD_USER_INPUT on schoolYear', async () => {
    for (const schoolYear of ['2026', '2026-2028', '26-27', '2026/2027', '']) {
      const result = await t.request(OrganizationsDocument, { schoolYear });
      expect(result.data).toBeNull();
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'schoolYear' }] });
    }
  });

  it('refuses a region that is not one of the eight', async () => {
    const result = await t.request(OrganizationsDocument, { region: 'Atlantis' });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions?.fields?.[0].path).toBe('region');
  });
});

describe('Query.organization, Query.node, Query.viewer', () => {
  it('finds an organization by slug and by global id, with its cohorts', async () => {
    const organization = await make.buildOrganization({ zones: [Zone.SYSTEM_DESIGN] });
    const bySlug = await t.data(OrganizationBySlugDocument, { slug: organization.slug });
    expect(bySlug.organization).toMatchObject({ id: toGlobalId('Organization', organization.id), name: organization.name, zones: ['SYSTEM_DESIGN'] });
    expect(bySlug.organization?.zoneMemberships).toHaveLength(1);

    const node = await t.data(NodeDocument, { id: bySlug.organization!.id });
    expect(node.node).toMatchObject({ id: bySlug.organization!.id, name: organization.name });
  });

  it('answers null for unknown and malformed ids, and hides users from anonymous readers', async () => {
    const user = await make.buildUser();
    expect((await t.data(NodeDocument, { id: toGlobalId('Organization', '00000000-0000-4000-8000-000000000000') })).node).toBeNull();
    expect((await t.data(NodeDocument, { id: 'garbage' })).node).toBeNull();
    expect((await t.data(NodeDocument, { id: toGlobalId('User', user.id) })).node).toBeNull();
    const signedIn = await t.data(NodeDocument, { id: toGlobalId('User', user.id) }, { token: await tokenFor(user.email) });
    expect(signedIn.node).toMatchObject({ email: user.email });
  });

  it('says who is signed in, with memberships; null without a token', async () => {
    const { user, organization } = await make.buildMember({ kind: OrganizationKind.BUSINESS });
    const result = await t.data(ViewerDocument, {}, { token: await tokenFor(user.email) });
    expect(result.viewer).toMatchObject({ email: user.email, memberships: [{ role: 'OWNER', organization: { slug: organization.slug, kind: 'BUSINESS' } }] });
    expect((await t.data(ViewerDocument, {})).viewer).toBeNull();
  });

  it("lists DESE's eight supervisory regions", async () => {
    expect((await t.data(RegionsDocument, {})).regions).toHaveLength(8);
  });
});
