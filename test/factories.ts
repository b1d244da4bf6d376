/**
 * Test data built straight through the ORM, each test making its own
 * (unique names, missing parents created), as Outline's factories do.
 */
import { randomBytes } from 'node:crypto';
import { MikroORM as AnyMikroORM } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { MemberRole, OrganizationKind, type Zone } from '../src/domain/enums';
import { schoolYearOf } from '../src/domain/school-year';
import { Membership } from '../src/modules/organizations/membership.entity';
import { Organization } from '../src/modules/organizations/organization.entity';
import { ZoneMembership } from '../src/modules/organizations/zone-membership.entity';
import { User } from '../src/modules/users/user.entity';

export const unique = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex')}`;
export const currentSchoolYear = () => schoolYearOf(new Date());

/**
 * Where factories find the ORM: the ORM itself, or a test hub whose ORM is read
 * each time a factory runs, so a file sets up in two lines:
 *
 *     const t = useTestHub();
 *     const make = factories(t);
 */
export type OrmSource = MikroORM | { readonly hub: { readonly orm: MikroORM } };

/**
 * The ORM of a source, read now (a `useTestHub()` hub has one only once its `beforeAll` ran). Checked against
 * core's class: `MikroORM.init` of the PostgreSQL driver answers an instance of it, not of the driver's subclass.
 */
export const ormOf = (source: OrmSource): MikroORM => (source instanceof AnyMikroORM ? (source as MikroORM) : source.hub.orm);

export function factories(orm: OrmSource) {
  const em = () => ormOf(orm).em.fork();

  async function buildUser(overrides: Partial<Pick<User, 'email' | 'displayName'>> = {}): Promise<User> {
    const fork = em();
    const name = unique('person');
    const user = fork.create(User, { email: `${name}@test.example`, displayName: name, ...overrides });
    await fork.flush();
    return user;
  }

  interface OrganizationOverrides {
    name?: string;
    kind?: OrganizationKind;
    region?: string | null;
    zones?: Zone[];
    schoolYear?: string;
  }

  async function buildOrganization(overrides: OrganizationOverrides = {}): Promise<Organization> {
    const fork = em();
    const slug = unique('org');
    const organization = fork.create(Organization, {
      name: overrides.name ?? `Test ${slug}`,
      slug,
      kind: overrides.kind ?? OrganizationKind.DISTRICT,
      region: overrides.region === undefined ? 'Central' : overrides.region,
    });
    for (const zone of overrides.zones ?? []) {
      fork.create(ZoneMembership, { organization, zone, schoolYear: overrides.schoolYear ?? currentSchoolYear() });
    }
    await fork.flush();
    return organization;
  }

  /** A member with a role; builds the organization and user when not given. */
  async function buildMember(
    overrides: { organization?: Organization; user?: User; role?: MemberRole; kind?: OrganizationKind; zones?: Zone[]; name?: string } = {},
  ): Promise<{ organization: Organization; user: User; role: MemberRole }> {
    const organization = overrides.organization ?? (await buildOrganization({ kind: overrides.kind, zones: overrides.zones, name: overrides.name }));
    const user = overrides.user ?? (await buildUser());
    const role = overrides.role ?? MemberRole.OWNER;
    const fork = em();
    fork.create(Membership, { organization: organization.id, user: user.id, role });
    await fork.flush();
    return { organization, user, role };
  }

  return { buildUser, buildOrganization, buildMember };
}
