/**
 * The audit row of an accepted mutation is written in the mutation's own
 * transaction: at no instant (a crash included) is a committed change without
 * it, and a change that rolls back leaves no ACCEPTED row.
 */
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/domain/global-id';
import { factories, unique } from '../factories';
import { tokenFor, useTestHub } from '../helpers/hub';

const ADD = 'mutation ($input: AddMemberInput!) { addMember(input: $input) { role } }';
const UPDATE = 'mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { name } }';
const BURST = 40;

const t = useTestHub();
const make = factories(t);

const sql = <R>(text: string, params: unknown[] = []): Promise<R[]> => t.hub.orm.em.fork().execute(text, params);

describe('audit rows and transactions', () => {
  it('shows no committed change without its audit row at any instant of a burst', async () => {
    const { organization, user: owner } = await make.buildMember();
    const organizationId = toGlobalId('Organization', organization.id);
    const token = await tokenFor(owner.email);
    // One statement is one snapshot: the memberships the burst committed that have no ACCEPTED row in that same snapshot.
    const unaudited = async () => {
      const [row] = await sql<{ n: number }>(
        `select count(*)::int as n from memberships m
          where m.organization_id = ? and m.user_id <> ?
            and not exists (select 1 from audit_events a where a.target_id = m.id and a.outcome = 'ACCEPTED')`,
        [organization.id, owner.id],
      );
      return row.n;
    };
    let done = false;
    const burst = Promise.all(
      Array.from({ length: BURST }, () => t.request(ADD, { input: { organizationId, email: `${unique('burst')}@x.example`, role: 'VIEWER' } }, { token })),
    ).finally(() => {
      done = true;
    });
    const seen: number[] = [];
    while (!done) seen.push(await unaudited());
    const results = await burst;

    expect(results.every((result) => !result.errors)).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen)).toBe(0);
    const members = await sql<{ id: string }>('select id from memberships where organization_id = ? and user_id <> ? order by id', [organization.id, owner.id]);
    const audited = await sql<{ target_id: string }>(
      `select target_id from audit_events where organization_id = ? and operation = 'addMember' and outcome = 'ACCEPTED' order by target_id`,
      [organization.id],
    );
    expect(members).toHaveLength(BURST);
    expect(audited.map((row) => row.target_id)).toEqual(members.map((row) => row.id));
  });

  it('leaves no ACCEPTED row for a mutation whose transaction rolls back, and records the refusal', async () => {
    const { organization, user: owner } = await make.buildMember();
    const organizationId = toGlobalId('Organization', organization.id);
    const doomed = `Rolled back ${unique('name')}`;
    // The database refuses the change as it is written (after the service accepted it), so the transaction rolls back.
    await sql(`create or replace function audit_test_refuse() returns trigger language plpgsql as $$
      begin if new.name like 'Rolled back %' then raise exception 'refused by the test'; end if; return new; end $$`);
    await sql('drop trigger if exists audit_test_refuse on organizations');
    await sql('create trigger audit_test_refuse before update on organizations for each row execute function audit_test_refuse()');
    try {
      const result = await t.request(UPDATE, { input: { organizationId, name: doomed } }, { token: await tokenFor(owner.email) });
      expect(result.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await sql('drop trigger if exists audit_test_refuse on organizations');
    }
    const [row] = await sql<{ name: string }>('select name from organizations where id = ?', [organization.id]);
    expect(row.name).toBe(organization.name);
    const outcomes = await sql<{ outcome: string }>(`select outcome from audit_events where organization_id = ? and operation = 'updateOrganization'`, [
      organization.id,
    ]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['INTERNAL_SERVER_ERROR']);
  });
});
