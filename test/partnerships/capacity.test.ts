import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/domain/global-id';
import { PartnershipStatus } from '../../src/modules/partnerships/partnership.enums';
import { CancelPartnershipDocument, CompletePartnershipDocument, RespondToPartnershipDocument } from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { partnershipFactories, seatLedger } from './factories';

const t = useTestHub();
const make = partnershipFactories(t);

describe('Mutation.respondToPartnership under concurrency', () => {
  it('accepts exactly 5 of 20 simultaneous one-student acceptances when 5 seats remain', async () => {
    const business = await make.buildBusiness();
    // Capacity 8 with 3 students already accepted: 5 seats left.
    const opportunity = await make.buildOpportunity({ business: business.organization, capacity: 8 });
    await make.buildPartnership({ opportunity, status: PartnershipStatus.ACCEPTED, studentCount: 3 });
    const requests = await Promise.all(Array.from({ length: 20 }, () => make.buildPartnership({ opportunity, studentCount: 1 })));

    const results = await Promise.all(
      requests.map((request) =>
        t.request(
          RespondToPartnershipDocument,
          { input: { partnershipId: toGlobalId('Partnership', request.id), decision: 'ACCEPT' } },
          { token: business.token },
        ),
      ),
    );

    const accepted = results.filter((result) => result.data?.respondToPartnership?.status === 'ACCEPTED');
    const refused = results.filter((result) => result.errors?.[0]?.extensions?.code === 'CAPACITY_EXCEEDED');
    expect(accepted).toHaveLength(5);
    expect(refused).toHaveLength(15);
    expect(refused[0].errors?.[0].extensions).toMatchObject({ seatsRemaining: 0, requested: 1 });
    expect(await seatLedger(t.hub.orm, opportunity.id)).toEqual({ seatsTaken: 8, held: 8, accepted: 6 });
  });

  it('lets only one of two simultaneous transitions of the same partnership succeed', async () => {
    const business = await make.buildBusiness();
    const opportunity = await make.buildOpportunity({ business: business.organization, capacity: 4 });
    for (let round = 0; round < 5; round++) {
      const partnership = await make.buildPartnership({ opportunity, status: PartnershipStatus.ACTIVE, studentCount: 1 });
      const input = { partnershipId: toGlobalId('Partnership', partnership.id) };
      const [complete, cancel] = await Promise.all([
        t.request(CompletePartnershipDocument, { input }, { token: business.token }),
        t.request(CancelPartnershipDocument, { input }, { token: business.token }),
      ]);
      const winners = [complete.data?.completePartnership, cancel.data?.cancelPartnership].filter(Boolean);
      const losers = [complete, cancel].filter((result) => result.errors?.[0]?.extensions?.code === 'INVALID_TRANSITION');
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      // The loser names the status the winner left behind.
      expect(losers[0].errors?.[0].extensions?.from).toBe(winners[0]!.status);
    }
    const ledger = await seatLedger(t.hub.orm, opportunity.id);
    expect(ledger.seatsTaken).toBe(ledger.held);
  });
});
