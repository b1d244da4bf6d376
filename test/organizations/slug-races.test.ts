/**
 * Slugs are chosen atomically with the insert: organizations created at once
 * get what they would get one after another, never an internal error.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { OrganizationKind } from '../../src/domain/enums';
import { factories, unique } from '../factories';
import { tokenFor, useTestHub } from '../helpers/hub';

const CREATE = 'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { slug } }';
const AT_ONCE = 10;

const t = useTestHub();
let token: string;

beforeAll(async () => {
  const { user } = await factories(t.hub.orm).buildMember({ kind: OrganizationKind.STATE_AGENCY });
  token = await tokenFor(user.email);
});

function createAtOnce(input: Record<string, unknown>) {
  return Promise.all(Array.from({ length: AT_ONCE }, () => t.request<{ createOrganization: { slug: string } }, object>(CREATE, { input }, { token })));
}

describe('Mutation.createOrganization at the same instant', () => {
  it('gives organizations created at once with one name distinct slugs, as one after another would', async () => {
    const name = `Ozark ${unique('Valley')} R-IV`;
    const results = await createAtOnce({ name, kind: 'DISTRICT', region: 'Southwest' });
    expect(results.flatMap((result) => result.errors ?? [])).toEqual([]);
    const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const slugs = results.map((result) => result.data!.createOrganization.slug).sort();
    expect(slugs).toEqual([base, ...Array.from({ length: AT_ONCE - 1 }, (_, i) => `${base}-${i + 2}`)].sort());
  });

  it('lets one of many creations asking for one slug succeed and answers the others CONFLICT on input.slug', async () => {
    const slug = unique('ozark-hills');
    const results = await createAtOnce({ name: 'Ozark Hills Regional', slug, kind: 'REGIONAL', region: 'Southwest' });
    expect(results.filter((result) => result.data?.createOrganization?.slug === slug)).toHaveLength(1);
    const refusals = results.flatMap((result) => result.errors ?? []);
    expect(refusals).toHaveLength(AT_ONCE - 1);
    for (const error of refusals) expect(error.extensions).toMatchObject({ code: 'CONFLICT', fields: [{ path: 'input.slug', message: 'is taken' }] });
  });
});
