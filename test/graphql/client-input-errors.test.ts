/**
 * Client input never answers INTERNAL_SERVER_ERROR, and what does reach the
 * formatter over HTTP (compiled execution) is mapped and logged as over
 * graphql-js: prototype names in global ids, altered cursors, library errors
 * thrown inside resolvers.
 */
import { EntityManager, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemberRole } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import { factories } from '../factories';
import { capturingLogger, tokenFor, useTestHub } from '../helpers/hub';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const cursor = (...values: unknown[]) => b64(JSON.stringify(values));
const UUID = '00000000-0000-0000-0000-000000000001';

const captured = capturingLogger();
const t = useTestHub({}, { logger: captured.logger });
let owner: { token: string; organizationId: string };

beforeAll(async () => {
  const { user, organization } = await factories(t.hub.orm).buildMember({ role: MemberRole.OWNER });
  owner = { token: await tokenFor(user.email), organizationId: toGlobalId('Organization', organization.id) };
});
afterEach(() => {
  vi.restoreAllMocks();
  captured.lines.length = 0;
});

describe('Query.node', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('answers null for the type name %s', async (type) => {
    const result = await t.request<{ node: unknown }, object>('query ($id: ID!) { node(id: $id) { id } }', { id: b64(`${type}:${UUID}`) });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ node: null });
  });
});

describe('cursors with values a client chose', () => {
  const rootCases: Array<[string, string]> = [
    ['a non-uuid id', cursor('name+,id+', 'Acme', 'not-a-uuid')],
    ['a number for the name', cursor('name+,id+', 7, UUID)],
    ['an object for the id', cursor('name+,id+', 'Acme', { d: '2026-01-01' })],
  ];
  it.each(rootCases)('refuses %s on a root list as BAD_USER_INPUT naming after', async (_label, after) => {
    const result = await t.request('query ($after: String) { organizations(first: 5, after: $after) { totalCount edges { cursor } } }', { after });
    expect(result.errors?.map((error) => [error.extensions?.code, error.extensions?.fields?.[0]?.path])).toEqual([['BAD_USER_INPUT', 'after']]);
  });

  const nestedCases: Array<[string, string]> = [
    ['a date that is none', cursor('createdAt+,id+', { d: 'not a date' }, UUID)],
    ['a string for the date', cursor('createdAt+,id+', '2026-01-01', UUID)],
    ['a non-uuid id', cursor('createdAt+,id+', { d: '2026-01-01T00:00:00.000Z' }, "x' or 1=1")],
  ];
  it.each(nestedCases)('refuses %s on a nested list as BAD_USER_INPUT naming after', async (_label, after) => {
    const result = await t.request(
      'query ($id: ID!, $after: String) { node(id: $id) { ... on Organization { members(first: 5, after: $after) { totalCount } } } }',
      { id: owner.organizationId, after },
      { token: owner.token },
    );
    expect(result.errors?.map((error) => [error.extensions?.code, error.extensions?.fields?.[0]?.path])).toEqual([['BAD_USER_INPUT', 'after']]);
  });

  it('still pages with the cursors it hands out', async () => {
    const first = await t.data<{ organizations: { edges: Array<{ cursor: string }> } }, object>('{ organizations(first: 1) { edges { cursor } } }');
    const result = await t.request('query ($after: String) { organizations(first: 1, after: $after) { edges { cursor } } }', {
      after: first.organizations.edges[0].cursor,
    });
    expect(result.errors).toBeUndefined();
  });
});

describe('library errors thrown inside a resolver over HTTP', () => {
  const addMember = (email: string) =>
    t.request(
      'mutation ($input: AddMemberInput!) { addMember(input: $input) { role } }',
      { input: { organizationId: owner.organizationId, email, role: 'VIEWER' } },
      { token: owner.token },
    );

  it.each([
    ['a unique violation', () => new UniqueConstraintViolationException(new Error('duplicate key value violates unique constraint "memberships_pkey"'))],
    ['an optimistic lock', () => OptimisticLockError.lockFailed('Membership')],
  ])('maps %s to CONFLICT and logs it once', async (_label, error) => {
    vi.spyOn(EntityManager.prototype, 'transactional').mockRejectedValueOnce(error());
    const result = await addMember(`raced-${Math.random()}@test.example`);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
    const logged = captured.lines.filter((line) => line.msg === 'a concurrent change answered as CONFLICT');
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0].err)).toMatch(/duplicate key|lock/i);
  });

  it('logs an unexpected error once and masks it as INTERNAL_SERVER_ERROR', async () => {
    vi.spyOn(EntityManager.prototype, 'transactional').mockRejectedValueOnce(new TypeError('something internal broke'));
    const result = await addMember(`broken-${Math.random()}@test.example`);
    expect(result.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([['Internal server error', 'INTERNAL_SERVER_ERROR']]);
    const logged = captured.lines.filter((line) => line.msg === 'unexpected error in operation');
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0].err)).toContain('something internal broke');
  });
});
