/** Loads the demo network once: skipped when its state agency already exists. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../db/orm';
import { Organization } from '../modules/organizations/organization.entity';
import { seedLearning } from './learning';
import { DEMO_ORGANIZATIONS } from './network';
import { seedPartnerships } from './partnerships';
import { seedNetwork, type SeededNetwork } from './seeded-network';
import { seedWaivers } from './waivers';
import { seedApplications } from './applications';

const MARKER = DEMO_ORGANIZATIONS[0].slug;

/**
 * Each feature's demo data, run in order after the network, in the same
 * transaction (flushed between features).
 */
const FEATURE_SEEDS: Array<(em: EntityManager, network: SeededNetwork) => unknown | Promise<unknown>> = [
  seedLearning,
  seedPartnerships,
  seedWaivers,
  seedApplications,
];

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
