import { describe, expect, it } from 'vitest';
import { MemberRole, OrganizationKind } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import { OpportunityStatus, PartnershipStatus } from '../../src/modules/partnerships/partnership.enums';
import {
  CancelPartnershipDocument,
  CloseOpportunityDocument,
  CompletePartnershipDocument,
  PartnershipNodeDocument,
  RequestPartnershipDocument,
  RespondToPartnershipDocument,
  StartPartnershipDocument,
} from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { partnershipFactories, seatLedger } from './factories';

const t = useTestHub();
const make = partnershipFactories(t);

const gid = (type: string, id: string) => toGlobalId(type, id);
const { REQUESTED, ACCEPTED, DECLINED, ACTIVE, COMPLETED, CANCELLED } = PartnershipStatus;
const ALL = [REQUESTED, ACCEPTED, DECLINED, ACTIVE, COMPLETED, CANCELLED];

/** The mutation that moves a partnership to each target status. */
const MOVES = {
  ACCEPTED: (id: string) => ({ doc: RespondToPartnershipDocument, input: { partnershipId: id, decision: 'ACCEPT' as const } }),
  DECLINED: (id: string) => ({ doc: RespondToPartnershipDocument, input: { partnershipId: id, decision: 'DECLINE' as const } }),
  ACTIVE: (id: string) => ({ doc: StartPartnershipDocument, input: { partnershipId: id } }),
  COMPLETED: (id: string) => ({ doc: CompletePartnershipDocument, input: { partnershipId: id } }),
  CANCELLED: (id: string) => ({ doc: CancelPartnershipDocument, input: { partnershipId: id } }),
} as const;

const ALLOWED: Record<PartnershipStatus, PartnershipStatus[]> = {
  REQUESTED: [ACCEPTED, DECLINED, CANCELLED],
  ACCEPTED: [ACTIVE, CANCELLED],
  ACTIVE: [COMPLETED, CANCELLED],
  DECLINED: [],
  COMPLETED: [],
  CANCELLED: [],
};

async function attempt(to: keyof typeof MOVES, partnershipId: string, token: string) {
  const { doc, input } = MOVES[to](gid('Partnership', partnershipId));
  const result = await t.request(doc as never, { input } as never, { token });
  const data = result.data as Record<string, { status: string; opportunity: { seatsRemaining: number } }> | null | undefined;
  return { partnership: data ? Object.values(data)[0] : undefined, error: result.errors?.[0] };
}

describe('partnership transitions', () => {
  for (const from of ALL) {
    for (const to of Object.keys(MOVES) as Array<keyof typeof MOVES>) {
      const allowed = ALLOWED[from].includes(to as PartnershipStatus);
      it(`${allowed ? 'moves' : 'refuses to move'} a ${from} partnership to ${to}${allowed ? '' : ' with INVALID_TRANSITION naming both'}`, async () => {
        const business = await make.buildBusiness();
        const opportunity = await make.buildOpportunity({ business: business.organization, capacity: 10 });
        const partnership = await make.buildPartnership({ opportunity, status: from, studentCount: 3 });
        const before = await seatLedger(t.hub.orm, opportunity.id);

        const { partnership: moved, error } = await attempt(to, partnership.id, business.token);
        const after = await seatLedger(t.hub.orm, opportunity.id);
        if (allowed) {
          expect(error).toBeUndefined();
          expect(moved?.status).toBe(to);
          expect(moved?.opportunity.seatsRemaining).toBe(10 - after.seatsTaken);
        } else {
          expect(error?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', from, to });
          expect(error?.message).toContain(from);
          expect(error?.message).toContain(to);
          expect(after).toEqual(before);
        }
        // The stored counter always equals the seats held by ACCEPTED, ACTIVE and COMPLETED partnerships.
        expect(after.seatsTaken).toBe(after.held);
      });
    }
  }

  it('records actor, note, side and time for every step, from request to completion', async () => {
    const business = await make.buildBusiness();
    const district = await make.buildDistrict({ role: MemberRole.EDITOR });
    const opportunity = await make.buildOpportunity({ business: business.organization, capacity: 6 });

    const requested = await t.data(
      RequestPartnershipDocument,
      {
        input: {
          opportunityId: gid('Opportunity', opportunity.id),
          districtId: gid('Organization', district.organization.id),
          studentCount: 4,
          message: 'Our robotics club would love this.',
        },
      },
      { token: district.token },
    );
    const id = requested.requestPartnership.id;
    expect(requested.requestPartnership).toMatchObject({ status: 'REQUESTED', studentCount: 4, message: 'Our robotics club would love this.' });
    expect(requested.requestPartnership.opportunity.seatsRemaining).toBe(6);

    const accepted = await t.data(
      RespondToPartnershipDocument,
      { input: { partnershipId: id, decision: 'ACCEPT', note: 'Welcome!' } },
      { token: business.token },
    );
    expect(accepted.respondToPartnership.opportunity.seatsRemaining).toBe(2);
    await t.data(StartPartnershipDocument, { input: { partnershipId: id, note: 'First day went well' } }, { token: district.token });
    const completed = await t.data(CompletePartnershipDocument, { input: { partnershipId: id } }, { token: business.token });
    expect(completed.completePartnership.status).toBe('COMPLETED');
    expect(completed.completePartnership.opportunity.seatsRemaining).toBe(2);

    const node = await t.data(PartnershipNodeDocument, { id }, { token: district.token });
    const history = node.node && 'history' in node.node ? node.node.history : [];
    // The district reads its own people's emails; the business's people show by id (and name), their emails null.
    expect(history.map((step) => [step.from, step.to, step.actor?.id, step.actor?.email, step.note, step.actingFor?.id])).toEqual([
      [null, 'REQUESTED', gid('User', district.user.id), district.user.email, null, gid('Organization', district.organization.id)],
      ['REQUESTED', 'ACCEPTED', gid('User', business.user.id), null, 'Welcome!', gid('Organization', business.organization.id)],
      ['ACCEPTED', 'ACTIVE', gid('User', district.user.id), district.user.email, 'First day went well', gid('Organization', district.organization.id)],
      ['ACTIVE', 'COMPLETED', gid('User', business.user.id), null, null, gid('Organization', business.organization.id)],
    ]);
    const times = history.map((step) => Date.parse(step.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('frees the seats of an accepted partnership that is cancelled, by either side', async () => {
    const business = await make.buildBusiness();
    const district = await make.buildDistrict();
    const opportunity = await make.buildOpportunity({ business: business.organization, capacity: 5 });
    const partnership = await make.buildPartnership({ opportunity, district: district.organization, status: ACCEPTED, studentCount: 5 });
    expect((await seatLedger(t.hub.orm, opportunity.id)).seatsTaken).toBe(5);
    const { partnership: cancelled } = await attempt('CANCELLED', partnership.id, district.token);
    expect(cancelled?.status).toBe('CANCELLED');
    expect(cancelled?.opportunity.seatsRemaining).toBe(5);
  });
});

describe('who may move a partnership', () => {
  it('refuses acceptance by the district, by a business VIEWER and by outsiders with FORBIDDEN, and anonymous with UNAUTHENTICATED', async () => {
    const business = await make.buildBusiness();
    const viewer = await make.buildBusiness({ organization: business.organization, role: MemberRole.VIEWER });
    const district = await make.buildDistrict();
    const outsider = await make.buildBusiness();
    const opportunity = await make.buildOpportunity({ business: business.organization });
    const partnership = await make.buildPartnership({ opportunity, district: district.organization });

    for (const token of [district.token, viewer.token, outsider.token]) {
      expect((await attempt('ACCEPTED', partnership.id, token)).error?.extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await t.request(RespondToPartnershipDocument, { input: { partnershipId: gid('Partnership', partnership.id), decision: 'ACCEPT' } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await seatLedger(t.hub.orm, opportunity.id)).seatsTaken).toBe(0);
  });

  it('lets editors of either side start, complete and cancel, but not viewers or outsiders', async () => {
    const district = await make.buildDistrict({ role: MemberRole.EDITOR });
    const districtViewer = await make.buildDistrict({ organization: district.organization, role: MemberRole.VIEWER });
    const outsider = await make.buildDistrict();
    const partnership = await make.buildPartnership({ district: district.organization, status: ACCEPTED });
    expect((await attempt('ACTIVE', partnership.id, districtViewer.token)).error?.extensions?.code).toBe('FORBIDDEN');
    expect((await attempt('CANCELLED', partnership.id, outsider.token)).error?.extensions?.code).toBe('FORBIDDEN');
    expect((await attempt('ACTIVE', partnership.id, district.token)).partnership?.status).toBe('ACTIVE');
  });

  it('hides partnerships from outsiders in node(id) and answers NOT_FOUND for unknown ones', async () => {
    const district = await make.buildDistrict({ role: MemberRole.VIEWER });
    const outsider = await make.buildDistrict();
    const partnership = await make.buildPartnership({ district: district.organization });
    const id = gid('Partnership', partnership.id);
    expect((await t.data(PartnershipNodeDocument, { id }, { token: district.token })).node).toMatchObject({ id, status: 'REQUESTED' });
    expect((await t.data(PartnershipNodeDocument, { id }, { token: outsider.token })).node).toBeNull();
    expect((await t.data(PartnershipNodeDocument, { id })).node).toBeNull();
    const missing = await attempt('ACCEPTED', '00000000-0000-4000-8000-000000000000', district.token);
    expect(missing.error?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('Mutation.requestPartnership', () => {
  const request = async (opportunityId: string, districtId: string, token: string | undefined, studentCount = 2) =>
    t.request(
      RequestPartnershipDocument,
      { input: { opportunityId: gid('Opportunity', opportunityId), districtId: gid('Organization', districtId), studentCount } },
      { token },
    );

  it('refuses requests for a non-district organization, by non-members and by district viewers with FORBIDDEN', async () => {
    const opportunity = await make.buildOpportunity();
    const college = await make.buildSide(OrganizationKind.HIGHER_ED);
    const business = await make.buildBusiness();
    const district = await make.buildDistrict();
    const districtViewer = await make.buildDistrict({ organization: district.organization, role: MemberRole.VIEWER });
    const stranger = await make.buildDistrict();

    expect((await request(opportunity.id, college.organization.id, college.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await request(opportunity.id, business.organization.id, business.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await request(opportunity.id, district.organization.id, stranger.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await request(opportunity.id, district.organization.id, districtViewer.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await request(opportunity.id, district.organization.id, undefined)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const ok = await request(opportunity.id, district.organization.id, district.token);
    expect(ok.data?.requestPartnership?.status).toBe('REQUESTED');
  });

  it('takes requests for OPEN opportunities only: CONFLICT for closed ones, NOT_FOUND for drafts', async () => {
    const district = await make.buildDistrict();
    const closed = await make.buildOpportunity({ status: OpportunityStatus.CLOSED });
    const draft = await make.buildOpportunity({ status: OpportunityStatus.DRAFT });
    expect((await request(closed.id, district.organization.id, district.token)).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'CLOSED' });
    expect((await request(draft.id, district.organization.id, district.token)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses more students than remain with CAPACITY_EXCEEDED, and bad counts with BAD_USER_INPUT', async () => {
    const district = await make.buildDistrict();
    const opportunity = await make.buildOpportunity({ capacity: 5, seatsTaken: 4 });
    expect((await request(opportunity.id, district.organization.id, district.token, 2)).errors?.[0].extensions).toMatchObject({
      code: 'CAPACITY_EXCEEDED',
      seatsRemaining: 1,
      requested: 2,
    });
    const zero = await request(opportunity.id, district.organization.id, district.token, 0);
    expect(zero.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses to accept more students than remain with CAPACITY_EXCEEDED', async () => {
    const business = await make.buildBusiness();
    const opportunity = await make.buildOpportunity({ business: business.organization, capacity: 5 });
    const big = await make.buildPartnership({ opportunity, studentCount: 4 });
    const bigger = await make.buildPartnership({ opportunity, studentCount: 3 });
    expect((await attempt('ACCEPTED', big.id, business.token)).partnership?.status).toBe('ACCEPTED');
    const refused = await attempt('ACCEPTED', bigger.id, business.token);
    expect(refused.error?.extensions).toMatchObject({ code: 'CAPACITY_EXCEEDED', seatsRemaining: 1, requested: 3 });
    // The refused request stays REQUESTED and may still be declined.
    expect((await attempt('DECLINED', bigger.id, business.token)).partnership?.status).toBe('DECLINED');
  });
});

describe('Mutation.closeOpportunity', () => {
  it('leaves running partnerships untouched and stops new requests', async () => {
    const business = await make.buildBusiness();
    const district = await make.buildDistrict();
    const opportunity = await make.buildOpportunity({ business: business.organization, capacity: 10 });
    const active = await make.buildPartnership({ opportunity, status: ACTIVE, studentCount: 2 });
    const accepted = await make.buildPartnership({ opportunity, status: ACCEPTED, studentCount: 3 });

    const closed = await t.data(CloseOpportunityDocument, { input: { opportunityId: gid('Opportunity', opportunity.id) } }, { token: business.token });
    expect(closed.closeOpportunity.status).toBe('CLOSED');
    expect(await seatLedger(t.hub.orm, opportunity.id)).toMatchObject({ seatsTaken: 5, held: 5 });
    expect((await attempt('COMPLETED', active.id, business.token)).partnership?.status).toBe('COMPLETED');
    expect((await attempt('ACTIVE', accepted.id, business.token)).partnership?.status).toBe('ACTIVE');
    const late = await t.request(
      RequestPartnershipDocument,
      { input: { opportunityId: gid('Opportunity', opportunity.id), districtId: gid('Organization', district.organization.id), studentCount: 1 } },
      { token: district.token },
    );
    expect(late.errors?.[0].extensions?.code).toBe('CONFLICT');
  });
});
