/**
 * Relay connections, one helper for every paginated list: `first` (at most
 * 100) and `after`, keyset cursors that stay stable across inserts, and a
 * `totalCount` counted only when asked for.
 *
 * `findPage` pages a root list through MikroORM; `nestedPages` pages the
 * children of many parents in one windowed statement per level.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityName, FilterQuery } from '@mikro-orm/core';
import { Kind, type GraphQLResolveInfo } from 'graphql';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { rowReader } from '../db/read-rows';
import { arrayParam, selectRows } from '../db/select';
import { BadUserInputError } from '../errors';
import type { HubContext } from './context';
import type { Loaders } from './loaders';
import { connectionReads, connectionReferences, readsKey, type JoinedReference } from './selection-reads';

export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;

@ObjectType({ description: 'Where a page stands in its list' })
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  /** Checked by `pageSize` where the page is read (no class-validator pass for every list of a page of lists). */
  @Field(() => Int, { nullable: true, description: `How many items, at most ${MAX_PAGE} (default ${DEFAULT_PAGE})` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The cursor after which the page starts' })
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionResult<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** A promise, counted only when the field is selected. */
  readonly totalCount: Promise<number> | number;
}

/** Declares `<Name>Connection` and `<Name>Edge` for a node type. */
export function Connection<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field() cursor!: string;
    @Field(() => node) node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType]) edges!: EdgeType[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    // A promise (counted when selected): it keeps a resolver, see direct-resolution.ts.
    @Field(() => Int, { description: 'How many items the whole list holds', simple: false }) totalCount!: number;
  }
  return ConnectionType;
}

/**
 * What a sort key's column holds: a decoded cursor value must be one, since a
 * client can write any JSON into a cursor and it reaches SQL as a parameter.
 */
export type SortType = 'uuid' | 'timestamp' | 'number' | 'integer' | 'text';

/** One key of a list's order; the last key must be unique (the id). */
export interface SortKey {
  /** Entity property. */
  field: string;
  /** Column, for the windowed SQL of nested pages. */
  column: string;
  direction: 'asc' | 'desc';
  type: SortType;
}

export const BY_ID: SortKey = { field: 'id', column: 'id', direction: 'asc', type: 'uuid' };

type CursorValue = string | number | boolean | { d: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Longer than any sortable text the hub stores (names are bounded well below). */
const MAX_TEXT_VALUE = 1000;
/** PostgreSQL's integer range (the hub sorts by int4 counters such as versions). */
const MAX_INT4 = 2147483647;

/** The cursor value as the column's type, or undefined when it is not one. */
function asSortValue(type: SortType, value: unknown): unknown {
  switch (type) {
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? value : undefined;
    case 'timestamp': {
      const iso = (value as { d?: unknown } | null)?.d;
      if (typeof value !== 'object' || typeof iso !== 'string') return undefined;
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? undefined : date;
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'integer':
      return Number.isInteger(value) && Math.abs(value as number) <= MAX_INT4 ? value : undefined;
    case 'text':
      return typeof value === 'string' && value.length <= MAX_TEXT_VALUE && !value.includes('\u0000') ? value : undefined;
  }
}

function signature(order: SortKey[]): string {
  return order.map((key) => `${key.field}${key.direction === 'asc' ? '+' : '-'}`).join(',');
}

export function encodeCursor(order: SortKey[], row: Record<string, unknown>): string {
  const values: CursorValue[] = order.map((key) => {
    const value = row[key.field];
    return value instanceof Date ? { d: value.toISOString() } : (value as CursorValue);
  });
  return Buffer.from(JSON.stringify([signature(order), ...values])).toString('base64url');
}

/** The sort values an `after` cursor stands for, each of its key's type; BAD_USER_INPUT when foreign or altered. */
export function decodeCursor(order: SortKey[], cursor: string): unknown[] {
  const refuse = () => BadUserInputError.field('after', 'is not a cursor from this list');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parsed) || parsed[0] !== signature(order) || parsed.length !== order.length + 1) throw refuse();
  return parsed.slice(1).map((value, index) => {
    const typed = asSortValue(order[index].type, value);
    if (typed === undefined) throw refuse();
    return typed;
  });
}

/** The page size asked for, or BAD_USER_INPUT naming `first`. */
export function pageSize(args: PageArgs): number {
  const first = args.first ?? DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) {
    throw BadUserInputError.field('first', `must be from 0 to ${MAX_PAGE}`);
  }
  return first;
}

/**
 * Wraps fetched rows (at most first + 1) as a connection. `sortValues` gives
 * a row's sort values when some are not properties of the node (e.g. a rank
 * computed by the query).
 */
export function toConnection<T extends object>(
  rows: T[],
  order: SortKey[],
  args: PageArgs,
  totalCount: () => Promise<number> | number,
  sortValues: (node: T) => Record<string, unknown> = asSortValues,
): ConnectionResult<T> {
  const first = pageSize(args);
  const edges = (rows.length > first ? rows.slice(0, first) : rows).map((node) => new LazyEdge(node, order, sortValues));
  return new LazyConnection(edges, new LazyPageInfo(edges, rows.length > first, Boolean(args.after)), totalCount);
}

const asSortValues = (node: object) => node as Record<string, unknown>;

/** A connection whose total is counted when a client selects it (a number at once when the page's statement counted it). */
class LazyConnection<T> implements ConnectionResult<T> {
  private counted: Promise<number> | number | undefined;

  constructor(
    readonly edges: Edge<T>[],
    readonly pageInfo: PageInfo,
    private readonly count: () => Promise<number> | number,
  ) {}

  get totalCount(): Promise<number> | number {
    this.counted ??= this.count();
    return this.counted;
  }
}

/** An edge whose cursor is encoded when a client selects it (most nested reads never do). */
class LazyEdge<T extends object> implements Edge<T> {
  private encoded: string | undefined;

  constructor(
    readonly node: T,
    private readonly order: SortKey[],
    private readonly sortValues: (node: T) => Record<string, unknown>,
  ) {}

  get cursor(): string {
    this.encoded ??= encodeCursor(this.order, this.sortValues(this.node));
    return this.encoded;
  }
}

class LazyPageInfo implements PageInfo {
  constructor(
    private readonly edges: Edge<object>[],
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges[this.edges.length - 1]?.cursor ?? null;
  }
}

/** `(k1, k2, …) > (v1, v2, …)` in the list's own order, as a MikroORM filter. */
function keysetFilter(order: SortKey[], values: unknown[]): Record<string, unknown> {
  return {
    $or: order.map((key, i) => {
      const clause: Record<string, unknown> = {};
      for (let j = 0; j < i; j++) clause[order[j].field] = values[j];
      clause[key.field] = { [key.direction === 'asc' ? '$gt' : '$lt']: values[i] };
      return clause;
    }),
  };
}

/** Pages a root list: one statement for the rows, one for totalCount if selected. */
export async function findPage<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  order: SortKey[],
  args: PageArgs,
): Promise<ConnectionResult<T>> {
  const first = pageSize(args);
  const filter = args.after ? { $and: [where, keysetFilter(order, decodeCursor(order, args.after))] } : where;
  const orderBy = order.map((key) => ({ [key.field]: key.direction }));
  const rows = first === 0 && !args.after ? [] : await em.find(entity, filter as FilterQuery<T>, { orderBy: orderBy as never, limit: first + 1 });
  return toConnection(rows, order, args, () => em.count(entity, where));
}

/**
 * Whether the connection field being resolved selects `totalCount` (or may:
 * a fragment counts as yes). A root page counts its list in its own statement
 * only then: `count(*) over ()` makes PostgreSQL read every match, where a
 * page alone may stop at the limit.
 */
export function selectsTotalCount(info: Pick<GraphQLResolveInfo, 'fieldNodes'>): boolean {
  return info.fieldNodes.some((node) =>
    (node.selectionSet?.selections ?? []).some((selection) => selection.kind !== Kind.FIELD || selection.name.value === 'totalCount'),
  );
}

const SQL_TYPES: Record<SortType, string> = { uuid: 'uuid', timestamp: 'timestamptz', number: 'double precision', integer: 'integer', text: 'text' };

/** SQL conditions over alias `t`, with their parameters in order. */
export interface Conditions {
  sql: string[];
  params: unknown[];
}

/**
 * Pages a root list in one statement: the rows (read-only entities, see
 * read-rows.ts) and, on a first page whose `totalCount` is selected
 * (`withCount`, see `selectsTotalCount`), the whole list's count with them
 * (`count(*) over ()` is taken before the limit); otherwise one more
 * statement for `totalCount` if it is read. The order's keys must all run
 * one way (a row comparison states the keyset).
 */
export async function selectPage<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: Conditions,
  order: SortKey[],
  args: PageArgs & { withCount?: boolean },
): Promise<ConnectionResult<T>> {
  const first = pageSize(args);
  if (!order.every((key) => key.direction === order[0].direction)) throw new Error('selectPage needs one direction for all sort keys');
  const reader = rowReader(em, entity);
  const conditions = [...where.sql];
  const params = [...where.params];
  if (args.after) {
    const values = decodeCursor(order, args.after);
    conditions.push(
      `(${order.map((key) => `t.${key.column}`).join(', ')}) ${order[0].direction === 'asc' ? '>' : '<'} (${order.map((key) => `?::${SQL_TYPES[key.type]}`).join(', ')})`,
    );
    params.push(...values);
  }
  const whereSql = (list: string[]) => (list.length ? list.join(' and ') : 'true');
  const counting = !args.after && args.withCount === true;
  const rows =
    first === 0 && !args.after
      ? []
      : await selectRows(
          em,
          `select ${reader.columns('t')}${counting ? ', count(*) over () as "__total"' : ''} from ${reader.table} t
            where ${whereSql(conditions)} order by ${order.map((key) => `t.${key.column} ${key.direction}`).join(', ')} limit ?`,
          [...params, first + 1],
        );
  const counted = first === 0 || !counting ? undefined : rows.length > 0 ? Number(rows[0].__total) : 0;
  const count = async () => {
    const [{ count }] = await selectRows<{ count: string }>(em, `select count(*) as count from ${reader.table} t where ${whereSql(where.sql)}`, where.params);
    return Number(count);
  };
  return toConnection(
    rows.map((row) => reader.map(row)),
    order,
    args,
    counted === undefined ? count : () => counted,
  );
}

export interface NestedList<T extends { id: string }> {
  /** Distinguishes loaders in the request. */
  name: string;
  entity: EntityName<T> & { name: string };
  table: string;
  parentColumn: string;
  order: SortKey[];
  /** Extra condition on the children, SQL over alias `t`, with its parameters. */
  filter?: { sql: string; params: unknown[] };
}

const filterKeys = new WeakMap<object, string>();

/**
 * A filter's part of its loaders' keys: a digest of its SQL and parameters
 * (which can hold hundreds of ids), made once per filter object. Equal
 * filters share loaders, so their lists share statements.
 */
function keyOf(filter: { sql: string; params: unknown[] }): string {
  let key = filterKeys.get(filter);
  if (key === undefined) {
    key = createHash('sha1').update(JSON.stringify(filter)).digest('base64url');
    filterKeys.set(filter, key);
  }
  return key;
}

/**
 * Pages the children of many parents at once: all parents' pages in one
 * windowed statement, which also counts each parent's list (the first page's
 * `totalCount` costs no statement of its own); after a cursor, the counts in
 * one grouped statement when selected. Given the connection field's `info`,
 * the statement reads only the columns its `edges { node }` selection needs
 * (selection-reads.ts).
 */
export function nestedPage<T extends { id: string }>(
  ctx: HubContext,
  list: NestedList<T>,
  parentId: string,
  args: PageArgs,
  info?: Pick<GraphQLResolveInfo, 'fieldNodes' | 'returnType'>,
): Promise<ConnectionResult<T>> {
  const first = pageSize(args);
  const after = args.after ? decodeCursor(list.order, args.after) : undefined;
  const filterKey = list.filter ? keyOf(list.filter) : '';
  const reads = info
    ? connectionReads(
        info,
        list.entity,
        () => rowReader(ctx.em, list.entity).properties,
        () => list.order.map((key) => key.field), // a cursor reads them
      )
    : null;
  const joins = info && reads ? connectionReferences(info, list.entity, (target) => rowReader(ctx.em, target as EntityName<object>).properties) : NO_JOINS;
  const key = `nested:${list.name}:${first}:${args.after ?? ''}:${filterKey}:${readsKey(reads)}:${joinsKey(joins)}`;
  const loaders = ctx.loaders;
  const counts = loaders.get(`count:${list.name}:${filterKey}`, (em) => loaders.batched<string, number>((ids) => countChildren(em, list, ids)));
  const pages = loaders.get(key, (em) => loaders.batched<string, ChildPage<T>>((ids) => pageChildren(em, loaders, list, ids, first, after, reads, joins)));
  return pages.load(parentId).then(({ rows, total }) => toConnection(rows, list.order, args, () => (total === undefined ? counts.load(parentId) : total)));
}

const NO_JOINS: readonly JoinedReference[] = [];
const joinKeys = new WeakMap<readonly JoinedReference[], string>();

/** The loaders' key part of a page's joined references, made once per list of them. */
function joinsKey(joins: readonly JoinedReference[]): string {
  let key = joinKeys.get(joins);
  if (key === undefined) {
    key = joins.map((join) => `${join.property}(${readsKey(join.reads)})`).join(',');
    joinKeys.set(joins, key);
  }
  return key;
}

interface ChildPage<T> {
  rows: T[];
  /** The parent's whole list, counted with the first page (none after a cursor). */
  total?: number;
}

async function pageChildren<T extends { id: string }>(
  em: EntityManager,
  loaders: Loaders,
  list: NestedList<T>,
  parentIds: readonly string[],
  first: number,
  after: unknown[] | undefined,
  reads: ReadonlySet<string> | null,
  joins: readonly JoinedReference[],
): Promise<Array<ChildPage<T>>> {
  const params: unknown[] = [arrayParam(parentIds)];
  const conditions = [`t.${list.parentColumn} = any(?::uuid[])`];
  if (list.filter) {
    conditions.push(`(${list.filter.sql})`);
    params.push(...list.filter.params);
  }
  if (after) {
    const columns = list.order.map((key) => `t.${key.column}`).join(', ');
    const sameDirection = list.order.every((key) => key.direction === list.order[0].direction);
    if (!sameDirection) throw new Error('nested pages need one direction for all sort keys');
    conditions.push(`(${columns}) ${list.order[0].direction === 'asc' ? '>' : '<'} (${list.order.map(() => '?').join(', ')})`);
    params.push(...after);
  }
  const orderSql = list.order.map((key) => `t.${key.column} ${key.direction}`).join(', ');
  params.push(first + 1);
  const reader = rowReader(em, list.entity).only(reads);
  // Rows the page's references name (`district { id name }`), read with the page: `Loaders.reference` answers them at once.
  const joined = joins.map((join, index) => {
    const target = rowReader(em, join.target as EntityName<{ id: string }>).only(join.reads);
    return { join, target, alias: `r${index}`, as: `__r${index}_`, id: `__r${index}_id`, column: reader.columnOf(join.property)! };
  });
  const rows = await selectRows(
    em,
    `select w.*${joined.map(({ target, alias, as }) => `, ${target.columns(alias, as)}`).join('')} from (
       select t.${list.parentColumn} as "__parent", ${reader.columns('t')}, row_number() over (partition by t.${list.parentColumn} order by ${orderSql}) as "__rn"${
         after ? '' : `, count(*) over (partition by t.${list.parentColumn})::int as "__total"`
       }
         from ${list.table} t where ${conditions.join(' and ')}
     ) w${joined.map(({ target, alias, column }) => ` left join ${target.table} ${alias} on ${alias}.id = w."${column}"`).join('')}
     where w."__rn" <= ? order by w."__rn"`,
    params,
  );
  const pages = new Map<string, ChildPage<T>>(parentIds.map((id) => [id, { rows: [], total: after ? undefined : 0 }]));
  for (const row of rows) {
    const page = pages.get(String(row.__parent));
    if (!page) continue;
    page.rows.push(loaders.primed(list.entity, reader.map(row)));
    if (!after) page.total = Number(row.__total);
    for (const { join, target, as, id } of joined) {
      if (row[id] != null) loaders.primed(join.target as EntityName<{ id: string }> & { name: string }, target.map(row, as));
    }
  }
  return parentIds.map((id) => pages.get(id)!);
}

async function countChildren<T extends { id: string }>(em: EntityManager, list: NestedList<T>, parentIds: readonly string[]): Promise<number[]> {
  const params: unknown[] = [arrayParam(parentIds), ...(list.filter?.params ?? [])];
  const rows = await selectRows<{ parent: string; count: string }>(
    em,
    `select t.${list.parentColumn} as parent, count(*) as count from ${list.table} t
      where t.${list.parentColumn} = any(?::uuid[])${list.filter ? ` and (${list.filter.sql})` : ''}
      group by t.${list.parentColumn}`,
    params,
  );
  const counts = new Map(rows.map((row) => [String(row.parent), Number(row.count)]));
  return parentIds.map((id) => counts.get(id) ?? 0);
}
