/**
 * Finding opportunities: the public discovery list with its filters, the
 * ranked recommendations for a district, and each business's own list.
 * Discovery lists show OPEN opportunities only; keyset cursors keep pages
 * stable across inserts.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OrganizationKind } from '../../domain/enums';
import type { HubContext } from '../../graphql/context';
import { decodeCursor, nestedPage, pageSize, toConnection, type ConnectionResult, type PageArgs, type SortKey } from '../../graphql/connection';
import { BadUserInputError, NotFoundError } from '../../errors';
import { expectGlobalId } from '../../domain/global-id';
import { Organization } from '../organizations/organization.entity';
import { OPPORTUNITY_SEARCH_DOCUMENT, Opportunity } from './opportunity.entity';
import type { OpportunityFilter, OrganizationOpportunitiesArgs } from './opportunity.inputs';
import { normalizeTags } from '../../text/normalize';
import { rowReader } from '../../db/read-rows';
import { arrayParam, selectRows } from '../../db/select';

/** Newest first. */
const NEWEST: SortKey[] = [
  { field: 'createdAt', column: 'created_at', direction: 'desc', type: 'timestamp' },
  { field: 'id', column: 'id', direction: 'desc', type: 'uuid' },
];
/** Most overlapping skills first, then newest. */
const BY_SCORE: SortKey[] = [{ field: 'score', column: 'score', direction: 'desc', type: 'number' }, ...NEWEST];

interface Where {
  conditions: string[];
  params: unknown[];
}

function discoveryWhere(filter: OpportunityFilter | null | undefined): Where {
  const where: Where = { conditions: [`o.status = 'OPEN'`], params: [] };
  const add = (condition: string, ...params: unknown[]) => {
    where.conditions.push(condition);
    where.params.push(...params);
  };
  const search = filter?.search?.trim();
  if (search) {
    // Words in the text (through the GIN index), or the search taken as skill tags.
    const tags = normalizeTags([search, ...search.split(/[\s,]+/)]);
    add(`(${OPPORTUNITY_SEARCH_DOCUMENT} @@ websearch_to_tsquery('english', ?) or o.skills && ?::text[])`, search, arrayParam(tags));
  }
  if (filter?.kinds?.length) add('o.kind = any(?::opportunity_kind[])', arrayParam(filter.kinds));
  const skills = normalizeTags(filter?.skills);
  if (skills.length) add('o.skills && ?::text[]', arrayParam(skills));
  if (filter?.regions?.length) add('o.regions && ?::text[]', arrayParam(filter.regions));
  if (filter?.gradeBands?.length) add('o.grade_bands && ?::text[]', arrayParam(filter.gradeBands));
  if (filter?.businessId) add('o.business_id = ?', expectGlobalId(filter.businessId, 'Organization', 'filter.businessId'));
  if (filter?.hasSeats === true) add('o.seats_taken < o.capacity');
  if (filter?.hasSeats === false) add('o.seats_taken >= o.capacity');
  return where;
}

function keyset(order: SortKey[], alias: string, after: string): Where {
  const values = decodeCursor(order, after);
  const columns = order.map((key) => `${alias}.${key.column}`).join(', ');
  return { conditions: [`(${columns}) < (${order.map(() => '?').join(', ')})`], params: values };
}

function mapRows(em: EntityManager, rows: Array<Record<string, unknown>>): Opportunity[] {
  const reader = rowReader(em, Opportunity);
  return rows.map((row) => reader.map(row));
}

/** Discovery: OPEN opportunities matching the filter, newest first. */
export async function listOpportunities(ctx: HubContext, args: PageArgs & { filter?: OpportunityFilter | null }): Promise<ConnectionResult<Opportunity>> {
  const { em } = ctx;
  const first = pageSize(args);
  const where = discoveryWhere(args.filter);
  const page = args.after ? keyset(NEWEST, 'o', args.after) : { conditions: [], params: [] };
  const rows = await selectRows(
    em,
    `select o.* from opportunities o where ${[...where.conditions, ...page.conditions].join(' and ')}
      order by o.created_at desc, o.id desc limit ?`,
    [...where.params, ...page.params, first + 1],
  );
  return toConnection(mapRows(em, rows), NEWEST, args, async () => {
    const [{ count }] = await selectRows<{ count: number }>(
      em,
      `select count(*)::int as count from opportunities o where ${where.conditions.join(' and ')}`,
      where.params,
    );
    return Number(count);
  });
}

/**
 * For a district: OPEN opportunities with seats left, not yet ended, serving
 * its region, ranked by how many of the district's skill interests they build.
 */
export async function recommendedOpportunities(ctx: HubContext, args: PageArgs & { districtId: string }): Promise<ConnectionResult<Opportunity>> {
  const { em } = ctx;
  const first = pageSize(args);
  const districtId = expectGlobalId(args.districtId, 'Organization', 'districtId');
  const district = await ctx.loaders.byId(Organization).load(districtId);
  if (!district) throw new NotFoundError('Organization');
  if (district.kind !== OrganizationKind.DISTRICT) throw BadUserInputError.field('districtId', 'is not a district');

  const conditions = [`o.status = 'OPEN'`, 'o.seats_taken < o.capacity', '(o.ends_on is null or o.ends_on > now())'];
  const params: unknown[] = [districtId];
  if (district.region) {
    conditions.push('? = any(o.regions)');
    params.push(district.region);
  }
  const candidates = `
    with interests as (select coalesce((select skills from district_skill_interests where district_id = ?), '{}'::text[]) as skills)
    select o.*, (select count(*) from unnest(o.skills) s where s = any(i.skills))::int as score
      from opportunities o, interests i where ${conditions.join(' and ')}`;
  const page = args.after ? keyset(BY_SCORE, 'r', args.after) : { conditions: [], params: [] };
  const rows = await selectRows(
    em,
    `select * from (${candidates}) r ${page.conditions.length ? `where ${page.conditions.join(' and ')}` : ''}
      order by r.score desc, r.created_at desc, r.id desc limit ?`,
    [...params, ...page.params, first + 1],
  );
  const scores = new Map<Opportunity, number>();
  const opportunities = rows.map(({ score, ...row }) => {
    const opportunity = mapRows(em, [row])[0];
    scores.set(opportunity, Number(score));
    return opportunity;
  });
  return toConnection(
    opportunities,
    BY_SCORE,
    args,
    async () => {
      const [{ count }] = await selectRows<{ count: number }>(em, `select count(*)::int as count from (${candidates}) r`, params);
      return Number(count);
    },
    (opportunity) => ({ score: scores.get(opportunity), createdAt: opportunity.createdAt, id: opportunity.id }),
  );
}

/** A business's opportunities, newest first, batched across organizations; drafts only for its members. */
export function organizationOpportunities(
  ctx: HubContext,
  organizationId: string,
  args: OrganizationOpportunitiesArgs,
  info?: GraphQLResolveInfo,
): Promise<ConnectionResult<Opportunity>> {
  const filter = ctx.loaders.memo(`opportunities.readable:${args.status ?? ''}`, () => readableOpportunities(ctx, args.status));
  return nestedPage(
    ctx,
    { name: 'organizationOpportunities', entity: Opportunity, table: 'opportunities', parentColumn: 'business_id', order: NEWEST, filter },
    organizationId,
    args,
    info,
  );
}

function readableOpportunities(ctx: HubContext, status: OrganizationOpportunitiesArgs['status']): { sql: string; params: unknown[] } {
  const conditions = [`(t.status <> 'DRAFT' or t.business_id = any(?::uuid[]))`];
  // The SQL form of 'opportunity.readDraft': members of the business.
  const params: unknown[] = [arrayParam(ctx.viewer.organizationIds())];
  if (status) {
    conditions.push('t.status = ?');
    params.push(status);
  }
  return { sql: conditions.join(' and '), params };
}
