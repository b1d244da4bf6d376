/**
 * Finding published modules: full-text search (weighted title > summary >
 * body over a generated, GIN-indexed tsvector), filters, keyset pages ranked
 * by relevance when searching and by recency otherwise; and the educator's
 * recommendations, which reuse the same query.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../graphql/context';
import { decodeCursor, pageSize, toConnection, type ConnectionResult, type PageArgs, type SortKey } from '../../graphql/connection';
import { BadUserInputError } from '../../errors';
import { expectGlobalId } from '../../domain/global-id';
import type { Loaders } from '../../graphql/loaders';
import { Organization } from '../organizations/organization.entity';
import { LearningModule } from './learning-module.entity';
import type { LearningModuleFilter } from './learning.inputs';
import { normalizeTags } from '../../text/normalize';
import { rowReader } from '../../db/read-rows';
import { arrayParam, selectRows } from '../../db/select';

const RECENT: SortKey[] = [
  { field: 'publishedAt', column: 'published_at', direction: 'desc', type: 'timestamp' },
  { field: 'id', column: 'id', direction: 'desc', type: 'uuid' },
];
const RELEVANT: SortKey[] = [{ field: 'rank', column: 'rank', direction: 'desc', type: 'number' }, ...RECENT];

const TSQUERY = "websearch_to_tsquery('english', ?)";
/** The result-column prefix of a module's publisher (see `pageModules`). */
const PUBLISHER = 'publisher.';
const MAX_SEARCH = 200;

/** SQL conditions over alias `m`, with their parameters in order. */
export interface ModuleConditions {
  sql: string[];
  params: unknown[];
  /** The search words, when the list is ranked by relevance. */
  search?: string;
}

/** Checks and translates a filter into SQL; BAD_USER_INPUT names `<path>.<field>`. */
export function filterConditions(filter: LearningModuleFilter | null | undefined, path = 'filter'): ModuleConditions {
  const conditions: ModuleConditions = { sql: [`m.status = 'PUBLISHED'`], params: [] };
  if (!filter) return conditions;
  const anyOf = (column: string, values: readonly string[] | null | undefined) => {
    if (!values?.length) return;
    conditions.sql.push(`m.${column} && ?::text[]`);
    conditions.params.push(arrayParam([...new Set(values)]));
  };
  const search = filter.search?.trim();
  if (search) {
    if (search.length > MAX_SEARCH) throw BadUserInputError.field(`${path}.search`, `must be at most ${MAX_SEARCH} characters`);
    conditions.sql.push(`m.search @@ ${TSQUERY}`);
    conditions.params.push(search);
    conditions.search = search;
  }
  if (filter.competencies && filter.competencies.length > 30) throw BadUserInputError.field(`${path}.competencies`, 'must name at most 30 competencies');
  anyOf('competencies', normalizeTags(filter.competencies ?? []));
  anyOf('audiences', filter.audiences);
  anyOf('zones', filter.zones);
  if (filter.formats?.length) {
    conditions.sql.push('m.format::text = any(?::text[])');
    conditions.params.push(arrayParam([...new Set(filter.formats)]));
  }
  if (filter.publisherId) {
    conditions.sql.push('m.publisher_id = ?');
    conditions.params.push(expectGlobalId(filter.publisherId, 'Organization', `${path}.publisherId`));
  }
  return conditions;
}

interface RankedRow {
  rank?: number;
  [column: string]: unknown;
}

/**
 * One keyset page of modules matching `conditions`: one statement for the
 * rows, which on a first page whose `totalCount` is selected (`withCount`)
 * also counts the whole list (`count(*) over ()` is taken before the limit);
 * otherwise one more for `totalCount` when it is read. The page is chosen,
 * ranked and counted over narrow rows (id, rank, published_at), and only its
 * own rows are then read whole: ranking and counting a thousand matches
 * with their bodies cost PostgreSQL about twice as much.
 */
export async function pageModules(
  em: EntityManager,
  conditions: ModuleConditions,
  args: PageArgs & { withCount?: boolean },
  loaders?: Loaders,
): Promise<ConnectionResult<LearningModule>> {
  const first = pageSize(args);
  const order = conditions.search ? RELEVANT : RECENT;
  const rankSql = conditions.search ? `ts_rank(m.search, ${TSQUERY})` : null;
  const rankParams = conditions.search ? [conditions.search] : [];

  const where = [...conditions.sql];
  const params: unknown[] = [...rankParams, ...conditions.params];
  if (args.after) {
    const after = decodeCursor(order, args.after);
    if (rankSql) {
      where.push(`(${rankSql}, m.published_at, m.id) < (?::real, ?::timestamptz, ?::uuid)`);
      params.push(conditions.search, ...after);
    } else {
      where.push('(m.published_at, m.id) < (?::timestamptz, ?::uuid)');
      params.push(...after);
    }
  }
  const orderBy = (rank: string, alias: string) => `${rankSql ? `${rank} desc, ` : ''}${alias}.published_at desc, ${alias}.id desc`;
  const counting = !args.after && args.withCount === true;
  const reader = rowReader(em, LearningModule);
  // With the request's loaders, each module's publisher comes in the same row (public: every
  // organization is), primed for `publisher`: one statement fewer than a batch of them after.
  const publishers = loaders ? rowReader(em, Organization) : undefined;
  const rows: RankedRow[] =
    first === 0 && !args.after
      ? []
      : await selectRows<RankedRow>(
          em,
          `with page as (
             select m.id, m.published_at${rankSql ? `, ${rankSql} as rank` : ''}${counting ? ', count(*) over () as "__total"' : ''}
               from learning_modules m where ${where.join(' and ')}
              order by ${orderBy('rank', 'm')} limit ?
           )
           select ${reader.columns('m')}${rankSql ? ', page.rank' : ''}${counting ? ', page."__total"' : ''}${
             publishers ? `, ${publishers.columns('o', PUBLISHER)}` : ''
           }
             from page join learning_modules m on m.id = page.id${publishers ? ` join ${publishers.table} o on o.id = m.publisher_id` : ''}
            order by ${orderBy('page.rank', 'page')}`,
          [...params, first + 1],
        );
  const ranks = new Map<LearningModule, number>();
  const modules = rows.map((row) => {
    const module = reader.map(row);
    if (row.rank !== undefined) ranks.set(module, row.rank);
    if (publishers) loaders!.primed(Organization, publishers.map(row, PUBLISHER));
    return module;
  });
  // A first page that ran counted its list (none of it: no rows at all).
  const counted = first === 0 || !counting ? undefined : rows.length > 0 ? Number(rows[0].__total) : 0;
  const countModules = async () => {
    const [{ count }] = await selectRows<{ count: string }>(
      em,
      `select count(*) as count from learning_modules m where ${conditions.sql.join(' and ')}`,
      conditions.params,
    );
    return Number(count);
  };
  return toConnection(modules, order, args, counted === undefined ? countModules : () => counted, (module) => ({
    rank: ranks.get(module),
    publishedAt: module.publishedAt,
    id: module.id,
  }));
}

/** `learningModules`: published modules matching the filter. */
export function listModules(
  ctx: HubContext,
  args: PageArgs & { filter?: LearningModuleFilter | null; withCount?: boolean },
): Promise<ConnectionResult<LearningModule>> {
  return pageModules(ctx.em, filterConditions(args.filter), args, ctx.loaders);
}

/** Whether a module's published version `version` matches a filter (one statement). */
export async function publishedVersionMatches(em: EntityManager, moduleId: string, version: number, conditions: ModuleConditions): Promise<boolean> {
  const rows = await selectRows(em, `select 1 from learning_modules m where m.id = ? and m.version = ? and ${conditions.sql.join(' and ')}`, [
    moduleId,
    version,
    ...conditions.params,
  ]);
  return rows.length > 0;
}
