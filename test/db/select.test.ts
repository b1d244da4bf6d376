/**
 * Raw reads (src/db/select.ts): a list travels as one array parameter and
 * comes back from PostgreSQL exactly as it was given.
 */
import { describe, expect, it } from 'vitest';
import { arrayParam, selectRows } from '../../src/db/select';
import { useTestHub } from '../helpers/hub';

const t = useTestHub();

describe('arrayParam', () => {
  it('binds any text as one text[] parameter, unchanged: commas, braces, quotes, backslashes, spaces, NULL, empty', async () => {
    const values = ['teamwork', 'a,b', '{braces}', 'say "hi"', 'back\\slash', '  padded  ', 'NULL', '', 'résumé'];
    const [row] = await selectRows<{ list: string[] }>(t.hub.orm.em.fork(), 'select ?::text[] as list', [arrayParam(values)]);
    expect(row.list).toEqual(values);
  });

  it('binds an empty list, which matches nothing, in one statement whatever the length', async () => {
    const em = t.hub.orm.em.fork();
    const [none] = await selectRows<{ n: number }>(em, 'select count(*)::int as n from unnest(array[1, 2]) x where x::text = any(?::text[])', [arrayParam([])]);
    const [some] = await selectRows<{ n: number }>(em, 'select count(*)::int as n from unnest(array[1, 2]) x where x::text = any(?::text[])', [
      arrayParam(['2', '3']),
    ]);
    expect([none.n, some.n]).toEqual([0, 1]);
  });
});
