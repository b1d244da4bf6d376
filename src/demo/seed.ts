/** Loads the demo network once: skipped when its state agency already exists. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../db/orm';
import { schoolYearOf } from '../domain/school-year';
import { Membership } from '../modules/organizations/membership.entity';
import { Organization } from '../modules/organizations/organization.entity';
import { ZoneMembership } from '../modules/organizations/zone-membership.entity';
import { User } from '../modules/users/user.entity';
import { seedLearning } from './learning';
import { DEMO_ORGANIZATIONS, DEMO_USERS } from './network';
import { seedPartnerships } from './partnerships';
import { seedWaivers } from './waivers';
import { seedApplications } from './applications';

const MARKER = DEMO_ORGANIZATIONS[0].slug;

/** School years from `since` through `until` (default: the current one). */
export function schoolYears(since: string, until = schoolYearOf(new Date())): string[] {
  const years: string[] = [];
  for (let start = Number(since.slice(0, 4)); start <= Number(until.slice(0, 4)); start++) years.push(`${start}-${start + 1}`);
  return years;
}

function seedNetwork(em: EntityManager) {
  const organizations = new Map<string, Organization>();
  for (const demo of DEMO_ORGANIZATIONS) {
    const organization = em.create(Organization, {
      slug: demo.slug, name: demo.name, kind: demo.kind, region: demo.region, description: demo.description,
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

export type SeededNetwork = ReturnType<typeof seedNetwork>;

/**
 * Each feature's demo data, run in order after the network, in the same
 * transaction (flushed between features).
 */
const FEATURE_SEEDS: Array<(em: EntityManager, network: SeededNetwork) => unknown | Promise<unknown>> = [seedLearning, seedPartnerships, seedWaivers, seedApplications];

/** Seeds the demo network in one transaction; returns what it made, or null when already there. */
export async function seedDemoNetwork(orm: Orm): Promise<{ organizations: number; users: number } | null> {
  return orm.em.fork().transactional(async (em) => {
    // em.execute runs inside this transaction (getConnection().execute would not hold the lock).
    await em.execute('select pg_advisory_xact_lock(4242001)');
    if (await em.count(Organization, { slug: MARKER })) return null;
    const network = seedNetwork(em);
    await em.flush();
    for (const seedFeature of FEATURE_SEEDS) {
      await seedFeature(em, network);
      await em.flush();
    }
    return { organizations: network.organizations.size, users: network.users.size };
  });
}
