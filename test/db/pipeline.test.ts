/**
 * Statements in one round trip (src/db/pipeline.ts): `readInOrder` sends
 * several readings together and answers each, a read sent after a lock sees
 * what committed while it waited for the lock, a failure aborts the rest and
 * leaves the connection usable; knex's BEGIN travels with the transaction's
 * first statement, and a transaction that ran nothing sends neither BEGIN
 * nor COMMIT. Round trips are counted as PostgreSQL's ReadyForQuery
 * messages, one per round trip, on an ORM of one connection.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createOrm, type Orm } from '../../src/db/orm';
import { readInOrder, selectRows, writeBound, type Reading } from '../../src/db/select';
import { entities } from '../../src/entities';

let orm: Orm;
const table = `pipeline_probe_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

beforeAll(async () => {
  orm = await createOrm({ clientUrl: inject('databaseUrl'), entities, poolMax: 1, migrator: false });
  await writeBound(orm.em.fork(), `create table ${table} (id int primary key, n int not null)`);
});

afterAll(async () => {
  await writeBound(orm.em.fork(), `drop table if exists ${table}`);
  await orm.close();
});

/** Round trips made by `work` on the ORM's one connection. */
async function roundTrips(work: () => Promise<unknown>): Promise<number> {
  const client = orm.em.getConnection().getKnex().client as { acquireConnection(): Promise<pg.Client>; releaseConnection(c: pg.Client): Promise<void> };
  const connection = await client.acquireConnection();
  await client.releaseConnection(connection);
  const wire = (connection as unknown as { connection: { on(event: string, listener: () => void): void; off(event: string, listener: () => void): void } })
    .connection;
  let count = 0;
  const counted = () => count++;
  wire.on('readyForQuery', counted);
  try {
    await work();
  } finally {
    wire.off('readyForQuery', counted);
  }
  return count;
}

const value = (n: number): Reading<number> => ({ sql: 'select ?::int as n', params: [n], answer: ([row]) => row.n as number });

describe('statements in one round trip', () => {
  it('answers several readings in order in one round trip, named ones prepared from their second run', async () => {
    const em = orm.em.fork();
    const reads = [value(1), { sql: `select ?::text || 'b' as s`, params: ['a'], answer: (rows: Record<string, unknown>[]) => rows }, value(3)] as const;
    expect(await roundTrips(() => readInOrder(em, reads))).toBe(1);
    expect(await readInOrder(em, reads)).toEqual([1, [{ s: 'ab' }], 3]);
    const prepared = await selectRows<{ statement: string }>(em, `select statement from pg_prepared_statements where statement like 'select $1::%' order by 1`);
    expect(prepared.map((row) => row.statement)).toEqual(['select $1::int as n', "select $1::text || 'b' as s"]);
    expect(await readInOrder(em, reads)).toEqual([1, [{ s: 'ab' }], 3]);
  });

  it('sends BEGIN with the first statement, and neither BEGIN nor COMMIT for a transaction that ran nothing', async () => {
    const em = orm.em.fork();
    expect(await roundTrips(() => em.transactional((tx) => selectRows(tx, 'select 1 as one')))).toBe(2);
    expect(await roundTrips(() => em.transactional((tx) => readInOrder(tx, [value(1), value(2)])))).toBe(2);
    expect(await roundTrips(() => em.transactional(async () => 'nothing run'))).toBe(0);
    // The statements did run inside the transaction: a write there is rolled back with it.
    await expect(
      em.transactional(async (tx) => {
        await writeBound(tx, `insert into ${table} (id, n) values (?, ?)`, [100, 1]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await selectRows(em, `select * from ${table} where id = 100`)).toEqual([]);
  });

  it('refuses the whole batch when one statement fails, and leaves the connection usable', async () => {
    const em = orm.em.fork();
    await expect(
      em.transactional((tx) => readInOrder(tx, [value(1), { sql: 'select 1/0 as x', params: [], answer: (rows) => rows }, value(3)])),
    ).rejects.toThrow(/division by zero/);
    await expect(readInOrder(em, [value(4), { sql: 'select nope', params: [], answer: (rows) => rows }])).rejects.toThrow(/column "nope" does not exist/);
    expect(await readInOrder(em, [value(5), value(6)])).toEqual([5, 6]);
    expect(await em.transactional((tx) => selectRows(tx, 'select 7 as n'))).toEqual([{ n: 7 }]);
  });

  it('runs a read sent after a lock once the lock is held: it sees what committed while it waited', async () => {
    await writeBound(orm.em.fork(), `insert into ${table} (id, n) values (1, 0)`);
    const holder = new pg.Client({ connectionString: inject('databaseUrl') });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`select id from ${table} where id = 1 for update`);
      await holder.query(`insert into ${table} (id, n) values (2, 1)`);
      const waiting = orm.em.fork().transactional((tx) =>
        readInOrder(tx, [
          { sql: `select id from ${table} where id = 1 for share`, params: [], answer: (rows) => rows.length },
          { sql: `select count(*)::int as n from ${table}`, params: [], answer: ([row]) => row.n as number },
        ]),
      );
      const probe = new pg.Client({ connectionString: inject('databaseUrl') });
      await probe.connect();
      let waited = false;
      try {
        for (let tries = 0; tries < 500 && !waited; tries++) {
          const { rows } = await probe.query(
            `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%${table}%for share%'`,
          );
          waited = rows[0].n > 0;
          if (!waited) await new Promise((resolve) => setTimeout(resolve, 10));
        }
      } finally {
        await probe.end();
      }
      expect(waited).toBe(true);
      await holder.query('commit');
      expect(await waiting).toEqual([1, 2]);
    } finally {
      await holder.end();
    }
  });
});
