/**
 * Opportunities: businesses create and edit them, open them for requests and
 * close them. Status changes and capacity edits run under a row lock on the
 * opportunity, the same lock partnership acceptances take.
 */
import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, can } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import type { HubContext } from '../../graphql/context';
import { BadUserInputError, ConflictError, InvalidTransitionError, NotFoundError } from '../../errors';
import { expectGlobalId } from '../../domain/global-id';
import { writeTransaction } from '../../graphql/write-transaction';
import { arrayParam, selectRows } from '../../db/select';
import { Organization } from '../organizations/organization.entity';
import { Opportunity } from './opportunity.entity';
import type { CreateOpportunityInput, OpportunityStatusInput, SetDistrictSkillInterestsInput, UpdateOpportunityInput } from './opportunity.inputs';
import { OpportunityStatus } from './partnership.enums';
import { normalizeTags } from '../../text/normalize';

/** Whether the viewer may see this opportunity: OPEN and CLOSED ones are public, drafts are the business's. */
export function canSeeOpportunity(viewer: Viewer, opportunity: Opportunity): boolean {
  return opportunity.status !== OpportunityStatus.DRAFT || can(viewer, 'opportunity.readDraft', { businessId: opportunity.business.id });
}

/** Loads an opportunity the viewer may see (optionally locked), or NOT_FOUND. */
export async function findOpportunity(
  em: EntityManager,
  viewer: Viewer,
  globalId: string,
  path: string,
  lockMode?: LockMode.PESSIMISTIC_WRITE | LockMode.PESSIMISTIC_READ,
): Promise<Opportunity> {
  const id = expectGlobalId(globalId, 'Opportunity', path);
  const opportunity = await em.findOne(Opportunity, { id }, lockMode ? { lockMode } : {});
  if (!opportunity || !canSeeOpportunity(viewer, opportunity)) throw new NotFoundError('Opportunity');
  return opportunity;
}

async function authorizeManage(em: EntityManager, viewer: Viewer, opportunity: Opportunity): Promise<void> {
  const business = await em.findOneOrFail(Organization, { id: opportunity.business.id });
  authorize(viewer, 'opportunity.manage', { businessId: business.id, businessKind: business.kind });
}

function checkDates(startsOn: Date | null, endsOn: Date | null): void {
  if (startsOn && endsOn && endsOn < startsOn) throw BadUserInputError.field('input.endsOn', 'must not be before startsOn');
}

/** Business owners and editors offer an opportunity; it starts as a DRAFT. */
export async function createOpportunity(ctx: HubContext, input: CreateOpportunityInput): Promise<Opportunity> {
  const businessId = expectGlobalId(input.businessId, 'Organization', 'input.businessId');
  return writeTransaction(ctx, async (em, viewer) => {
    const business = await em.findOne(Organization, { id: businessId });
    if (!business) throw new NotFoundError('Organization');
    authorize(viewer, 'opportunity.manage', { businessId, businessKind: business.kind });
    checkDates(input.startsOn ?? null, input.endsOn ?? null);
    return em.create(Opportunity, {
      business,
      kind: input.kind,
      title: input.title,
      description: input.description,
      skills: normalizeTags(input.skills, 'input.skills'),
      gradeBands: [...new Set(input.gradeBands ?? [])],
      regions: [...new Set(input.regions)],
      capacity: input.capacity,
      startsOn: input.startsOn ?? null,
      endsOn: input.endsOn ?? null,
    });
  });
}

/** Changes a DRAFT or OPEN opportunity; capacity never drops below the seats already taken. */
export async function updateOpportunity(ctx: HubContext, input: UpdateOpportunityInput): Promise<Opportunity> {
  return writeTransaction(ctx, async (em, viewer) => {
    const opportunity = await findOpportunity(em, viewer, input.opportunityId, 'input.opportunityId', LockMode.PESSIMISTIC_WRITE);
    await authorizeManage(em, viewer, opportunity);
    if (opportunity.status === OpportunityStatus.CLOSED) throw new ConflictError('A CLOSED opportunity cannot be changed', { status: opportunity.status });
    if (input.kind) opportunity.kind = input.kind;
    if (input.title) opportunity.title = input.title;
    if (input.description) opportunity.description = input.description;
    if (input.skills) opportunity.skills = normalizeTags(input.skills, 'input.skills');
    if (input.gradeBands) opportunity.gradeBands = [...new Set(input.gradeBands)];
    if (input.regions) opportunity.regions = [...new Set(input.regions)];
    if (input.capacity) {
      if (input.capacity < opportunity.seatsTaken) {
        throw BadUserInputError.field('input.capacity', `must be at least ${opportunity.seatsTaken}: the students already accepted`);
      }
      opportunity.capacity = input.capacity;
    }
    if (input.startsOn !== undefined) opportunity.startsOn = input.startsOn;
    if (input.endsOn !== undefined) opportunity.endsOn = input.endsOn;
    checkDates(opportunity.startsOn, opportunity.endsOn);
    return opportunity;
  });
}

async function moveOpportunity(ctx: HubContext, input: OpportunityStatusInput, from: OpportunityStatus, to: OpportunityStatus): Promise<Opportunity> {
  return writeTransaction(ctx, async (em, viewer) => {
    const opportunity = await findOpportunity(em, viewer, input.opportunityId, 'input.opportunityId', LockMode.PESSIMISTIC_WRITE);
    await authorizeManage(em, viewer, opportunity);
    if (opportunity.status !== from) throw new InvalidTransitionError('Opportunity', opportunity.status, to);
    opportunity.status = to;
    if (to === OpportunityStatus.OPEN) opportunity.openedAt = new Date();
    if (to === OpportunityStatus.CLOSED) opportunity.closedAt = new Date();
    return opportunity;
  });
}

/** DRAFT -> OPEN: discoverable and requestable. */
export function openOpportunity(ctx: HubContext, input: OpportunityStatusInput): Promise<Opportunity> {
  return moveOpportunity(ctx, input, OpportunityStatus.DRAFT, OpportunityStatus.OPEN);
}

/** OPEN -> CLOSED: no new requests; partnerships already under way are left as they are. */
export function closeOpportunity(ctx: HubContext, input: OpportunityStatusInput): Promise<Opportunity> {
  return moveOpportunity(ctx, input, OpportunityStatus.OPEN, OpportunityStatus.CLOSED);
}

/** District owners and editors state the skills they want real-world learning for. */
export async function setDistrictSkillInterests(ctx: HubContext, input: SetDistrictSkillInterestsInput): Promise<Organization> {
  const districtId = expectGlobalId(input.districtId, 'Organization', 'input.districtId');
  return writeTransaction(ctx, async (em, viewer) => {
    const district = await em.findOne(Organization, { id: districtId });
    if (!district) throw new NotFoundError('Organization');
    authorize(viewer, 'district.setSkillInterests', { districtId, districtKind: district.kind });
    const skills = normalizeTags(input.skills, 'input.skills');
    await em.execute(
      `insert into district_skill_interests (id, district_id, skills) values (?, ?, ?::text[])
       on conflict (district_id) do update set skills = excluded.skills, updated_at = now()`,
      [randomUUID(), districtId, arrayParam(skills)],
    );
    return district;
  });
}

/** A district's skill interests, batched across organizations. */
export async function skillInterestsOf(ctx: HubContext, organizationId: string): Promise<string[]> {
  const rows = await ctx.loaders
    .groupedBy<string[]>('districtSkillInterests', async (em, ids) => {
      const found = await selectRows<{ district_id: string; skills: string[] }>(
        em,
        'select district_id, skills from district_skill_interests where district_id = any(?::uuid[])',
        [arrayParam(ids)],
      );
      return found.map((row) => [row.district_id, row.skills]);
    })
    .load(organizationId);
  return rows[0] ?? [];
}
