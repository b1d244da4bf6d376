import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestHub } from '../helpers/hub';
import { readJson } from '../helpers/json';

// Production refuses the published test secret.
const t = useTestHub({ NODE_ENV: 'production', JWT_SECRET: crypto.randomBytes(32).toString('hex') });

describe('production mode', () => {
  it('turns introspection off with a coded error', async () => {
    const result = await t.request('{ __schema { types { name } } }');
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.data ?? null).toBeNull();
  });

  it('serves no IDE', async () => {
    const page = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('graphiql');
    expect((await fetch(t.url.replace('/graphql', '/ide/graphiql.js'))).status).toBe(404);
  });

  it('masks an unexpected failure as INTERNAL_SERVER_ERROR with no internals, and readiness says not ready', async () => {
    // A real fault: the database connection pool is gone.
    await t.hub.orm.close(true);
    const result = await t.request('{ organizations(first: 1) { totalCount } }');
    const error = result.errors?.[0];
    expect(error?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(error?.message).toBe('Internal server error');
    expect(JSON.stringify(result)).not.toMatch(/stack|knex|pool|select|mikro/i);
    const ready = await fetch(t.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(503);
    expect((await readJson(ready)).database).toBe('down');
  });
});
