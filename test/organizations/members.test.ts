import { describe, expect, it } from 'vitest';
import { MemberRole, OrganizationKind } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import {
  AddMemberDocument,
  CreateOrganizationDocument,
  OrganizationMembersDocument,
  RemoveMemberDocument,
  SetMemberRoleDocument,
  SetOrganizationZonesDocument,
  UpdateOrganizationDocument,
} from '../generated/graphql';
import { currentSchoolYear, factories, unique } from '../factories';
import { tokenFor, useTestHub } from '../helpers/hub';

const t = useTestHub();
const make = factories(t);

const orgId = (organization: { id: string }) => toGlobalId('Organization', organization.id);
const userId = (user: { id: string }) => toGlobalId('User', user.id);
const codeOf = (result: { errors?: Array<{ extensions?: { code?: string } }> }) => result.errors?.[0]?.extensions?.code;

async function stateStaff(role: MemberRole) {
  const { user } = await make.buildMember({ kind: OrganizationKind.STATE_AGENCY, role });
  return tokenFor(user.email);
}

describe('Mutation.createOrganization', () => {
  it('lets a state-agency owner add an organization with zones and a named first owner', async () => {
    const ownerEmail = `${unique('supt')}@district.example`;
    const result = await t.data(
      CreateOrganizationDocument,
      {
        input: {
          name: 'Osage Bend R-IV School District',
          kind: 'DISTRICT',
          region: 'Central',
          ownerEmail,
          zones: [{ zone: 'SYSTEM_DESIGN', schoolYear: currentSchoolYear() }],
        },
      },
      { token: await stateStaff(MemberRole.OWNER) },
    );
    expect(result.createOrganization).toMatchObject({ kind: 'DISTRICT', region: 'Central', zones: ['SYSTEM_DESIGN'] });
    expect(result.createOrganization.slug).toMatch(/^osage-bend-r-iv-school-district/);
    const members = await t.data(OrganizationMembersDocument, { slug: result.createOrganization.slug }, { token: await tokenFor(ownerEmail) });
    expect(members.organization?.members.edges.map((e) => [e.node.user.email, e.node.role])).toEqual([[ownerEmail, 'OWNER']]);
  });

  it('refuses state-agency editors and other kinds with FORBIDDEN, anonymous with UNAUTHENTICATED', async () => {
    const input = { name: 'Nope District', kind: 'DISTRICT' as const };
    expect(codeOf(await t.request(CreateOrganizationDocument, { input }, { token: await stateStaff(MemberRole.EDITOR) }))).toBe('FORBIDDEN');
    const { user } = await make.buildMember({ kind: OrganizationKind.DISTRICT, role: MemberRole.OWNER });
    expect(codeOf(await t.request(CreateOrganizationDocument, { input }, { token: await tokenFor(user.email) }))).toBe('FORBIDDEN');
    expect(codeOf(await t.request(CreateOrganizationDocument, { input }))).toBe('UNAUTHENTICATED');
  });

  it('names every bad field in BAD_USER_INPUT and writes nothing', async () => {
    const token = await stateStaff(MemberRole.OWNER);
    const name = unique('Half Written');
    const result = await t.request(
      CreateOrganizationDocument,
      {
        input: {
          name: ` ${name}`,
          kind: 'DISTRICT',
          slug: 'Not A Slug',
          region: 'Atlantis',
          ownerEmail: 'not-an-email',
          zones: [{ zone: 'SYSTEM_DESIGN', schoolYear: '2026' }],
        },
      },
      { token },
    );
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    const paths = result.errors![0].extensions!.fields!.map((f) => f.path);
    expect(new Set(paths)).toEqual(new Set(['input.name', 'input.slug', 'input.region', 'input.ownerEmail', 'input.zones.0.schoolYear']));
    expect(await t.hub.orm.em.fork().count('Organization', { name: { $like: `%${name}%` } })).toBe(0);
  });

  it('refuses a taken slug with CONFLICT', async () => {
    const existing = await make.buildOrganization();
    const result = await t.request(
      CreateOrganizationDocument,
      { input: { name: 'Copy', kind: 'REGIONAL', slug: existing.slug } },
      { token: await stateStaff(MemberRole.OWNER) },
    );
    expect(codeOf(result)).toBe('CONFLICT');
  });
});

describe('Mutation.updateOrganization and setOrganizationZones', () => {
  it('lets owners change their organization and refuses editors', async () => {
    const { organization, user } = await make.buildMember({ role: MemberRole.OWNER });
    const updated = await t.data(
      UpdateOrganizationDocument,
      { input: { organizationId: orgId(organization), name: 'Renamed District', region: 'Southeast' } },
      { token: await tokenFor(user.email) },
    );
    expect(updated.updateOrganization).toMatchObject({ name: 'Renamed District', region: 'Southeast' });

    const editor = await make.buildMember({ organization, role: MemberRole.EDITOR });
    const refused = await t.request(
      UpdateOrganizationDocument,
      { input: { organizationId: orgId(organization), name: 'Hijacked' } },
      { token: await tokenFor(editor.user.email) },
    );
    expect(codeOf(refused)).toBe('FORBIDDEN');
  });

  it('lets state-agency staff set zones for a school year; owners of the organization cannot', async () => {
    const { organization, user } = await make.buildMember({ role: MemberRole.OWNER });
    const input = { organizationId: orgId(organization), schoolYear: currentSchoolYear(), zones: ['SYSTEM_DESIGN' as const] };
    expect(codeOf(await t.request(SetOrganizationZonesDocument, { input }, { token: await tokenFor(user.email) }))).toBe('FORBIDDEN');
    const result = await t.data(SetOrganizationZonesDocument, { input }, { token: await stateStaff(MemberRole.EDITOR) });
    expect(result.setOrganizationZones.zones).toEqual(['SYSTEM_DESIGN']);
  });

  it('refuses an id of another type as BAD_USER_INPUT naming the field', async () => {
    const { user } = await make.buildMember();
    const result = await t.request(UpdateOrganizationDocument, { input: { organizationId: userId(user), name: 'X Y' } }, { token: await tokenFor(user.email) });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.organizationId' }] });
  });
});

describe('member management', () => {
  it('lets an owner invite a new person by email and add an existing one', async () => {
    const { organization, user: owner } = await make.buildMember();
    const token = await tokenFor(owner.email);
    const email = `${unique('new')}@district.example`;
    const invited = await t.data(
      AddMemberDocument,
      { input: { organizationId: orgId(organization), email: email.toUpperCase(), role: 'EDITOR', displayName: 'New Teacher' } },
      { token },
    );
    expect(invited.addMember).toMatchObject({ role: 'EDITOR', user: { email, displayName: 'New Teacher' } });

    const existing = await make.buildUser();
    const added = await t.data(AddMemberDocument, { input: { organizationId: orgId(organization), email: existing.email, role: 'VIEWER' } }, { token });
    expect(added.addMember.user.id).toBe(userId(existing));

    const again = await t.request(AddMemberDocument, { input: { organizationId: orgId(organization), email: existing.email, role: 'OWNER' } }, { token });
    expect(codeOf(again)).toBe('CONFLICT');
  });

  it('refuses member changes by editors, viewers, outsiders and anonymous callers', async () => {
    const { organization } = await make.buildMember();
    const input = { organizationId: orgId(organization), email: `${unique('x')}@x.example`, role: 'VIEWER' as const };
    for (const role of [MemberRole.EDITOR, MemberRole.VIEWER]) {
      const { user } = await make.buildMember({ organization, role });
      expect(codeOf(await t.request(AddMemberDocument, { input }, { token: await tokenFor(user.email) }))).toBe('FORBIDDEN');
    }
    const outsider = await make.buildMember();
    expect(codeOf(await t.request(AddMemberDocument, { input }, { token: await tokenFor(outsider.user.email) }))).toBe('FORBIDDEN');
    expect(codeOf(await t.request(AddMemberDocument, { input }))).toBe('UNAUTHENTICATED');
  });

  it('does not let a member raise their own role', async () => {
    const { organization } = await make.buildMember();
    const editor = await make.buildMember({ organization, role: MemberRole.EDITOR });
    const result = await t.request(
      SetMemberRoleDocument,
      { input: { organizationId: orgId(organization), userId: userId(editor.user), role: 'OWNER' } },
      { token: await tokenFor(editor.user.email) },
    );
    expect(codeOf(result)).toBe('FORBIDDEN');
  });

  it('lets an owner promote and demote others, but never demote the last owner', async () => {
    const { organization, user: owner } = await make.buildMember();
    const token = await tokenFor(owner.email);
    const editor = await make.buildMember({ organization, role: MemberRole.EDITOR });
    const promoted = await t.data(
      SetMemberRoleDocument,
      { input: { organizationId: orgId(organization), userId: userId(editor.user), role: 'OWNER' } },
      { token },
    );
    expect(promoted.setMemberRole.role).toBe('OWNER');
    // Two owners now: one may step down, the other may not.
    const down = await t.data(SetMemberRoleDocument, { input: { organizationId: orgId(organization), userId: userId(owner), role: 'EDITOR' } }, { token });
    expect(down.setMemberRole.role).toBe('EDITOR');
    const last = await t.request(
      SetMemberRoleDocument,
      { input: { organizationId: orgId(organization), userId: userId(editor.user), role: 'VIEWER' } },
      { token: await tokenFor(editor.user.email) },
    );
    expect(codeOf(last)).toBe('CONFLICT');
  });

  it('lets owners remove members and members leave, but keeps the last owner', async () => {
    const { organization, user: owner } = await make.buildMember();
    const token = await tokenFor(owner.email);
    const viewer = await make.buildMember({ organization, role: MemberRole.VIEWER });
    const leaver = await make.buildMember({ organization, role: MemberRole.EDITOR });
    await t.data(RemoveMemberDocument, { input: { organizationId: orgId(organization), userId: userId(viewer.user) } }, { token });
    await t.data(
      RemoveMemberDocument,
      { input: { organizationId: orgId(organization), userId: userId(leaver.user) } },
      { token: await tokenFor(leaver.user.email) },
    );
    const last = await t.request(RemoveMemberDocument, { input: { organizationId: orgId(organization), userId: userId(owner) } }, { token });
    expect(codeOf(last)).toBe('CONFLICT');
    const members = await t.data(OrganizationMembersDocument, { slug: organization.slug }, { token });
    expect(members.organization?.members.edges.map((e) => e.node.user.email)).toEqual([owner.email]);
  });

  it('lets exactly one of two owners removing each other at once succeed', async () => {
    const { organization, user: first } = await make.buildMember();
    const { user: second } = await make.buildMember({ organization, role: MemberRole.OWNER });
    const results = await Promise.all([
      t.request(RemoveMemberDocument, { input: { organizationId: orgId(organization), userId: userId(second) } }, { token: await tokenFor(first.email) }),
      t.request(RemoveMemberDocument, { input: { organizationId: orgId(organization), userId: userId(first) } }, { token: await tokenFor(second.email) }),
    ]);
    const outcomes = results.map((r) => codeOf(r) ?? 'OK').sort();
    // The loser is either refused as no longer an owner or finds nobody left to remove it.
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
    const owners = await t.hub.orm.em.fork().count('Membership', { organization: organization.id, role: MemberRole.OWNER });
    expect(owners).toBe(1);
  });
});

describe('Organization.members', () => {
  it('pages members for signed-in viewers and refuses anonymous readers', async () => {
    const { organization, user } = await make.buildMember();
    for (let i = 0; i < 3; i++) await make.buildMember({ organization, role: MemberRole.VIEWER });
    const token = await tokenFor(user.email);
    const page = await t.data(OrganizationMembersDocument, { slug: organization.slug, first: 2 }, { token });
    expect(page.organization?.members.totalCount).toBe(4);
    expect(page.organization?.members.edges).toHaveLength(2);
    const rest = await t.data(
      OrganizationMembersDocument,
      { slug: organization.slug, first: 2, after: page.organization?.members.pageInfo.endCursor },
      { token },
    );
    expect(rest.organization?.members.edges).toHaveLength(2);
    expect(rest.organization?.members.pageInfo.hasNextPage).toBe(false);
    const seen = [...page.organization!.members.edges, ...rest.organization!.members.edges].map((e) => e.node.user.id);
    expect(new Set(seen).size).toBe(4);

    const anonymous = await t.request(OrganizationMembersDocument, { slug: organization.slug });
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
  });
});
