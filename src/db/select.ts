/**
 * Raw SQL in the hub: which call, and how a list travels.
 *
 * The rule. A statement run for its rows (a `select`, with or without
 * `for update`) goes through `selectRows`. `em.execute` is for statements run
 * for their effect: writes (`insert`, `update`, `delete`, also with
 * `returning`), session statements (`pg_advisory_xact_lock`) and the
 * readiness probe (`select 1`); writes on the hot paths of typing (a
 * keystroke, its document and audit rows) bind their parameters instead
 * (`writeBound`, several at once with `writeTogether`). Reads of
 * whole entities for a GraphQL answer go through `readByIds`/`rowReader`
 * (read-rows.ts), which use `selectRows` in turn; reads that will be changed
 * and flushed go through the EntityManager (`em.find`, `em.findOne`), or
 * `lockedEntity` (locked-entity.ts: one row by id, locked, mapped into it).
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
import { DEFAULT_PREPARED_STATEMENTS, preparedName, type PreparingClient } from './prepared-statements';
import { runPipeline, type PipelinedStatement } from './pipeline';

interface PooledClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
}

interface PgConnection extends PreparingClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
  query(text: string): Promise<unknown>;
  query(pipeline: object): unknown;
}

/** How many statements each connection of an ORM keeps prepared (`preparedStatements`; prepared-statements.ts). */
const preparedPerConnection = new WeakMap<object, number>();

/** Sets how many of `selectRows`' statements each connection of `em`'s ORM keeps prepared (0: none). */
export function preparedStatements(em: EntityManager, size: number): void {
  preparedPerConnection.set(em.getConnection(), size);
}

/**
 * The rows of one read statement (`?` placeholders), in `em`'s transaction when it has one.
 *
 * The statement goes to `pg` on a connection of knex's pool (the transaction's own connection
 * inside one), not through `knex.raw`: knex's runner, query object, uid and binding passes cost
 * more than the statement's own bytes on a read of a few rows, and the hub's statements need
 * none of them (`?` becomes `$n` here as knex would make it, `\?` a literal `?`).
 */
export async function selectRows<R = Record<string, unknown>>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<R[]> {
  return (await bound(em, sql, params)).rows as R[];
}

/** A statement run for its effect, with its parameters bound as `selectRows` binds them: the rows it changed. */
export async function writeBound(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<number> {
  return (await bound(em, sql, params)).rowCount ?? 0;
}

/** A `select` with `?` placeholders, handed to a function that runs it inside a statement of its own (e.g. `openDocumentWith`). */
export interface Read {
  sql: string;
  params: readonly unknown[];
}

/** A read and what its rows mean, to run alone (`readOne`) or with others in one round trip (`readInOrder`). */
export interface Reading<T> extends Read {
  answer(rows: Record<string, unknown>[]): T;
}

/** The answer of one reading. */
export async function readOne<T>(em: EntityManager, reading: Reading<T>): Promise<T> {
  return reading.answer(await selectRows(em, reading.sql, reading.params));
}

/** The answers of readings, in their order. */
export type Answers<A extends readonly Reading<unknown>[]> = { [K in keyof A]: A[K] extends Reading<infer T> ? T : never };

/**
 * Several readings in one round trip (pipeline.ts), in `em`'s transaction when it has one: PostgreSQL runs each after
 * the one before it, on a snapshot of its own, so a read sent after a lock sees every change committed before the lock
 * was granted, as it would in a round trip of its own. Answers each one's answer, in order. Logged as one entry
 * (the texts joined by `;` and a line break, which the ORM's log turns into a space): tests that count entries count round trips.
 */
export async function readInOrder<const A extends readonly Reading<unknown>[]>(em: EntityManager, readings: A): Promise<Answers<A>> {
  const prepared = readings.map((reading) => statementOf(reading.sql, reading.params));
  const started = Date.now();
  const results = await onConnection(em, async (connection, nameOf) => {
    const statements: PipelinedStatement[] = [];
    for (const statement of prepared) {
      const name = await nameOf(statement);
      statements.push({ text: statement.positional, values: statement.values, ...(name ? { name } : {}) });
    }
    return runPipeline(connection, statements);
  });
  em.config.getLogger().logQuery({
    query: prepared.map((statement) => statement.text).join(';\n'),
    params: prepared.flatMap((statement) => statement.values),
    took: Date.now() - started,
    results: results.reduce((sum, result) => sum + result.rows.length, 0),
    level: 'info',
  });
  return readings.map((reading, i) => reading.answer(results[i].rows as Record<string, unknown>[])) as Answers<A>;
}

/** One write of several that go to PostgreSQL together (`writeTogether`): an `insert`, `update` or `delete`, `?` placeholders. */
export interface Write {
  sql: string;
  params: readonly unknown[];
  /** Its `returning` rows are what `writeTogether` answers (one write of a call at most). */
  returns?: boolean;
}

/**
 * Writes to different tables as one statement (data-modifying `with` parts),
 * so a transaction that changes several rows pays one round trip. They run
 * on one snapshot and none sees another's rows, so each must stand alone: no
 * two may change the same row, and none may read what another writes
 * (foreign keys are checked at the end of the statement, as for one write).
 * Answers the rows of the write marked `returns` (none without one).
 */
export async function writeTogether<R = Record<string, unknown>>(em: EntityManager, writes: readonly Write[]): Promise<R[]> {
  const returning = writes.flatMap((write, i) => (write.returns ? [i] : []));
  if (returning.length > 1) throw new Error('writeTogether answers the rows of one write at most');
  if (writes.length === 0) return [];
  const sql =
    writes.length === 1
      ? writes[0].sql
      : `with ${writes.map((write, i) => `w${i} as (${write.sql})`).join(', ')} ${returning.length ? `select * from w${returning[0]}` : 'select 1'}`;
  const { rows } = await bound(
    em,
    sql,
    writes.flatMap((write) => write.params),
  );
  return returning.length ? (rows as R[]) : [];
}

interface BoundStatement {
  /** As given (`?` placeholders, lists expanded), for the log. */
  text: string;
  /** With PostgreSQL's `$n` placeholders. */
  positional: string;
  values: unknown[];
  /** Its length follows a JS list: never prepared. */
  expanded: boolean;
}

function statementOf(sql: string, params: readonly unknown[]): BoundStatement {
  const [text, values, expanded] = expandLists(sql, params);
  if (values.includes(undefined)) throw new Error(`Undefined binding(s) in: ${text}`);
  return { text, positional: numbered(text, values.length), values, expanded };
}

/**
 * Runs `work` on a `pg` connection of `em`'s transaction, or of knex's pool outside one, with the name each statement
 * runs prepared under (prepared-statements.ts; undefined: unnamed).
 */
async function onConnection<T>(
  em: EntityManager,
  work: (connection: PgConnection, nameOf: (statement: BoundStatement) => Promise<string | undefined>) => Promise<T>,
): Promise<T> {
  const transaction = em.getTransactionContext<{ client: PooledClient }>();
  const ormConnection = em.getConnection();
  const client = (transaction?.client ?? ormConnection.getKnex().client) as PooledClient;
  const connection = await client.acquireConnection();
  try {
    const size = preparedPerConnection.get(ormConnection) ?? DEFAULT_PREPARED_STATEMENTS;
    return await work(connection, async (statement) =>
      statement.expanded ? undefined : preparedName(connection, statement.positional, size, transaction !== undefined),
    );
  } finally {
    await client.releaseConnection(connection);
  }
}

async function bound(em: EntityManager, sql: string, params: readonly unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }> {
  const statement = statementOf(sql, params);
  const started = Date.now();
  const result = await onConnection(em, async (connection, nameOf) => {
    const name = await nameOf(statement);
    return connection.query(name ? { name, text: statement.positional, values: statement.values } : { text: statement.positional, values: statement.values });
  });
  em.config.getLogger().logQuery({ query: statement.text, params: statement.values, took: Date.now() - started, results: result.rows.length, level: 'info' });
  return result;
}

/** `?` placeholders as PostgreSQL's `$1`, `$2`, … (a `\?` stays a literal `?`); throws when they do not match the values. */
function numbered(sql: string, count: number): string {
  let next = 0;
  const text = sql.replace(/\\?\?\??/g, (match) => {
    if (match === '\\?') return '?';
    if (match === '??') throw new Error('selectRows does not bind identifiers (??)');
    return `$${++next}`;
  });
  if (next !== count) throw new Error(`Expected ${count} bindings, saw ${next}`);
  return text;
}

/**
 * An array parameter stands for a list, as in `em.execute`: `in (?)` with [a, b] becomes `in (?, ?)`.
 * Also answers whether any did (the text then depends on the lists' lengths).
 */
function expandLists(sql: string, params: readonly unknown[]): [string, unknown[], boolean] {
  const values: unknown[] = [];
  let next = 0;
  let expanded = false;
  const text = sql.replace(/\?/g, () => {
    const param = params[next++];
    if (!Array.isArray(param)) {
      values.push(param);
      return '?';
    }
    expanded = true;
    values.push(...param);
    return param.map(() => '?').join(', ');
  });
  return [text, values, expanded];
}

/**
 * A list as one PostgreSQL array literal, to bind with a cast
 * (`= any(?::uuid[])`, `&& ?::text[]`, `?::opportunity_kind[]`). Every element
 * is quoted, so an empty string, a comma, a brace or the word NULL stay text.
 */
export function arrayParam(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
