/**
 * Batched reads for partnerships: their history, and the partnership lists
 * of opportunities and organizations (one windowed statement per level),
 * always scoped to what the viewer may read.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { OrganizationKind } from '../../domain/enums';
import type { HubContext } from '../../graphql/context';
import { arrayParam } from '../../db/select';
import { nestedPage, type ConnectionResult, type PageArgs, type SortKey } from '../../graphql/connection';
import type { Organization } from '../organizations/organization.entity';
import { Partnership } from './partnership.entity';
import type { PartnershipStatus } from './partnership.enums';
import { PartnershipTransition } from './partnership-transition.entity';

const NEWEST: SortKey[] = [
  { field: 'createdAt', column: 'created_at', direction: 'desc', type: 'timestamp' },
  { field: 'id', column: 'id', direction: 'desc', type: 'uuid' },
];

/** A partnership's transitions, oldest first, batched across partnerships. */
export function historyOf(ctx: HubContext, partnershipId: string): Promise<PartnershipTransition[]> {
  return ctx.loaders.childrenOf(PartnershipTransition, 'partnership_id', 't.at asc, t.created_at asc, t.id asc').load(partnershipId);
}

/** The SQL form of 'partnership.read': the viewer belongs to the district or the business. */
function readable(ctx: HubContext, status?: PartnershipStatus | null): { sql: string; params: unknown[] } {
  return ctx.loaders.memo(`partnerships.readable:${status ?? ''}`, () => readableFilter(ctx, status));
}

function readableFilter(ctx: HubContext, status?: PartnershipStatus | null): { sql: string; params: unknown[] } {
  const organizations = arrayParam(ctx.viewer.organizationIds());
  const sql = ['(t.district_id = any(?::uuid[]) or t.business_id = any(?::uuid[]))'];
  const params: unknown[] = [organizations, organizations];
  if (status) {
    sql.push('t.status = ?');
    params.push(status);
  }
  return { sql: sql.join(' and '), params };
}

/** An opportunity's partnerships the viewer may read, newest first. */
export function opportunityPartnerships(
  ctx: HubContext,
  opportunityId: string,
  args: PageArgs,
  info?: GraphQLResolveInfo,
): Promise<ConnectionResult<Partnership>> {
  return nestedPage(
    ctx,
    { name: 'opportunityPartnerships', entity: Partnership, table: 'partnerships', parentColumn: 'opportunity_id', order: NEWEST, filter: readable(ctx) },
    opportunityId,
    args,
    info,
  );
}

/** An organization's partnerships (as the business, or as the district) the viewer may read, newest first. */
export function organizationPartnerships(
  ctx: HubContext,
  organization: Organization,
  args: PageArgs & { status?: PartnershipStatus | null },
  info?: GraphQLResolveInfo,
): Promise<ConnectionResult<Partnership>> {
  const side = organization.kind === OrganizationKind.BUSINESS ? 'business' : 'district';
  return nestedPage(
    ctx,
    {
      name: `${side}Partnerships`,
      entity: Partnership,
      table: 'partnerships',
      parentColumn: `${side}_id`,
      order: NEWEST,
      filter: readable(ctx, args.status),
    },
    organization.id,
    args,
    info,
  );
}
