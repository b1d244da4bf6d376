import { describe, expect, it } from 'vitest';
import { useTestHub, wsExecute } from '../helpers/hub';

const t = useTestHub({ LIMIT_DEPTH: '8', LIMIT_ALIASES: '5', LIMIT_TOKENS: '400', LIMIT_COST: '2000' });

const deep = '{ organizations { edges { node { members { edges { node { user { memberships { organization { name } } } } } } } } } }';
const aliases = `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: regions`).join(' ')} }`;
const tokens = `{ regions ${'__typename '.repeat(400)} }`;
const costly = '{ organizations(first: 100) { edges { node { members(first: 100) { edges { node { role } } } } } } }';
const affordable = '{ organizations(first: 5) { edges { node { name zoneMemberships { zone } } } } }';

const CASES: Array<[string, string, string]> = [
  ['depth', deep, 'depth'],
  ['aliases', aliases, 'aliases'],
  ['tokens', tokens, 'tokens'],
  ['cost by first', costly, 'cost'],
];

describe('query limits', () => {
  for (const [name, query, limit] of CASES) {
    it(`refuses a query over the ${name} limit with QUERY_TOO_COMPLEX over HTTP, before running it`, async () => {
      t.resetStatements();
      const result = await t.request(query);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
      expect(result.data ?? null).toBeNull();
      expect(t.statements).toEqual([]);
    });

    it(`refuses a query over the ${name} limit with QUERY_TOO_COMPLEX over WebSocket`, async () => {
      const result = await wsExecute(t.ws(), query);
      expect((result.errors?.[0] as { extensions?: unknown })?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
    });
  }

  it('serves a query within every limit', async () => {
    const result = await t.request(affordable);
    expect(result.errors).toBeUndefined();
  });

  it('refuses circular fragments as BAD_USER_INPUT', async () => {
    const result = await t.request('query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }');
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
