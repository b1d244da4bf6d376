import { describe, expect, it } from 'vitest';
import { factories, unique } from '../factories';
import { tokenFor, useTestHub } from '../helpers/hub';
import { MemberRole } from '../../src/domain/enums';
import { readJson } from '../helpers/json';

const t = useTestHub({ LIMIT_BODY_BYTES: '20000' });

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => fetch(t.url, { method: 'POST', headers, body });

describe('health and readiness', () => {
  it('answers /healthz and reports /readyz ready with migrations applied', async () => {
    expect(await readJson(await fetch(t.url.replace('/graphql', '/healthz')))).toEqual({ status: 'ok' });
    const ready = await fetch(t.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(200);
    expect(await readJson(ready)).toEqual({ ready: true, database: 'up', migrations: 'applied' });
  });
});

describe('the GraphQL IDE', () => {
  it('serves an offline GraphiQL page and its bundled assets to a browser', async () => {
    const page = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/ide/graphiql.js');
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
    for (const asset of ['react.js', 'react-dom.js', 'graphiql.js', 'graphiql.css', 'graphql-ws.js']) {
      const response = await fetch(t.url.replace('/graphql', `/ide/${asset}`));
      expect(response.status, asset).toBe(200);
      expect((await response.text()).length, asset).toBeGreaterThan(1000);
    }
  });
});

describe('requests the hub cannot serve', () => {
  it('answers invalid JSON with 400 BAD_USER_INPUT', async () => {
    const response = await post('{"query": ');
    expect(response.status).toBe(400);
    expect((await readJson(response)).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers an oversized body with 413 BAD_USER_INPUT', async () => {
    const response = await post(JSON.stringify({ query: `{ regions } # ${'x'.repeat(30_000)}` }));
    expect(response.status).toBe(413);
    expect((await readJson(response)).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers syntax errors, unknown fields and bad variables with BAD_USER_INPUT', async () => {
    for (const body of [
      { query: '{ organizations( }' },
      { query: '{ nope }' },
      { query: 'query ($first: Int) { organizations(first: $first) { totalCount } }', variables: { first: 'ten' } },
    ]) {
      const result = await readJson(await post(JSON.stringify(body)));
      expect(result.errors[0].extensions.code, JSON.stringify(body)).toBe('BAD_USER_INPUT');
    }
  });

  it('names the argument an invalid input object arrived in (input, filter)', async () => {
    const result = await readJson(await post(JSON.stringify({ query: `{ opportunities(filter: { search: "${'x'.repeat(201)}" }) { totalCount } }` })));
    expect(result.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'filter.search' }] });
  });

  it('refuses a plain-text POST (CSRF prevention) with a coded error', async () => {
    const response = await post('{ regions }', { 'content-type': 'text/plain' });
    expect(response.status).toBe(400);
    expect((await readJson(response)).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers unknown paths with 404 NOT_FOUND', async () => {
    const response = await fetch(t.url.replace('/graphql', '/wp-admin'));
    expect(response.status).toBe(404);
    expect((await readJson(response)).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('echoes a request id', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'abc-123' },
      body: '{"query":"{ regions }"}',
    });
    expect(response.headers.get('x-request-id')).toBe('abc-123');
  });
});

describe('SQL statements per request', () => {
  it('does not grow with the number of organizations and members on the page', async () => {
    const make = factories(t.hub.orm);
    const tag = unique('Counted');
    for (let i = 0; i < 12; i++) {
      const { organization } = await make.buildMember({ name: `${tag} ${String(i).padStart(2, '0')}` });
      await make.buildMember({ organization, role: MemberRole.EDITOR });
    }
    const { user } = await make.buildMember();
    const token = await tokenFor(user.email);
    const query = `query ($first: Int, $search: String) { organizations(first: $first, search: $search) { edges { node { id zones
      members(first: 5) { totalCount edges { node { role user { email } } } } } } } }`;
    const count = async (first: number) => {
      t.resetStatements();
      const data = await t.data<{ organizations: { edges: Array<{ node: { members: { totalCount: number } } }> } }, object>(
        query,
        { first, search: tag },
        { token },
      );
      expect(data.organizations.edges.map((e) => e.node.members.totalCount)).toEqual(Array(first).fill(2));
      return t.statements.length;
    };
    const small = await count(2);
    const large = await count(12);
    expect(large).toBe(small);
    // viewer, page, zones, members page (with each list's count), users, whose emails this viewer may read (one for all)
    expect(large).toBe(6);
  });

  it('counts totalCount only when it is asked for, in the page statement itself on a first page', async () => {
    const counting = () => t.statements.filter((sql) => /count\(\*\)/.test(sql));
    t.resetStatements();
    await t.data('{ organizations(first: 3) { edges { cursor } } }');
    const without = t.statements.length;
    expect(counting()).toEqual([]);
    t.resetStatements();
    const first = await t.data<{ organizations: { totalCount: number; edges: Array<{ cursor: string }> } }, Record<string, never>>(
      '{ organizations(first: 3) { totalCount edges { cursor } } }',
    );
    expect(t.statements.length).toBe(without);
    expect(counting()).toHaveLength(1);
    expect(counting()[0]).toMatch(/count\(\*\) over \(\)/);
    // After a cursor the page cannot count its whole list: one statement more, the same total.
    t.resetStatements();
    const next = await t.data<{ organizations: { totalCount: number } }, Record<string, never>>(
      `{ organizations(first: 3, after: "${first.organizations.edges[2].cursor}") { totalCount edges { cursor } } }`,
    );
    expect(t.statements.length).toBe(without + 1);
    expect(next.organizations.totalCount).toBe(first.organizations.totalCount);
  });
});
