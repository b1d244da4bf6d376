/**
 * Waiver requests: start one, add co-signing districts, invite and remove
 * collaborators, and find the ones a viewer may read.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, requireUserId } from '../../auth/policy';
import type { HubContext } from '../../graphql/context';
import { decodeCursor, pageSize, toConnection, type ConnectionResult, type SortKey } from '../../graphql/connection';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors';
import { expectGlobalId } from '../../domain/global-id';
import { writeTransaction } from '../../graphql/write-transaction';
import { notifyCollaboratorAdded, notifyCollaboratorRemoved } from './waiver.notifications';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { findOrInviteUser } from '../users/user.service';
import { canRead, readableSql } from './waiver.access';
import { CollaboratorChange, CollaboratorRole, PresenceChange, WaiverRevisionKind } from './waiver.enums';
import { WaiverRequest } from './waiver.entity';
import { publishWaiverEvents, WaiverDistrictChange, type WaiverEventInput } from './waiver.events';
import type {
  AddWaiverDistrictInput,
  CreateWaiverRequestInput,
  InviteWaiverCollaboratorInput,
  RemoveWaiverCollaboratorInput,
  WaiverRequestsArgs,
} from './waiver.inputs';
import { WaiverCollaborator, WaiverDistrict } from './waiver-party.entity';
import { rowReader } from '../../db/read-rows';
import { WaiverPresence } from './waiver-comment.entity';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';
import { lockRequestForChange, STANDARD_SECTIONS, systemDesignDistrict } from './waiver.state';
import { arrayParam, selectRows } from '../../db/select';

/** A waiver request by global id; null when absent or not readable by the viewer. */
export async function findWaiverRequest(ctx: HubContext, globalId: string): Promise<WaiverRequest | null> {
  const id = expectGlobalId(globalId, 'WaiverRequest', 'id');
  return (await canRead(ctx, id)) ? ctx.loaders.byId(WaiverRequest).load(id) : null;
}

/** An SDZ district's OWNER or EDITOR starts a request with the standard sections, as its LEAD. */
export async function createWaiverRequest(ctx: HubContext, input: CreateWaiverRequestInput): Promise<WaiverRequest> {
  const userId = requireUserId(ctx.viewer);
  const districtId = expectGlobalId(input.districtId, 'Organization', 'input.districtId');
  return writeTransaction(ctx, async (em, viewer) => {
    authorize(viewer, 'waiver.create', { organizationId: districtId });
    const district = await systemDesignDistrict(em, input.districtId, 'input.districtId');
    const author = em.getReference(User, userId);
    const request = em.create(WaiverRequest, { title: input.title, kind: input.kind, leadDistrict: district, createdBy: author });
    em.create(WaiverDistrict, { waiverRequest: request, organization: district, lead: true });
    em.create(WaiverCollaborator, { waiverRequest: request, user: author, role: CollaboratorRole.LEAD, district, invitedBy: author });
    STANDARD_SECTIONS.forEach(({ key, title }, index) => {
      const section = em.create(WaiverSection, { waiverRequest: request, key, title, body: '', position: index + 1, version: 1, updatedBy: author });
      em.create(WaiverRevision, { waiverRequest: request, section, version: 1, body: '', kind: WaiverRevisionKind.CREATED, author });
    });
    return request;
  });
}

/** The lead adds another SDZ district as co-signer. */
export async function addWaiverDistrict(ctx: HubContext, input: AddWaiverDistrictInput): Promise<WaiverRequest> {
  const id = expectGlobalId(input.waiverRequestId, 'WaiverRequest', 'input.waiverRequestId');
  const { request, district } = await writeTransaction(ctx, async (em, viewer) => {
    const { request } = await lockRequestForChange(em, viewer, id, { lock: 'update', action: 'waiver.manage', editable: true });
    const district = await systemDesignDistrict(em, input.districtId, 'input.districtId');
    if (await em.count(WaiverDistrict, { waiverRequest: request, organization: district })) {
      throw new ConflictError(`${district.name} already co-signs this waiver request`);
    }
    em.create(WaiverDistrict, { waiverRequest: request, organization: district });
    return { request, district };
  });
  publish(ctx, id, input.clientMutationId, [{ type: 'DISTRICT_CHANGED', organizationId: district.id, change: WaiverDistrictChange.ADDED }]);
  return request;
}

async function defaultDistrict(em: EntityManager, userId: string, request: WaiverRequest): Promise<string | null> {
  const rows = await selectRows<{ organization_id: string }>(
    em,
    `select m.organization_id from memberships m join waiver_districts d on d.organization_id = m.organization_id
      where m.user_id = ? and d.waiver_request_id = ? order by d.lead desc, d.created_at limit 1`,
    [userId, request.id],
  );
  return rows[0]?.organization_id ?? null;
}

/** The lead invites an AUTHOR or REVIEWER by email (a new user is invited); inviting again changes the role. */
export async function inviteWaiverCollaborator(ctx: HubContext, input: InviteWaiverCollaboratorInput): Promise<WaiverCollaborator> {
  const id = expectGlobalId(input.waiverRequestId, 'WaiverRequest', 'input.waiverRequestId');
  const districtId = input.districtId ? expectGlobalId(input.districtId, 'Organization', 'input.districtId') : null;
  const { collaborator, change } = await writeTransaction(ctx, async (em, viewer) => {
    const { request, access } = await lockRequestForChange(em, viewer, id, { lock: 'update', action: 'waiver.manage' });
    if (districtId && !access.districtIds.includes(districtId)) {
      throw BadUserInputError.field('input.districtId', 'is not one of the districts co-signing this waiver request');
    }
    const user = await findOrInviteUser(em, input.email);
    const existing = await em.findOne(WaiverCollaborator, { waiverRequest: request, user });
    if (existing?.role === CollaboratorRole.LEAD) throw new ConflictError("The lead's role cannot change");
    if (existing) {
      const changed = existing.role !== input.role || (districtId !== null && existing.district?.id !== districtId);
      existing.role = input.role;
      if (districtId) existing.district = em.getReference(Organization, districtId);
      return { collaborator: existing, change: changed ? CollaboratorChange.ROLE_CHANGED : null };
    }
    const district = districtId ?? (await defaultDistrict(em, user.id, request));
    const collaborator = em.create(WaiverCollaborator, {
      waiverRequest: request,
      user,
      role: input.role,
      district,
      invitedBy: em.getReference(User, requireUserId(ctx.viewer)),
    });
    await notifyCollaboratorAdded(em, request, user.id, input.role, viewer.userId);
    return { collaborator, change: CollaboratorChange.INVITED };
  });
  if (change) {
    publish(ctx, id, input.clientMutationId, [{ type: 'COLLABORATOR_CHANGED', userId: collaborator.user.id, role: collaborator.role, change }]);
  }
  return collaborator;
}

/** The lead removes a collaborator: their live subscriptions end and their presence goes. */
export async function removeWaiverCollaborator(ctx: HubContext, input: RemoveWaiverCollaboratorInput): Promise<WaiverRequest> {
  const id = expectGlobalId(input.waiverRequestId, 'WaiverRequest', 'input.waiverRequestId');
  const userId = expectGlobalId(input.userId, 'User', 'input.userId');
  const { request, wasPresent } = await writeTransaction(ctx, async (em, viewer) => {
    const { request } = await lockRequestForChange(em, viewer, id, { lock: 'update', action: 'waiver.manage' });
    const collaborator = await em.findOne(WaiverCollaborator, { waiverRequest: request, user: userId });
    if (!collaborator) throw new NotFoundError('Collaborator');
    if (collaborator.role === CollaboratorRole.LEAD) throw new ConflictError('The lead cannot be removed');
    em.remove(collaborator);
    await notifyCollaboratorRemoved(em, request, userId, viewer.userId);
    const wasPresent = (await em.nativeDelete(WaiverPresence, { waiverRequest: request, user: userId })) > 0;
    return { request, wasPresent };
  });
  const events: WaiverEventInput[] = [{ type: 'COLLABORATOR_CHANGED', userId, role: null, change: CollaboratorChange.REMOVED }];
  if (wasPresent) events.push({ type: 'PRESENCE_CHANGED', userId, sectionId: null, change: PresenceChange.LEFT });
  publish(ctx, id, input.clientMutationId, events);
  return request;
}

/** Publishes the viewer's events on a request (after commit). */
export function publish(ctx: HubContext, waiverRequestId: string, clientMutationId: string | null | undefined, events: WaiverEventInput[]): void {
  publishWaiverEvents(ctx.pubsub, { waiverRequestId, actorId: ctx.viewer.userId ?? null, clientMutationId }, events);
}

const NEWEST_FIRST: SortKey[] = [
  { field: 'createdAt', column: 'created_at', direction: 'desc', type: 'timestamp' },
  { field: 'id', column: 'id', direction: 'desc', type: 'uuid' },
];

/**
 * Requests the viewer may read, newest first: all of them, or those of one
 * district (`organizationId`), batched across districts in one windowed statement.
 */
export function listWaiverRequests(ctx: HubContext, args: WaiverRequestsArgs, organizationId?: string): Promise<ConnectionResult<WaiverRequest>> {
  const first = pageSize(args);
  const after = args.after ? decodeCursor(NEWEST_FIRST, args.after) : null;
  const key = `waiverRequests:${first}:${args.after ?? ''}:${args.status ?? ''}`;
  const loader = ctx.loaders.groupedBy<WaiverRequest>(key, async (em, parentIds) => {
    const readable = readableSql(ctx.viewer);
    const params: unknown[] = [...readable.params];
    const conditions = [readable.sql];
    if (args.status) {
      conditions.push('r.status = ?');
      params.push(args.status);
    }
    if (after) {
      conditions.push('(r.created_at, r.id) < (?, ?)');
      params.push(after[0], after[1]);
    }
    const scoped = parentIds[0] !== '*';
    const rows = await selectRows(
      em,
      `select * from (
         select r.*, ${scoped ? 'd.organization_id' : `'*'`} as "__parent",
                row_number() over (partition by ${scoped ? 'd.organization_id' : '1'} order by r.created_at desc, r.id desc) as "__rn"
           from waiver_requests r ${scoped ? 'join waiver_districts d on d.waiver_request_id = r.id and d.organization_id = any(?::uuid[])' : ''}
          where ${conditions.join(' and ')}
       ) w where w."__rn" <= ? order by w."__rn"`,
      [...(scoped ? [arrayParam(parentIds)] : []), ...params, first + 1],
    );
    const requests = rowReader(em, WaiverRequest);
    return rows.map((row) => [String(row.__parent), ctx.loaders.primed(WaiverRequest, requests.map(row))]);
  });
  return loader.load(organizationId ?? '*').then((rows) =>
    toConnection(rows, NEWEST_FIRST, args, async () => {
      const readable = readableSql(ctx.viewer);
      const [row] = await selectRows<{ count: string }>(
        ctx.em,
        `select count(*) as count from waiver_requests r
          where ${readable.sql}${args.status ? ' and r.status = ?' : ''}
            ${organizationId ? 'and exists (select 1 from waiver_districts d where d.waiver_request_id = r.id and d.organization_id = ?)' : ''}`,
        [...readable.params, ...(args.status ? [args.status] : []), ...(organizationId ? [organizationId] : [])],
      );
      return Number(row.count);
    }),
  );
}
