/**
 * Partnerships: a district requests an OPEN opportunity; the business
 * accepts or declines; then it runs (ACTIVE) and completes; either side may
 * cancel before completion. Every transition locks the opportunity row, then
 * the partnership row (always in that order), so seats are never overbooked
 * and two transitions of one partnership never both succeed. Events are
 * published after the commit.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, can, type Action, type PartnershipTarget } from '../../auth/policy';
import { MemberRole } from '../../domain/enums';
import type { HubContext } from '../../graphql/context';
import { CapacityExceededError, ConflictError, InvalidTransitionError, NotFoundError } from '../../errors';
import { expectGlobalId } from '../../domain/global-id';
import { writeTransaction } from '../../graphql/write-transaction';
import { Organization } from '../organizations/organization.entity';
import { Opportunity } from './opportunity.entity';
import { findOpportunity } from './opportunity.service';
import { Partnership } from './partnership.entity';
import { OpportunityStatus, PartnershipDecision, PartnershipStatus } from './partnership.enums';
import { publishPartnershipEvent, type PartnershipEventPayload } from './partnership.events';
import type { PartnershipTransitionInput, RequestPartnershipInput, RespondToPartnershipInput } from './partnership.inputs';
import { PartnershipTransition } from './partnership-transition.entity';
import { notifyPartnership } from './partnership.notifications';

const { ACCEPTED, DECLINED, ACTIVE, COMPLETED, CANCELLED } = PartnershipStatus;

/** Where each status may go next. */
export const PARTNERSHIP_TRANSITIONS: Record<PartnershipStatus, readonly PartnershipStatus[]> = {
  REQUESTED: [ACCEPTED, DECLINED, CANCELLED],
  ACCEPTED: [ACTIVE, CANCELLED],
  ACTIVE: [COMPLETED, CANCELLED],
  DECLINED: [],
  COMPLETED: [],
  CANCELLED: [],
};

/** Statuses whose students count against the opportunity's capacity. */
const HOLDS_SEATS: ReadonlySet<PartnershipStatus> = new Set([ACCEPTED, ACTIVE, COMPLETED]);

export function sidesOf(partnership: Partnership): PartnershipTarget {
  return { districtId: partnership.district.id, businessId: partnership.business.id };
}

interface Committed {
  partnership: Partnership;
  event: PartnershipEventPayload;
}

function record(
  em: EntityManager,
  partnership: Partnership,
  from: PartnershipStatus | null,
  actorId: string | null,
  actingForId: string,
  note: string | null,
): PartnershipEventPayload {
  const step = em.create(PartnershipTransition, {
    partnership,
    fromStatus: from,
    toStatus: partnership.status,
    actor: actorId,
    actingFor: actingForId,
    note,
    at: new Date(),
  });
  return {
    partnershipId: partnership.id,
    districtId: partnership.district.id,
    businessId: partnership.business.id,
    status: partnership.status,
    previousStatus: from,
    actorId,
    note,
    at: step.at.toISOString(),
  };
}

/** District owners and editors ask for an OPEN opportunity for some of their students. */
export async function requestPartnership(ctx: HubContext, input: RequestPartnershipInput): Promise<Partnership> {
  const districtId = expectGlobalId(input.districtId, 'Organization', 'input.districtId');
  const { partnership, event } = await writeTransaction(ctx, async (em, viewer): Promise<Committed> => {
    const district = await em.findOne(Organization, { id: districtId });
    if (!district) throw new NotFoundError('Organization');
    authorize(viewer, 'partnership.request', { districtId, districtKind: district.kind });
    // A share lock: requests go together, while a close (or an acceptance) waits for them.
    const opportunity = await findOpportunity(em, viewer, input.opportunityId, 'input.opportunityId', LockMode.PESSIMISTIC_READ);
    if (opportunity.status !== OpportunityStatus.OPEN) {
      throw new ConflictError(`Only OPEN opportunities take requests; this one is ${opportunity.status}`, { status: opportunity.status });
    }
    if (input.studentCount > opportunity.seatsRemaining) {
      throw new CapacityExceededError(`Only ${opportunity.seatsRemaining} seats remain; ${input.studentCount} were requested`, {
        seatsRemaining: opportunity.seatsRemaining,
        requested: input.studentCount,
      });
    }
    const partnership = em.create(Partnership, {
      opportunity,
      district,
      business: opportunity.business,
      studentCount: input.studentCount,
      message: input.message ?? null,
      requestedBy: viewer.userId ?? null,
    });
    const event = record(em, partnership, null, viewer.userId ?? null, district.id, null);
    await notifyPartnership(em, partnership, opportunity.title, null, district.id, viewer.userId);
    return { partnership, event };
  });
  publishPartnershipEvent(ctx.pubsub, event);
  return partnership;
}

interface Move {
  partnershipId: string;
  to: PartnershipStatus;
  note?: string | null;
  action: Extract<Action, 'partnership.respond' | 'partnership.run'>;
}

async function move(ctx: HubContext, props: Move): Promise<Partnership> {
  const id = expectGlobalId(props.partnershipId, 'Partnership', 'input.partnershipId');
  const { partnership, event } = await writeTransaction(ctx, async (em, viewer): Promise<Committed> => {
    const seen = await em.findOne(Partnership, { id });
    if (!seen) throw new NotFoundError('Partnership');
    const sides = sidesOf(seen);
    authorize(viewer, props.action, sides);
    const opportunity = await em.findOneOrFail(Opportunity, { id: seen.opportunity.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    const partnership = await em.findOneOrFail(Partnership, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    const from: PartnershipStatus = partnership.status;
    if (!PARTNERSHIP_TRANSITIONS[from].includes(props.to)) throw new InvalidTransitionError('Partnership', from, props.to);
    if (!HOLDS_SEATS.has(from) && HOLDS_SEATS.has(props.to)) {
      if (partnership.studentCount > opportunity.seatsRemaining) {
        throw new CapacityExceededError(`Only ${opportunity.seatsRemaining} seats remain; this partnership needs ${partnership.studentCount}`, {
          seatsRemaining: opportunity.seatsRemaining,
          requested: partnership.studentCount,
        });
      }
      opportunity.seatsTaken += partnership.studentCount;
    } else if (HOLDS_SEATS.has(from) && !HOLDS_SEATS.has(props.to)) {
      opportunity.seatsTaken -= partnership.studentCount;
    }
    partnership.status = props.to;
    // The side the actor acted for: the business when they may act for it, else the district.
    const actingFor = props.action === 'partnership.respond' || viewer.hasRole(sides.businessId, MemberRole.EDITOR) ? sides.businessId : sides.districtId;
    await notifyPartnership(em, partnership, opportunity.title, from, actingFor, viewer.userId);
    return { partnership, event: record(em, partnership, from, viewer.userId ?? null, actingFor, props.note ?? null) };
  });
  publishPartnershipEvent(ctx.pubsub, event);
  return partnership;
}

/** The business accepts (taking seats, or CAPACITY_EXCEEDED) or declines a request. */
export function respondToPartnership(ctx: HubContext, input: RespondToPartnershipInput): Promise<Partnership> {
  const to = input.decision === PartnershipDecision.ACCEPT ? ACCEPTED : DECLINED;
  return move(ctx, { partnershipId: input.partnershipId, to, note: input.note, action: 'partnership.respond' });
}

/** ACCEPTED -> ACTIVE: the students have started. */
export function startPartnership(ctx: HubContext, input: PartnershipTransitionInput): Promise<Partnership> {
  return move(ctx, { ...input, to: ACTIVE, action: 'partnership.run' });
}

/** ACTIVE -> COMPLETED: the seats stay taken. */
export function completePartnership(ctx: HubContext, input: PartnershipTransitionInput): Promise<Partnership> {
  return move(ctx, { ...input, to: COMPLETED, action: 'partnership.run' });
}

/** Either side calls it off before completion; seats it held are freed. */
export function cancelPartnership(ctx: HubContext, input: PartnershipTransitionInput): Promise<Partnership> {
  return move(ctx, { ...input, to: CANCELLED, action: 'partnership.run' });
}

/** Whether the viewer may see this partnership. */
export function canSeePartnership(ctx: HubContext, partnership: Partnership): boolean {
  return can(ctx.viewer, 'partnership.read', sidesOf(partnership));
}
