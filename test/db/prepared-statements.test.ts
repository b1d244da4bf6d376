/**
 * The hub's own statements run as named prepared statements
 * (src/db/prepared-statements.ts): from a text's second run on, each
 * connection parses it once; it keeps at most DATABASE_PREPARED_STATEMENTS of
 * them, deallocating the least recently used outside a transaction; a text
 * whose length follows a JS list is never prepared; 0 turns it all off.
 * Read on an ORM of one connection, so every statement meets the same
 * session's `pg_prepared_statements`.
 */
import { afterEach, describe, expect, it, inject } from 'vitest';
import { createOrm, type Orm } from '../../src/db/orm';
import { preparedStatements, selectRows } from '../../src/db/select';
import { entities } from '../../src/entities';

const orms: Orm[] = [];

async function oneConnection(size: number) {
  const orm = await createOrm({ clientUrl: inject('databaseUrl'), entities, poolMax: 1, migrator: false });
  orms.push(orm);
  preparedStatements(orm.em, size);
  return orm.em.fork();
}

afterEach(async () => {
  await Promise.all(orms.splice(0).map((orm) => orm.close()));
});

/** The statements prepared on the session, by their text (the probe's own is not counted: it is run once per call). */
async function preparedTexts(em: Awaited<ReturnType<typeof oneConnection>>, probe: string): Promise<string[]> {
  const rows = await selectRows<{ statement: string }>(
    em,
    `select statement from pg_prepared_statements where statement not like '%${probe}%' order by statement`,
  );
  return rows.map((row) => row.statement);
}

/** A distinct read statement (its text names `n`). */
const statement = (n: number) => `select ?::int + ${n} as value`;

describe('prepared statements', () => {
  it('prepares a text from its second run on, and answers as before', async () => {
    const em = await oneConnection(100);
    expect(await selectRows(em, statement(1), [1])).toEqual([{ value: 2 }]);
    expect(await preparedTexts(em, 'probe-1')).toEqual([]);
    expect(await selectRows(em, statement(1), [2])).toEqual([{ value: 3 }]);
    expect(await preparedTexts(em, 'probe-2')).toEqual(['select $1::int + 1 as value']);
    // Run again by its name: the same answers, and still one prepared.
    expect(await selectRows(em, statement(1), [40])).toEqual([{ value: 41 }]);
    expect(await preparedTexts(em, 'probe-3')).toEqual(['select $1::int + 1 as value']);
  });

  it('keeps at most the configured number per connection, the least recently used deallocated', async () => {
    const em = await oneConnection(2);
    for (const n of [1, 2, 3]) for (let run = 0; run < 2; run++) await selectRows(em, statement(n), [n]);
    // 1 was evicted by 3, so its deallocation runs before the next statement on the connection.
    await selectRows(em, statement(2), [0]);
    expect(await preparedTexts(em, 'probe-a')).toEqual(['select $1::int + 2 as value', 'select $1::int + 3 as value']);
    // An evicted text is prepared again when it comes back, evicting the next least recent (3).
    for (let run = 0; run < 2; run++) expect(await selectRows(em, statement(1), [5])).toEqual([{ value: 6 }]);
    await selectRows(em, statement(2), [0]);
    expect(await preparedTexts(em, 'probe-b')).toEqual(['select $1::int + 1 as value', 'select $1::int + 2 as value']);
  });

  it('deallocates nothing inside a transaction, which commits; the list shrinks at the next statement outside one', async () => {
    const em = await oneConnection(1);
    await em.transactional(async (tx) => {
      for (const n of [1, 2, 3]) for (let run = 0; run < 2; run++) expect(await selectRows(tx, statement(n), [0])).toEqual([{ value: n }]);
      expect(await preparedTexts(tx, 'probe-in')).toHaveLength(3);
    });
    for (let run = 0; run < 2; run++) await selectRows(em, statement(4), [0]);
    await selectRows(em, statement(4), [0]);
    expect(await preparedTexts(em, 'probe-out')).toEqual(['select $1::int + 4 as value']);
  });

  it('never prepares a text a JS list expanded, nor anything when turned off', async () => {
    const listed = await oneConnection(100);
    for (const values of [
      [1, 2],
      [3, 4],
      [5, 6, 7],
    ])
      expect(await selectRows(listed, 'select count(*)::int as n from unnest(array[1, 2, 3]) x where x in (?)', [values])).toHaveLength(1);
    expect(await preparedTexts(listed, 'probe-list')).toEqual([]);

    const off = await oneConnection(0);
    for (let run = 0; run < 3; run++) await selectRows(off, statement(9), [run]);
    expect(await preparedTexts(off, 'probe-off')).toEqual([]);
  });
});
