/**
 * Waiver test data: SDZ districts with their people (through the ORM), and
 * waiver requests made through the API as a lead would; plus a subscriber
 * that records a request's events over a real WebSocket.
 */
import type { Client } from 'graphql-ws';
import { print } from 'graphql';
import { MemberRole, OrganizationKind, Zone } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import type { Organization } from '../../src/modules/organizations/organization.entity';
import type { User } from '../../src/modules/users/user.entity';
import { factories } from '../factories';
import {
  CreateWaiverRequestDocument,
  SetWaiverPresenceDocument,
  WaiverRequestEventsDocument,
  type WaiverRequestEventsSubscription,
} from '../generated/graphql';
import { tokenFor, type TestHub } from '../helpers/hub';

export interface Person {
  user: User;
  id: string;
  email: string;
  token: string;
}

export interface District {
  organization: Organization;
  id: string;
  owner: Person;
}

export type WaiverEvent = WaiverRequestEventsSubscription['waiverRequestEvents'];

export function waiverFactories(t: TestHub) {
  const base = factories(t);

  async function person(user: User): Promise<Person> {
    return { user, id: toGlobalId('User', user.id), email: user.email, token: await tokenFor(user.email) };
  }

  /** A signed-in person, member of nothing unless `organization` is given. */
  async function buildPerson(organization?: Organization, role: MemberRole = MemberRole.EDITOR): Promise<Person> {
    const user = await base.buildUser();
    if (organization) await base.buildMember({ organization, user, role });
    return person(user);
  }

  /** A district in the System Design Zone this school year (or `zones`), with an OWNER. */
  async function buildDistrict(zones: Zone[] = [Zone.SYSTEM_DESIGN], kind = OrganizationKind.DISTRICT): Promise<District> {
    const organization = await base.buildOrganization({ zones, kind });
    const { user } = await base.buildMember({ organization, role: MemberRole.OWNER });
    return { organization, id: toGlobalId('Organization', organization.id), owner: await person(user) };
  }

  /** A state-agency member (EDITOR by default). */
  async function buildStateStaff(role: MemberRole = MemberRole.EDITOR): Promise<Person> {
    const organization = await base.buildOrganization({ kind: OrganizationKind.STATE_AGENCY, zones: [Zone.COLLABORATIVE_NETWORK] });
    return buildPerson(organization, role);
  }

  /** A waiver request led by a new SDZ district's OWNER. */
  async function buildWaiver(title = 'Seat-time flexibility for competency-based credit') {
    const lead = await buildDistrict();
    const { createWaiverRequest } = await t.data(
      CreateWaiverRequestDocument,
      { input: { districtId: lead.id, title, kind: 'MSIP6' } },
      { token: lead.owner.token },
    );
    return { lead, request: createWaiverRequest, id: createWaiverRequest.id, sections: createWaiverRequest.sections };
  }

  return { ...base, buildPerson, buildDistrict, buildStateStaff, buildWaiver };
}

/** Records one subscriber's events on a request. */
export interface Subscriber {
  events: WaiverEvent[];
  errors: unknown[];
  /** Resolves once the subscription has completed (ended by the server or the client). */
  ended: Promise<void>;
  /** Resolves with the first recorded event (past or future) matching. */
  waitFor(match: (event: WaiverEvent) => boolean): Promise<WaiverEvent>;
  stop(): void;
}

export function subscribe(client: Client, waiverRequestId: string): Subscriber {
  const events: WaiverEvent[] = [];
  const errors: unknown[] = [];
  const waiters: Array<{ match: (event: WaiverEvent) => boolean; resolve: (event: WaiverEvent) => void }> = [];
  let finish!: () => void;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  const stop = client.subscribe<{ waiverRequestEvents: WaiverEvent }>(
    { query: print(WaiverRequestEventsDocument), variables: { waiverRequestId } },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        const event = result.data?.waiverRequestEvents;
        if (!event) return;
        events.push(event);
        for (const waiter of [...waiters]) {
          if (waiter.match(event)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(event);
          }
        }
      },
      error: (error) => {
        errors.push(...(Array.isArray(error) ? error : [error]));
        finish();
      },
      complete: () => finish(),
    },
  );
  return {
    events,
    errors,
    ended,
    stop,
    waitFor: (match) => {
      const seen = events.find(match);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

/**
 * Subscribes and waits until the subscription is live: the subscriber opens
 * a section (presence) and waits to see their own event come back.
 */
export async function subscribeReady(t: TestHub, who: Person, waiverRequestId: string, sectionId: string): Promise<Subscriber & { client: Client }> {
  const client = t.ws(who.token);
  const subscriber = subscribe(client, waiverRequestId);
  // The subscribe runs asynchronously on the server: repeat the probe until it comes back.
  for (let attempt = 0; attempt < 40; attempt++) {
    const marker = `ready-${attempt}-${Math.random().toString(36).slice(2)}`;
    const seen = subscriber.waitFor((e) => e.__typename === 'WaiverPresenceChanged' && e.clientMutationId === marker);
    await t.data(SetWaiverPresenceDocument, { input: { waiverRequestId, sectionId: null } }, { token: who.token });
    await t.data(SetWaiverPresenceDocument, { input: { waiverRequestId, sectionId, clientMutationId: marker } }, { token: who.token });
    const live = await Promise.race([seen.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 250))]);
    if (live) return { ...subscriber, client };
    if (subscriber.errors.length) throw new Error(`subscription failed: ${JSON.stringify(subscriber.errors)}`);
  }
  throw new Error('subscription never became live');
}
