/** Reading the audit trail: an organization's owners see its events; state-agency members see all. */
import type { FilterQuery } from '@mikro-orm/core';
import { authorize } from '../../auth/policy';
import type { HubContext } from '../../graphql/context';
import { findPage, type ConnectionResult, type PageArgs, type SortKey } from '../../graphql/connection';
import { expectGlobalId } from '../../domain/global-id';
import { AuditEvent } from './audit-event.entity';

const NEWEST_FIRST: SortKey[] = [
  { field: 'createdAt', column: 'created_at', direction: 'desc', type: 'timestamp' },
  { field: 'id', column: 'id', direction: 'desc', type: 'uuid' },
];

export interface AuditFilter extends PageArgs {
  organizationId?: string | null;
  operation?: string | null;
}

/** Events newest first; for one organization (its owners, state staff) or all (state staff). */
export function listAuditEvents(ctx: HubContext, filter: AuditFilter): Promise<ConnectionResult<AuditEvent>> {
  const organizationId = filter.organizationId ? expectGlobalId(filter.organizationId, 'Organization', 'organizationId') : undefined;
  authorize(ctx.viewer, 'audit.read', { organizationId });
  const where: FilterQuery<AuditEvent> = {};
  if (organizationId) where.organizationId = organizationId;
  if (filter.operation) where.operation = filter.operation;
  return findPage(ctx.em, AuditEvent, where, NEWEST_FIRST, filter);
}
