/** Organizations: create, change, zone membership, and the network directory. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { authorize, requireUserId } from '../../auth/policy';
import { MemberRole, type OrganizationKind, type Zone } from '../../domain/enums';
import { schoolYearOf } from '../../domain/school-year';
import type { HubContext } from '../../graphql/context';
import { BY_ID, findPage, type ConnectionResult, type PageArgs, type SortKey } from '../../graphql/connection';
import { ConflictError, NotFoundError } from '../../graphql/errors';
import { expectGlobalId } from '../../graphql/node';
import { User } from '../users/user.entity';
import { findOrInviteUser } from '../users/user.service';
import { Membership } from './membership.entity';
import { Organization } from './organization.entity';
import { ZoneMembership } from './zone-membership.entity';
import type { CreateOrganizationInput, SetOrganizationZonesInput, UpdateOrganizationInput } from './organization.inputs';

const BY_NAME: SortKey[] = [{ field: 'name', column: 'name', direction: 'asc', type: 'text' }, BY_ID];

export interface DirectoryFilter extends PageArgs {
  kind?: OrganizationKind | null;
  zone?: Zone | null;
  region?: string | null;
  search?: string | null;
}

/** The network directory, by name. */
export function listOrganizations(ctx: HubContext, filter: DirectoryFilter): Promise<ConnectionResult<Organization>> {
  const where: FilterQuery<Organization> = {};
  if (filter.kind) where.kind = filter.kind;
  if (filter.region) where.region = filter.region;
  if (filter.search?.trim()) where.name = { $ilike: `%${escapeLike(filter.search.trim())}%` };
  if (filter.zone) where.zoneMemberships = { zone: filter.zone, schoolYear: schoolYearOf(new Date()) };
  return findPage(ctx.em, Organization, where, BY_NAME, filter);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Loads an organization by its global id, or NOT_FOUND. */
export async function getOrganization(em: EntityManager, globalId: string, path = 'organizationId'): Promise<Organization> {
  const id = expectGlobalId(globalId, 'Organization', path);
  const organization = await em.findOne(Organization, { id });
  if (!organization) throw new NotFoundError('Organization');
  return organization;
}

function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 70) || 'organization'
  );
}

async function freeSlug(em: EntityManager, name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(
    (await em.find(Organization, { slug: { $like: `${base}%` } }, { fields: ['slug'] })).map((o) => o.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** State-agency owners add an organization; its first OWNER is named or is the creator. */
export async function createOrganization(ctx: HubContext, input: CreateOrganizationInput): Promise<Organization> {
  authorize(ctx.viewer, 'organization.create', undefined);
  const creatorId = requireUserId(ctx.viewer);
  return ctx.em.transactional(async (em) => {
    if (input.slug && (await em.count(Organization, { slug: input.slug }))) {
      throw new ConflictError(`The slug "${input.slug}" is taken`, { fields: [{ path: 'input.slug', message: 'is taken' }] });
    }
    const organization = em.create(Organization, {
      name: input.name,
      slug: input.slug ?? (await freeSlug(em, input.name)),
      kind: input.kind,
      region: input.region ?? null,
      description: input.description ?? null,
    });
    const owner = input.ownerEmail ? await findOrInviteUser(em, input.ownerEmail) : await em.findOneOrFail(User, { id: creatorId });
    em.create(Membership, { organization, user: owner, role: MemberRole.OWNER });
    for (const zone of uniqueZones(input.zones ?? [])) em.create(ZoneMembership, { organization, ...zone });
    return organization;
  });
}

function uniqueZones(zones: Array<{ zone: Zone; schoolYear: string }>) {
  const seen = new Map(zones.map((z) => [`${z.zone}/${z.schoolYear}`, z]));
  return [...seen.values()].map(({ zone, schoolYear }) => ({ zone, schoolYear }));
}

/** Owners change name, region and description. */
export async function updateOrganization(ctx: HubContext, input: UpdateOrganizationInput): Promise<Organization> {
  const organization = await getOrganization(ctx.em, input.organizationId, 'input.organizationId');
  authorize(ctx.viewer, 'organization.update', { organizationId: organization.id });
  if (input.name !== undefined && input.name !== null) organization.name = input.name;
  if (input.region !== undefined) organization.region = input.region;
  if (input.description !== undefined) organization.description = input.description;
  await ctx.em.flush();
  return organization;
}

/** State-agency staff set an organization's zones for one school year. */
export async function setOrganizationZones(ctx: HubContext, input: SetOrganizationZonesInput): Promise<Organization> {
  const organization = await getOrganization(ctx.em, input.organizationId, 'input.organizationId');
  authorize(ctx.viewer, 'organization.setZones', { organizationId: organization.id });
  await ctx.em.transactional(async (em) => {
    await em.nativeDelete(ZoneMembership, { organization, schoolYear: input.schoolYear });
    for (const zone of new Set(input.zones)) em.create(ZoneMembership, { organization, zone, schoolYear: input.schoolYear });
  });
  return organization;
}

/** Zone memberships of many organizations, batched; current ones or all. */
export function zoneMemberships(ctx: HubContext, organizationId: string): Promise<ZoneMembership[]> {
  return ctx.loaders.childrenOf(ZoneMembership, 'organization_id', 't.school_year asc, t.zone asc, t.id asc').load(organizationId);
}

/** The zones an organization belongs to in the current school year. */
export async function currentZones(ctx: HubContext, organizationId: string): Promise<Zone[]> {
  const year = schoolYearOf(new Date());
  return (await zoneMemberships(ctx, organizationId)).filter((z) => z.schoolYear === year).map((z) => z.zone);
}
