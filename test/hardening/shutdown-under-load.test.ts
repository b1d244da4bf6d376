/**
 * Shutdown (what SIGTERM runs: `hub.close()`) while dozens of mutations are in
 * flight and subscribers are connected: every request the hub had received
 * gets its complete answer, every socket closes with 1001, the hub then stops
 * accepting, and the database holds each accepted change whole (its rows, its
 * counters, its history, its audit record) and nothing of any other.
 */
import { inject, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createOrm, type Orm } from '../../src/db/orm';
import { toGlobalId } from '../../src/domain/global-id';
import { partnershipEventsTopic } from '../../src/modules/partnerships/partnership.events';
import { PartnershipStatus } from '../../src/modules/partnerships/partnership.enums';
import type { Partnership } from '../../src/modules/partnerships/partnership.entity';
import type { Opportunity } from '../../src/modules/partnerships/opportunity.entity';
import { entities } from '../../src/entities';
import { unique } from '../factories';
import { startTestHub, type TestHub } from '../helpers/hub';
import { partnershipFactories, type Side } from '../partnerships/factories';

const ACCEPTS = 30;
const CREATES = 30;
const MEMBERS = 20;
const SUBSCRIBERS = 8;

interface Sent {
  kind: 'accept' | 'create' | 'member';
  requestId: string;
  key: string;
  response: Promise<{ status: number; body: { data?: Record<string, { id?: string; role?: string; status?: string }> | null; errors?: unknown[] } }>;
}

/** A raw graphql-transport-ws subscriber; `live` resolves at its first event, `closed` with the close code. */
function subscriber(url: string, token: string, organizationId: string) {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  const live = new Promise<void>((resolve) => {
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'connection_ack') {
        const query = 'subscription ($id: ID!) { partnershipEvents(organizationId: $id) { status partnership { id } } }';
        socket.send(JSON.stringify({ type: 'subscribe', id: 's', payload: { query, variables: { id: toGlobalId('Organization', organizationId) } } }));
      }
      if (message.type === 'next') resolve();
    });
  });
  return { live, closed };
}

describe('shutdown under load', () => {
  let t: TestHub;
  let orm: Orm;
  let business: Side;
  let opportunity: Opportunity;
  let requested: Partnership[];

  beforeAll(async () => {
    t = await startTestHub({ RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_ADDRESS_PER_MINUTE: '100000' });
    const make = partnershipFactories(t.hub.orm);
    business = await make.buildBusiness();
    opportunity = await make.buildOpportunity({ business: business.organization, capacity: 1000 });
    requested = [];
    for (let i = 0; i < ACCEPTS; i++) {
      requested.push(await make.buildPartnership({ opportunity, status: PartnershipStatus.REQUESTED, studentCount: 1 + (i % 5) }));
    }
    orm = await createOrm({ clientUrl: inject('databaseUrl'), entities });
    return async () => {
      await t.close();
      await orm.close();
    };
  });

  it('answers every in-flight mutation completely, closes sockets with 1001, and leaves only whole changes behind', { timeout: 60_000 }, async () => {
    const subscribers = Array.from({ length: SUBSCRIBERS }, () => subscriber(t.wsUrl, business.token, business.organization.id));
    // Subscriptions are live once a handshake published to the channel reaches each of them.
    const allLive = Promise.all(subscribers.map((s) => s.live));
    for (let done = false; !done;) {
      partnershipEventsTopic.publish(
        t.hub.bus.pubsub,
        {
          partnershipId: requested[0].id,
          districtId: requested[0].district.id,
          businessId: business.organization.id,
          status: PartnershipStatus.REQUESTED,
          previousStatus: null,
          actorId: null,
          note: 'handshake',
          at: new Date().toISOString(),
        },
        business.organization.id,
      );
      done = await Promise.race([allLive.then(() => true), new Promise<false>((resolve) => setTimeout(resolve, 50, false))]);
    }

    const businessId = toGlobalId('Organization', business.organization.id);
    const send = (kind: Sent['kind'], key: string, query: string, input: object): Sent => {
      const requestId = unique(`shutdown-${kind}`);
      const response = fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${business.token}`, 'x-request-id': requestId },
        body: JSON.stringify({ query, variables: { input } }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Awaited<Sent['response']>['body'] }));
      return { kind, requestId, key, response };
    };

    let received = 0;
    const total = ACCEPTS + CREATES + MEMBERS;
    const allReceived = new Promise<void>((resolve) => t.hub.httpServer.on('request', () => ++received === total && resolve()));
    const sent: Sent[] = [
      ...requested.map((p) =>
        send('accept', p.id, 'mutation ($input: RespondToPartnershipInput!) { respondToPartnership(input: $input) { id status } }', {
          partnershipId: toGlobalId('Partnership', p.id),
          decision: 'ACCEPT',
        }),
      ),
      ...Array.from({ length: CREATES }, () => {
        const title = unique('Shutdown shadow day');
        return send('create', title, 'mutation ($input: CreateOpportunityInput!) { createOpportunity(input: $input) { id } }', {
          businessId,
          kind: 'JOB_SHADOW',
          title,
          description: 'A day on the shop floor.',
          capacity: 4,
          regions: ['Central'],
          skills: ['welding'],
        });
      }),
      ...Array.from({ length: MEMBERS }, () => {
        const email = `${unique('joiner')}@test.example`;
        return send('member', email, 'mutation ($input: AddMemberInput!) { addMember(input: $input) { role } }', {
          organizationId: businessId,
          email,
          role: 'VIEWER',
        });
      }),
    ];

    // Every request has reached the hub; now it is told to stop (what SIGTERM does in main.ts).
    let answered = 0;
    for (const s of sent)
      void s.response.then(
        () => answered++,
        () => {},
      );
    await allReceived;
    const answeredBeforeClose = answered;
    const stopping = t.hub.close();

    const answers = await Promise.all(sent.map((s) => s.response));
    expect(answers.map((a) => a.status)).toEqual(Array(total).fill(200));
    expect(answers.filter((a) => a.body.errors || !a.body.data)).toEqual([]);
    expect(await Promise.all(subscribers.map((s) => s.closed))).toEqual(Array(SUBSCRIBERS).fill(1001));
    await stopping;
    // Most were still running when the hub was told to stop.
    console.log('[shutdown-under-load]', { requests: total, answeredBeforeClose, subscribers: SUBSCRIBERS });
    expect(answeredBeforeClose).toBeLessThan(total / 2);
    await expect(fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ regions }"}' })).rejects.toThrow();

    // The database, read afresh: each accepted change whole.
    const db = orm.em.fork().getConnection();
    const accepted = await db.execute(
      `select p.id, p.status, p.student_count, (select count(*)::int from partnership_transitions t where t.partnership_id = p.id and t.to_status = 'ACCEPTED') as transitions
       from partnerships p where p.opportunity_id = ?`,
      [opportunity.id],
    );
    expect(accepted.filter((p) => p.status !== 'ACCEPTED' || p.transitions !== 1)).toEqual([]);
    const [seats] = await db.execute('select seats_taken from opportunities where id = ?', [opportunity.id]);
    expect(seats.seats_taken).toBe(accepted.reduce((sum, p) => sum + p.student_count, 0));

    const titles = sent.filter((s) => s.kind === 'create').map((s) => s.key);
    const created = await db.execute('select title, capacity, regions, skills from opportunities where title in (?)', [titles]);
    expect(created.map((o) => o.title).sort()).toEqual([...titles].sort());
    expect(created.every((o) => o.capacity === 4 && o.regions.join() === 'Central' && o.skills.join() === 'welding')).toBe(true);

    const emails = sent.filter((s) => s.kind === 'member').map((s) => s.key);
    const members = await db.execute('select u.email from memberships m join users u on u.id = m.user_id where m.organization_id = ? and u.email in (?)', [
      business.organization.id,
      emails,
    ]);
    expect(members.map((m) => m.email).sort()).toEqual([...emails].sort());

    // And each one's audit record, exactly once.
    const audits = await db.execute(`select request_id, outcome from audit_events where request_id in (?)`, [sent.map((s) => s.requestId)]);
    expect(
      audits
        .filter((a) => a.outcome === 'ACCEPTED')
        .map((a) => a.request_id)
        .sort(),
    ).toEqual(sent.map((s) => s.requestId).sort());
  });
});
