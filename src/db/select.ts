/**
 * Raw SQL in the hub: which call, and how a list travels.
 *
 * The rule. A statement run for its rows (a `select`, with or without
 * `for update`) goes through `selectRows`. `em.execute` is for statements run
 * for their effect: writes (`insert`, `update`, `delete`, also with
 * `returning`), session statements (`pg_advisory_xact_lock`) and the
 * readiness probe (`select 1`). Reads of
 * whole entities for a GraphQL answer go through `readByIds`/`rowReader`
 * (read-rows.ts), which use `selectRows` in turn; reads that will be changed
 * and flushed go through the EntityManager (`em.find`, `em.findOne`).
 *
 * Why. `em.execute` writes every parameter into the SQL text (MikroORM formats
 * the query itself, escaping literals character by character), and the
 * hub's batched reads bind hundreds of ids at a time: on the nested network
 * query that formatting was the largest single source of garbage. Here the
 * statement goes to PostgreSQL through the ORM's own knex and pool, with its
 * parameters bound (`?` as in `em.execute`), inside the EntityManager's
 * transaction when there is one, and is logged like MikroORM's own
 * statements (tests count them through that log).
 *
 * Lists. A list of ids or tags is bound as ONE parameter, `arrayParam(values)`,
 * with a cast: `= any(?::uuid[])`, `&& ?::text[]`. Empty lists work (`in ()`
 * would not) and the statement text is the same whatever the list's length.
 * (A JS array given as a parameter still expands to `?, ?, …`, as it does in
 * `em.execute`, so a statement moved from one to the other keeps its meaning.)
 */
import type { EntityManager } from '@mikro-orm/postgresql';

/** The rows of one read statement (`?` placeholders), in `em`'s transaction when it has one. */
export async function selectRows<R = Record<string, unknown>>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<R[]> {
  const [text, values] = expandLists(sql, params);
  const query = em
    .getConnection()
    .getKnex()
    .raw(text, values as never);
  const transaction = em.getTransactionContext();
  if (transaction) query.transacting(transaction);
  const started = Date.now();
  const result = (await query) as { rows: R[] };
  em.config.getLogger().logQuery({ query: text, params: values, took: Date.now() - started, results: result.rows.length, level: 'info' });
  return result.rows;
}

/** An array parameter stands for a list, as in `em.execute`: `in (?)` with [a, b] becomes `in (?, ?)`. */
function expandLists(sql: string, params: readonly unknown[]): [string, unknown[]] {
  const values: unknown[] = [];
  let next = 0;
  const text = sql.replace(/\?/g, () => {
    const param = params[next++];
    if (!Array.isArray(param)) {
      values.push(param);
      return '?';
    }
    values.push(...param);
    return param.map(() => '?').join(', ');
  });
  return [text, values];
}

/**
 * A list as one PostgreSQL array literal, to bind with a cast
 * (`= any(?::uuid[])`, `&& ?::text[]`, `?::opportunity_kind[]`). Every element
 * is quoted, so an empty string, a comma, a brace or the word NULL stay text.
 */
export function arrayParam(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
