import { describe, expect, it } from 'vitest';
import { print, type ExecutionResult } from 'graphql';
import type { Client } from 'graphql-ws';
import { MemberRole } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import { partnershipEventsTopic, type PartnershipEventPayload } from '../../src/modules/partnerships/partnership.events';
import { PartnershipStatus } from '../../src/modules/partnerships/partnership.enums';
import type { Partnership } from '../../src/modules/partnerships/partnership.entity';
import {
  CancelPartnershipDocument,
  PartnershipEventsDocument,
  RequestPartnershipDocument,
  RespondToPartnershipDocument,
  StartPartnershipDocument,
  type PartnershipEventsSubscription,
} from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { partnershipFactories } from './factories';

const t = useTestHub();
const make = partnershipFactories(t);

const gid = (type: string, id: string) => toGlobalId(type, id);
type Event = PartnershipEventsSubscription['partnershipEvents'];

/**
 * A live subscription: resolves `ready` once the server delivers a handshake
 * (published straight to the organization's channel until one arrives), then
 * collects the events of other partnerships.
 */
function follow(client: Client, organizationId: string, handshake: Partnership) {
  const events: Event[] = [];
  const waiters: Array<{ count: number; resolve: (events: Event[]) => void }> = [];
  let firstError: ((errors: unknown) => void) | undefined;
  const errored = new Promise<unknown>((resolve) => (firstError = resolve));
  let live: () => void = () => {};
  const ready = new Promise<void>((resolve) => (live = resolve));
  const dispose = client.subscribe<PartnershipEventsSubscription>(
    { query: print(PartnershipEventsDocument), variables: { organizationId: gid('Organization', organizationId) } },
    {
      next: (result: ExecutionResult<PartnershipEventsSubscription>) => {
        const event = result.data?.partnershipEvents;
        if (!event) return firstError?.(result.errors);
        if (event.partnership.id === gid('Partnership', handshake.id)) return live();
        events.push(event);
        for (const waiter of waiters.filter((w) => events.length >= w.count)) waiter.resolve(events.slice(0, waiter.count));
      },
      error: (error) => firstError?.(error),
      complete: () => {},
    },
  );
  const payload: PartnershipEventPayload = {
    partnershipId: handshake.id,
    districtId: handshake.district.id,
    businessId: handshake.business.id,
    status: PartnershipStatus.REQUESTED,
    previousStatus: null,
    actorId: null,
    note: 'handshake',
    at: new Date().toISOString(),
  };
  const handshakes = (async () => {
    let done = false;
    void ready.then(() => (done = true));
    while (!done) {
      partnershipEventsTopic.publish(t.hub.bus.pubsub, payload, organizationId);
      await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, 25))]);
    }
  })();
  return {
    ready: handshakes,
    errored,
    events,
    take: (count: number) => new Promise<Event[]>((resolve) => (events.length >= count ? resolve(events.slice(0, count)) : waiters.push({ count, resolve }))),
    dispose,
  };
}

describe('Subscription.partnershipEvents', () => {
  it('delivers every transition to members of both sides as it commits, with status, previous status, actor and time', async () => {
    const business = await make.buildBusiness();
    const businessViewer = await make.buildBusiness({ organization: business.organization, role: MemberRole.VIEWER });
    const district = await make.buildDistrict();
    const opportunity = await make.buildOpportunity({ business: business.organization, capacity: 5 });
    const handshake = await make.buildPartnership({ opportunity, district: district.organization });

    const forBusiness = follow(t.ws(businessViewer.token), business.organization.id, handshake);
    const forDistrict = follow(t.ws(district.token), district.organization.id, handshake);
    await Promise.all([forBusiness.ready, forDistrict.ready]);

    const requested = await t.data(
      RequestPartnershipDocument,
      {
        input: {
          opportunityId: gid('Opportunity', opportunity.id),
          districtId: gid('Organization', district.organization.id),
          studentCount: 2,
          message: 'Two seniors',
        },
      },
      { token: district.token },
    );
    const id = requested.requestPartnership.id;
    await t.data(RespondToPartnershipDocument, { input: { partnershipId: id, decision: 'ACCEPT', note: 'See you Monday' } }, { token: business.token });
    await t.data(StartPartnershipDocument, { input: { partnershipId: id } }, { token: district.token });
    const refused = await t.request(RespondToPartnershipDocument, { input: { partnershipId: id, decision: 'DECLINE' } }, { token: business.token });
    expect(refused.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    await t.data(CancelPartnershipDocument, { input: { partnershipId: id, note: 'Bus fell through' } }, { token: business.token });

    for (const follower of [forBusiness, forDistrict]) {
      const events = await follower.take(4);
      const [districtActor, businessActor] = [gid('User', district.user.id), gid('User', business.user.id)];
      expect(events.map((e) => [e.previousStatus, e.status, e.actor?.id, e.note])).toEqual([
        [null, 'REQUESTED', districtActor, null],
        ['REQUESTED', 'ACCEPTED', businessActor, 'See you Monday'],
        ['ACCEPTED', 'ACTIVE', districtActor, null],
        ['ACTIVE', 'CANCELLED', businessActor, 'Bus fell through'],
      ]);
      // Each side reads its own people's emails, not the other side's (they share no organization or waiver request).
      const ownSide = follower === forBusiness ? businessActor : districtActor;
      expect(events.map((e) => e.actor?.email !== null)).toEqual(events.map((e) => e.actor?.id === ownSide));
      expect(events.every((e) => e.partnership.id === id && !Number.isNaN(Date.parse(e.at)))).toBe(true);
      // The partnership is loaded when the event is delivered: by then it is already cancelled.
      expect(events[3].partnership).toMatchObject({ status: 'CANCELLED', studentCount: 2 });
    }
    forBusiness.dispose();
    forDistrict.dispose();
  });

  it("refuses to subscribe to another organization's events with FORBIDDEN, and anonymous viewers with UNAUTHENTICATED", async () => {
    const business = await make.buildBusiness();
    const outsider = await make.buildDistrict();
    const subscribe = (token?: string) =>
      new Promise<Array<{ extensions?: { code?: string } }>>((resolve, reject) => {
        t.ws(token).subscribe(
          { query: print(PartnershipEventsDocument), variables: { organizationId: gid('Organization', business.organization.id) } },
          {
            next: (result) => resolve((result.errors ?? []) as never),
            error: (error) => (Array.isArray(error) ? resolve(error) : reject(error)),
            complete: () => resolve([]),
          },
        );
      });
    expect((await subscribe(outsider.token))[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await subscribe())[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('ends the subscription of a member who has left the organization before the next event', async () => {
    const business = await make.buildBusiness();
    const leaving = await make.buildBusiness({ organization: business.organization, role: MemberRole.VIEWER });
    const opportunity = await make.buildOpportunity({ business: business.organization });
    const handshake = await make.buildPartnership({ opportunity });
    const partnership = await make.buildPartnership({ opportunity });

    let completed!: () => void;
    const ended = new Promise<void>((resolve) => (completed = resolve));
    const client = t.ws(leaving.token);
    const received: unknown[] = [];
    let live!: () => void;
    const ready = new Promise<void>((resolve) => (live = resolve));
    client.subscribe(
      { query: print(PartnershipEventsDocument), variables: { organizationId: gid('Organization', business.organization.id) } },
      { next: (result) => (result.data ? live() : received.push(result)), error: () => {}, complete: () => completed() },
    );
    const payload: PartnershipEventPayload = {
      partnershipId: handshake.id,
      districtId: handshake.district.id,
      businessId: business.organization.id,
      status: PartnershipStatus.REQUESTED,
      previousStatus: null,
      actorId: null,
      note: null,
      at: new Date().toISOString(),
    };
    let isLive = false;
    void ready.then(() => (isLive = true));
    while (!isLive) {
      partnershipEventsTopic.publish(t.hub.bus.pubsub, payload, business.organization.id);
      await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, 25))]);
    }

    await t.hub.orm.em.fork().getConnection().execute('delete from memberships where user_id = ?', [leaving.user.id]);
    await t.data(
      RespondToPartnershipDocument,
      { input: { partnershipId: gid('Partnership', partnership.id), decision: 'DECLINE' } },
      { token: business.token },
    );
    await ended;
    expect(received).toEqual([]);
  });
});
