/**
 * Authorization under concurrency: a write decides on the viewer's grants as
 * they are under its locks, not as they were when the request started. Each
 * race runs ROUNDS times at once (one organization per round).
 */
import { describe, expect, it } from 'vitest';
import { MemberRole, OrganizationKind } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import { ModuleStatus } from '../../src/modules/learning/learning.enums';
import type { Organization } from '../../src/modules/organizations/organization.entity';
import type { User } from '../../src/modules/users/user.entity';
import { unique } from '../factories';
import { tokenFor, useTestHub, type GraphQLResponse } from '../helpers/hub';
import { learningFactories, moduleId } from '../learning/factories';
import { partnershipFactories } from '../partnerships/factories';

const ROUNDS = 12;
const SET_ROLE = 'mutation ($input: SetMemberRoleInput!) { setMemberRole(input: $input) { role } }';
const REMOVE = 'mutation ($input: RemoveMemberInput!) { removeMember(input: $input) { id } }';
const ADD = 'mutation ($input: AddMemberInput!) { addMember(input: $input) { role } }';
const RESPOND = 'mutation ($input: RespondToPartnershipInput!) { respondToPartnership(input: $input) { status } }';
const PUBLISH = 'mutation ($input: LearningModuleRefInput!) { publishLearningModule(input: $input) { status } }';

const t = useTestHub();
const make = learningFactories(t);

interface Person {
  user: User;
  token: string;
  id: string;
}

async function person(organization: Organization, role: MemberRole): Promise<Person> {
  const { user } = await make.buildMember({ organization, role });
  return { user, token: await tokenFor(user.email), id: toGlobalId('User', user.id) };
}

/** An organization with `count` owners. */
async function ownedBy(count: number, kind = OrganizationKind.DISTRICT): Promise<{ organization: Organization; organizationId: string; owners: Person[] }> {
  const organization = await make.buildOrganization({ kind });
  const owners: Person[] = [];
  for (let i = 0; i < count; i++) owners.push(await person(organization, MemberRole.OWNER));
  return { organization, organizationId: toGlobalId('Organization', organization.id), owners };
}

const outcome = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code ?? 'OK';

async function roleOf(organization: Organization, user: User): Promise<string | null> {
  const rows: Array<{ role: string }> = await t.hub.orm.em
    .fork()
    .execute('select role from memberships where organization_id = ? and user_id = ?', [organization.id, user.id]);
  return rows[0]?.role ?? null;
}

/** The ACCEPTED audit rows of an organization, in the order their transactions wrote them. */
async function acceptedInOrder(organization: Organization): Promise<string[]> {
  const rows: Array<{ operation: string }> = await t.hub.orm.em
    .fork()
    .execute(`select operation from audit_events where organization_id = ? and outcome = 'ACCEPTED' order by created_at, id`, [organization.id]);
  return rows.map((row) => row.operation);
}

function rounds<T>(round: () => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: ROUNDS }, round));
}

describe('grants under concurrency', () => {
  it('lets exactly one of two owners demoting each other at the same instant succeed', async () => {
    const results = await rounds(async () => {
      // A third owner keeps the last-owner rule out of the way: only fresh grants can refuse the second demotion.
      const {
        organization,
        organizationId,
        owners: [a, b],
      } = await ownedBy(3);
      const [byA, byB] = await Promise.all([
        t.request(SET_ROLE, { input: { organizationId, userId: b.id, role: 'VIEWER' } }, { token: a.token }),
        t.request(SET_ROLE, { input: { organizationId, userId: a.id, role: 'VIEWER' } }, { token: b.token }),
      ]);
      return { outcomes: [outcome(byA), outcome(byB)].sort(), roles: [await roleOf(organization, a.user), await roleOf(organization, b.user)].sort() };
    });
    for (const result of results) {
      expect(result.outcomes).toEqual(['FORBIDDEN', 'OK']);
      expect(result.roles).toEqual(['OWNER', 'VIEWER']);
    }
  });

  it('never lets an owner demoted at the same instant promote itself back', async () => {
    const results = await rounds(async () => {
      const {
        organization,
        organizationId,
        owners: [a, b],
      } = await ownedBy(2);
      const [byA, byB] = await Promise.all([
        t.request(SET_ROLE, { input: { organizationId, userId: b.id, role: 'EDITOR' } }, { token: a.token }),
        t.request(SET_ROLE, { input: { organizationId, userId: b.id, role: 'OWNER' } }, { token: b.token }),
      ]);
      return { demotion: outcome(byA), selfPromotion: outcome(byB), role: await roleOf(organization, b.user) };
    });
    for (const result of results) {
      expect(result.demotion).toBe('OK');
      // Either B's (empty) change ran first and the demotion after it, or B was refused: B ends an EDITOR.
      expect(['OK', 'FORBIDDEN']).toContain(result.selfPromotion);
      expect(result.role).toBe('EDITOR');
    }
  });

  it('never lets an owner removed at the same instant add an owner after its removal', async () => {
    const results = await rounds(async () => {
      const {
        organization,
        organizationId,
        owners: [a, b],
      } = await ownedBy(2);
      const [removal, addition] = await Promise.all([
        t.request(REMOVE, { input: { organizationId, userId: b.id } }, { token: a.token }),
        t.request(ADD, { input: { organizationId, email: `${unique('accomplice')}@x.example`, role: 'OWNER' } }, { token: b.token }),
      ]);
      return { removal: outcome(removal), addition: outcome(addition), order: await acceptedInOrder(organization) };
    });
    for (const result of results) {
      expect(result.removal).toBe('OK');
      if (result.addition === 'OK') expect(result.order).toEqual(['addMember', 'removeMember']);
      else expect([result.addition, result.order]).toEqual(['FORBIDDEN', ['removeMember']]);
    }
  });

  it('publishes a module for an editor removed at the same instant only if the publication came first', async () => {
    const results = await rounds(async () => {
      const {
        organization,
        organizationId,
        owners: [owner],
      } = await ownedBy(1, OrganizationKind.HIGHER_ED);
      const editor = await person(organization, MemberRole.EDITOR);
      const module = await make.buildModule({ publisher: organization, status: ModuleStatus.DRAFT });
      const [removal, publication] = await Promise.all([
        t.request(REMOVE, { input: { organizationId, userId: editor.id } }, { token: owner.token }),
        t.request(PUBLISH, { input: { moduleId: moduleId(module) } }, { token: editor.token }),
      ]);
      const [row]: Array<{ status: string }> = await t.hub.orm.em.fork().execute('select status from learning_modules where id = ?', [module.id]);
      return { removal: outcome(removal), publication: outcome(publication), status: row.status, order: await acceptedInOrder(organization) };
    });
    for (const result of results) {
      expect(result.removal).toBe('OK');
      if (result.publication === 'OK') {
        expect(result.order).toEqual(['publishLearningModule', 'removeMember']);
      } else {
        // Removed first: the draft is no longer the editor's to see.
        expect(result.publication).toBe('NOT_FOUND');
        expect(result.status).toBe('DRAFT');
      }
    }
  });
  it('accepts a partnership for a business editor removed at the same instant only if the acceptance came first', async () => {
    const partnerships = partnershipFactories(t.hub.orm);
    const results = await rounds(async () => {
      const {
        organization,
        organizationId,
        owners: [owner],
      } = await ownedBy(1, OrganizationKind.BUSINESS);
      const editor = await person(organization, MemberRole.EDITOR);
      const partnership = await partnerships.buildPartnership({ opportunity: await partnerships.buildOpportunity({ business: organization }) });
      const [removal, acceptance] = await Promise.all([
        t.request(REMOVE, { input: { organizationId, userId: editor.id } }, { token: owner.token }),
        t.request(RESPOND, { input: { partnershipId: toGlobalId('Partnership', partnership.id), decision: 'ACCEPT' } }, { token: editor.token }),
      ]);
      const [row]: Array<{ status: string }> = await t.hub.orm.em.fork().execute('select status from partnerships where id = ?', [partnership.id]);
      return { removal: outcome(removal), acceptance: outcome(acceptance), status: row.status, order: await acceptedInOrder(organization) };
    });
    for (const result of results) {
      expect(result.removal).toBe('OK');
      if (result.acceptance === 'OK') expect(result.order).toEqual(['respondToPartnership', 'removeMember']);
      else expect([result.acceptance, result.status]).toEqual(['FORBIDDEN', 'REQUESTED']);
    }
  });

  it('answers CONFLICT, never an internal error, when owners of two organizations change each other at once and deadlock', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const x = await ownedBy(2);
        const y = await ownedBy(2);
        const [a, b] = [x.owners[0], y.owners[0]];
        // Each is also an EDITOR of the other's organization, so each write share-locks a row the other changes.
        await make.buildMember({ organization: y.organization, user: a.user, role: MemberRole.EDITOR });
        await make.buildMember({ organization: x.organization, user: b.user, role: MemberRole.EDITOR });
        const responses = await Promise.all([
          t.request(SET_ROLE, { input: { organizationId: x.organizationId, userId: b.id, role: 'VIEWER' } }, { token: a.token }),
          t.request(SET_ROLE, { input: { organizationId: y.organizationId, userId: a.id, role: 'VIEWER' } }, { token: b.token }),
        ]);
        return responses.map(outcome).sort();
      }),
    );
    for (const outcomes of results)
      expect([
        ['CONFLICT', 'OK'],
        ['OK', 'OK'],
      ]).toContainEqual(outcomes);
  });
});
