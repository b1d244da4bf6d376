/** The demo network every feature's demo data builds on: organizations, their zones by school year, users and memberships. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { schoolYearOf } from '../domain/school-year';
import { Membership } from '../modules/organizations/membership.entity';
import { Organization } from '../modules/organizations/organization.entity';
import { ZoneMembership } from '../modules/organizations/zone-membership.entity';
import { User } from '../modules/users/user.entity';
import { DEMO_ORGANIZATIONS, DEMO_USERS } from './network';

/** School years from `since` through `until` (default: the current one). */
export function schoolYears(since: string, until = schoolYearOf(new Date())): string[] {
  const years: string[] = [];
  for (let start = Number(since.slice(0, 4)); start <= Number(until.slice(0, 4)); start++) years.push(`${start}-${start + 1}`);
  return years;
}

/** The organizations (with their zone memberships) and the users (with their memberships), by slug and by email. */
export function seedNetwork(em: EntityManager) {
  const organizations = new Map<string, Organization>();
  for (const demo of DEMO_ORGANIZATIONS) {
    const organization = em.create(Organization, {
      slug: demo.slug,
      name: demo.name,
      kind: demo.kind,
      region: demo.region,
      description: demo.description,
    });
    if (demo.parent) organization.parent = organizations.get(demo.parent)!;
    organizations.set(demo.slug, organization);
    for (const { zone, since, until } of demo.zones) {
      for (const schoolYear of schoolYears(since, until)) em.create(ZoneMembership, { organization, zone, schoolYear });
    }
  }
  const users = new Map<string, User>();
  for (const demo of DEMO_USERS) {
    const user = em.create(User, { email: demo.email, displayName: demo.displayName });
    users.set(demo.email, user);
    for (const { organization, role } of demo.memberships) {
      em.create(Membership, { user, organization: organizations.get(organization)!, role });
    }
  }
  return { organizations, users };
}

/** What the feature seeds build on. */
export type SeededNetwork = ReturnType<typeof seedNetwork>;
