/** Organizations: create, change, zone membership, and the network directory. */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, requireUserId } from '../../auth/policy';
import { MemberRole, OrganizationKind, type Zone } from '../../domain/enums';
import { schoolYearOf } from '../../domain/school-year';
import type { HubContext } from '../../graphql/context';
import { BY_ID, selectPage, type Conditions, type ConnectionResult, type PageArgs, type SortKey } from '../../graphql/connection';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors';
import { expectGlobalId } from '../../domain/global-id';
import { writeTransaction } from '../../graphql/write-transaction';
import { User } from '../users/user.entity';
import { findOrInviteUser } from '../users/user.service';
import { Membership } from './membership.entity';
import { Organization } from './organization.entity';
import { ZoneMembership } from './zone-membership.entity';
import type { CreateOrganizationInput, SetOrganizationZonesInput, UpdateOrganizationInput } from './organization.inputs';
import { slugify } from '../../text/normalize';

const BY_NAME: SortKey[] = [{ field: 'name', column: 'name', direction: 'asc', type: 'text' }, BY_ID];

export interface DirectoryFilter extends PageArgs {
  kind?: OrganizationKind | null;
  zone?: Zone | null;
  region?: string | null;
  search?: string | null;
  schoolYear?: string | null;
}

/** The network directory, by name; `zone` and `schoolYear` match zone memberships (the current school year when only `zone` is given). */
export async function listOrganizations(ctx: HubContext, filter: DirectoryFilter & { withCount?: boolean }): Promise<ConnectionResult<Organization>> {
  const where: Conditions = { sql: [], params: [] };
  const condition = (sql: string, ...params: unknown[]) => {
    where.sql.push(sql);
    where.params.push(...params);
  };
  if (filter.kind) condition('t.kind = ?::organization_kind', filter.kind);
  if (filter.region) condition('t.region = ?', filter.region);
  if (filter.search?.trim()) condition('t.name ilike ?', `%${escapeLike(filter.search.trim())}%`);
  if (filter.zone) {
    condition(
      'exists (select 1 from zone_memberships z where z.organization_id = t.id and z.zone = ?::zone and z.school_year = ?)',
      filter.zone,
      filter.schoolYear ?? schoolYearOf(new Date()),
    );
  } else if (filter.schoolYear) condition('exists (select 1 from zone_memberships z where z.organization_id = t.id and z.school_year = ?)', filter.schoolYear);
  const page = await selectPage(ctx.em, Organization, where, BY_NAME, filter);
  // The request's later references to these organizations (a module's publisher) need no statement of their own.
  for (const edge of page.edges) ctx.loaders.primed(Organization, edge.node);
  return page;
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

/** The first slug from `base` (itself, then `base-2`, `base-3`, …) that no committed organization has. */
async function freeSlug(em: EntityManager, base: string): Promise<string> {
  const taken = new Set((await em.find(Organization, { slug: { $like: `${base}%` } }, { fields: ['slug'] })).map((o) => o.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Each round of `insertWithFreeSlug` loses only to a creation that committed meanwhile, so this bounds the crowd it outlasts. */
const SLUG_ROUNDS = 25;

type OrganizationFields = Pick<Organization, 'name' | 'kind' | 'region' | 'description' | 'parent'>;

/** A SCHOOL belongs to a DISTRICT (named by `parentId`); no other kind has a parent. */
async function parentOf(em: EntityManager, kind: OrganizationKind, parentId: string | null | undefined): Promise<Organization | null> {
  if (kind !== OrganizationKind.SCHOOL) {
    if (parentId) throw BadUserInputError.field('input.parentId', 'only a SCHOOL belongs to a district');
    return null;
  }
  if (!parentId) throw BadUserInputError.field('input.parentId', 'a SCHOOL needs the district it belongs to');
  const parent = await getOrganization(em, parentId, 'input.parentId');
  if (parent.kind !== OrganizationKind.DISTRICT) throw BadUserInputError.field('input.parentId', `must be a DISTRICT, not a ${parent.kind}`);
  return parent;
}

/**
 * Inserts the organization under the slug asked for, or else the first free
 * one made from its name. The choice and the insert are one step: the insert
 * skips a slug someone took meanwhile (`on conflict do nothing`, which waits
 * for their transaction), and the next round sees it taken. A name is not
 * unique (two districts may share one), so creations with one name made at
 * once get distinct slugs, as they would one after another; a slug asked for
 * is unique, so of those only one wins and the others get CONFLICT.
 */
async function insertWithFreeSlug(em: EntityManager, fields: OrganizationFields, askedSlug: string | null | undefined): Promise<Organization> {
  for (let round = 0; round < SLUG_ROUNDS; round++) {
    const id = randomUUID();
    const slug = askedSlug ?? (await freeSlug(em, slugify(fields.name, { maxLength: 70, fallback: 'organization' })));
    const inserted = await em
      .createQueryBuilder(Organization)
      .insert({ id, slug, ...fields, parent: fields.parent?.id ?? null })
      .onConflict('slug')
      .ignore()
      .execute('run');
    if (inserted.affectedRows === 1) return em.findOneOrFail(Organization, { id });
    if (askedSlug) throw new ConflictError(`The slug "${askedSlug}" is taken`, { fields: [{ path: 'input.slug', message: 'is taken' }] });
  }
  throw new ConflictError(`Too many organizations named "${fields.name}" are being created at once: try again`);
}

/** State-agency owners add an organization; its first OWNER is named or is the creator. */
export async function createOrganization(ctx: HubContext, input: CreateOrganizationInput): Promise<Organization> {
  return writeTransaction(ctx, async (em, viewer) => {
    authorize(viewer, 'organization.create', undefined);
    const creatorId = requireUserId(viewer);
    const parent = await parentOf(em, input.kind, input.parentId);
    const fields = { name: input.name, kind: input.kind, region: input.region ?? parent?.region ?? null, description: input.description ?? null, parent };
    const organization = await insertWithFreeSlug(em, fields, input.slug);
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
  const id = expectGlobalId(input.organizationId, 'Organization', 'input.organizationId');
  return writeTransaction(
    ctx,
    async (em, viewer) => {
      const organization = await em.findOneOrFail(Organization, { id });
      authorize(viewer, 'organization.update', { organizationId: organization.id });
      if (input.name !== undefined && input.name !== null) organization.name = input.name;
      if (input.region !== undefined) organization.region = input.region;
      if (input.description !== undefined) organization.description = input.description;
      return organization;
    },
    { lockOrganization: id },
  );
}

/** State-agency staff set an organization's zones for one school year. */
export async function setOrganizationZones(ctx: HubContext, input: SetOrganizationZonesInput): Promise<Organization> {
  return writeTransaction(ctx, async (em, viewer) => {
    const organization = await getOrganization(em, input.organizationId, 'input.organizationId');
    authorize(viewer, 'organization.setZones', { organizationId: organization.id });
    await em.nativeDelete(ZoneMembership, { organization, schoolYear: input.schoolYear });
    for (const zone of new Set(input.zones)) em.create(ZoneMembership, { organization, zone, schoolYear: input.schoolYear });
    return organization;
  });
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
