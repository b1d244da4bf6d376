/**
 * Who may do what to a waiver request: loads the policy's view of a request
 * (its districts, the viewer's collaborator role, whether it was submitted)
 * in one statement, batched across requests, and asks `src/auth/policy/`.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, can, type WaiverTarget } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import type { HubContext } from '../../graphql/context';
import { NotFoundError } from '../../errors';
import type { WaiverStatus } from './waiver.enums';
import { arrayParam, readOne, selectRows, type Reading } from '../../db/select';
import { rowReader } from '../../db/read-rows';
import { WaiverRequest } from './waiver.entity';

/** The policy target of one request, with its status. */
export interface WaiverAccess extends WaiverTarget {
  waiverRequestId: string;
  status: WaiverStatus;
}

interface AccessRow {
  id: string;
  status: WaiverStatus;
  submitted: boolean;
  district_ids: string[];
  collaborator_role: WaiverTarget['collaboratorRole'];
}

/**
 * One statement for many requests; `execute` runs in the caller's transaction when given one. With
 * `withRequest`, the same statement also reads each request's row, handed to it as the entity.
 */
export async function loadAccess(
  em: EntityManager,
  userId: string | undefined,
  ids: readonly string[],
  withRequest?: (request: WaiverRequest) => void,
): Promise<Array<WaiverAccess | null>> {
  const reader = withRequest ? rowReader(em, WaiverRequest) : undefined;
  const rows = await selectRows<AccessRow>(
    em,
    `select r.id, r.status, r.submitted_at is not null as submitted,
            array(select d.organization_id from waiver_districts d where d.waiver_request_id = r.id order by d.created_at, d.id) as district_ids,
            (select c.role from waiver_collaborators c where c.waiver_request_id = r.id and c.user_id = ?) as collaborator_role${reader ? `, ${reader.columns('r')}` : ''}
       from waiver_requests r where r.id = any(?::uuid[])`,
    [userId ?? null, arrayParam(ids)],
  );
  if (reader) for (const row of rows) withRequest!(reader.map(row as unknown as Record<string, unknown>));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    return row ? accessOfRow(row) : null;
  });
}

/**
 * The request's access for the viewer, batched per request scope. The statement reads the requests'
 * rows too, which prime `byId(WaiverRequest)`: reading a request once its access is known costs none.
 */
export function accessOf(ctx: HubContext, waiverRequestId: string): Promise<WaiverAccess | null> {
  return ctx.loaders
    .get(
      'waiverAccess',
      (em) =>
        new DataLoader<string, WaiverAccess | null>((ids) => loadAccess(em, ctx.viewer.userId, ids, (request) => ctx.loaders.primed(WaiverRequest, request))),
    )
    .load(waiverRequestId);
}

/** Whether the viewer may read the request (false when it does not exist). */
export async function canRead(ctx: HubContext, waiverRequestId: string): Promise<boolean> {
  const access = await accessOf(ctx, waiverRequestId);
  return access !== null && can(ctx.viewer, 'waiver.read', access);
}

/** The actions on a waiver request as a whole (a district's sign-off adds its district: `waiver.signOff`). */
export type WaiverAction = 'waiver.read' | 'waiver.edit' | 'waiver.suggest' | 'waiver.comment' | 'waiver.manage' | 'waiver.decide';

/**
 * In a transaction: the request's access, NOT_FOUND when it is missing or the
 * viewer may not read it (so its existence does not leak), then `action`.
 */
export async function authorizeOn(em: EntityManager, viewer: Viewer, waiverRequestId: string, action: WaiverAction): Promise<WaiverAccess> {
  const [access] = await loadAccess(em, viewer.userId, [waiverRequestId]);
  return authorizeWith(viewer, access, action);
}

/** `authorizeOn` for access already read (under the caller's lock): NOT_FOUND when missing or unreadable, then `action`. */
export function authorizeWith(viewer: Viewer, access: WaiverAccess | null | undefined, action: WaiverAction): WaiverAccess {
  if (!access || !can(viewer, 'waiver.read', access)) throw new NotFoundError('Waiver request');
  authorize(viewer, action, access);
  return access;
}

/** One request's access for several users, in one statement (a batch of writes): by user id, nothing when the request is missing. */
export function loadAccessOfUsers(em: EntityManager, userIds: readonly string[], waiverRequestId: string): Promise<Map<string, WaiverAccess>> {
  return readOne(em, accessOfUsersReading(userIds, waiverRequestId));
}

/** `loadAccessOfUsers` as a reading, to send after the lock it is read under (`readInOrder`). */
export function accessOfUsersReading(userIds: readonly string[], waiverRequestId: string): Reading<Map<string, WaiverAccess>> {
  return {
    sql: `select u.id as user_id, r.id, r.status, r.submitted_at is not null as submitted,
            array(select d.organization_id from waiver_districts d where d.waiver_request_id = r.id order by d.created_at, d.id) as district_ids,
            (select c.role from waiver_collaborators c where c.waiver_request_id = r.id and c.user_id = u.id) as collaborator_role
       from waiver_requests r cross join unnest(?::uuid[]) as u(id) where r.id = ?`,
    params: [arrayParam(userIds), waiverRequestId],
    answer: (rows) => new Map((rows as unknown as Array<AccessRow & { user_id: string }>).map((row) => [row.user_id, accessOfRow(row)])),
  };
}

function accessOfRow(row: AccessRow): WaiverAccess {
  return {
    waiverRequestId: row.id,
    status: row.status,
    submitted: row.submitted,
    districtIds: row.district_ids.map(String),
    collaboratorRole: row.collaborator_role ?? null,
  };
}

/**
 * SQL (over alias `r`, a waiver_requests row) matching the requests the viewer
 * may read; mirrors the `waiver.read` rule, whose parts it asks the policy for.
 */
export function readableSql(viewer: Viewer): { sql: string; params: unknown[] } {
  const districtIds = viewer
    .organizationIds()
    .filter((organizationId) => can(viewer, 'waiver.read', { districtIds: [organizationId], collaboratorRole: null, submitted: false }));
  const stateReader = can(viewer, 'waiver.read', { districtIds: [], collaboratorRole: null, submitted: true });
  return {
    sql: `(exists (select 1 from waiver_districts rd where rd.waiver_request_id = r.id and rd.organization_id = any(?::uuid[]))
        or exists (select 1 from waiver_collaborators rc where rc.waiver_request_id = r.id and rc.user_id = ?)
        or (? and r.submitted_at is not null))`,
    params: [arrayParam(districtIds), viewer.userId ?? null, stateReader],
  };
}
