/**
 * What a crowd of subscribers on one waiver request costs the hub: nothing
 * from the subscribe scope is kept between events (no EntityManager), a
 * result that does not depend on the viewer reaches everyone whole, with
 * their own operation id, and an event due for an access re-check costs the
 * same statements for one subscriber as for many.
 */
import type { Client } from 'graphql-ws';
import { defaultFieldResolver, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AddWaiverDistrictDocument, EditWaiverSectionDocument } from '../generated/graphql';
import { aliveAfterGc, forksMadeDuring } from '../helpers/gc';
import { useTestHub } from '../helpers/hub';
import { subscribeReady, waiverFactories, type Person } from '../waivers/factories';

const t = useTestHub();
const make = waiverFactories(t);

/** A waiver request and `count` reviewers (each a different person). */
async function reviewers(count: number) {
  const waiver = await make.buildWaiver();
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const person = await make.buildPerson();
    await t.data(
      /* GraphQL */ `
        mutation ($input: InviteWaiverCollaboratorInput!) {
          inviteWaiverCollaborator(input: $input) {
            role
          }
        }
      `,
      { input: { waiverRequestId: waiver.id, email: person.email, role: 'REVIEWER' } },
      { token: waiver.lead.owner.token },
    );
    people.push(person);
  }
  return { waiver, people };
}

/** Subscribes each person to the request, resolving once all are live. */
async function subscribeAll(waiver: { id: string; sections: Array<{ id: string }> }, people: Person[]) {
  const subscribers = [];
  for (const person of people) subscribers.push(await subscribeReady(t, person, waiver.id, waiver.sections[0].id));
  return subscribers;
}

/** A waiver request with `count` reviewers subscribed, all live. */
async function crowd(count: number) {
  const { waiver, people } = await reviewers(count);
  return { waiver, subscribers: await subscribeAll(waiver, people) };
}

describe('a connected subscriber', () => {
  it('holds no EntityManager between events: every fork made to subscribe and to deliver is collectable', async () => {
    const { waiver, people } = await reviewers(3);
    await forksMadeDuring(t.hub.orm.em, async (forks) => {
      const subscribers = await subscribeAll(waiver, people);
      await t.data(
        EditWaiverSectionDocument,
        { input: { sectionId: waiver.sections[1].id, baseVersion: 1, body: 'Mastery, not minutes.' } },
        { token: waiver.lead.owner.token },
      );
      await Promise.all(subscribers.map((s) => s.waitFor((e) => e.__typename === 'WaiverSectionEdited' && e.version === 2)));
      expect(forks.length).toBeGreaterThan(0);
      expect(await aliveAfterGc(forks)).toBe(0);
      subscribers.forEach((s) => s.stop());
    });
  });
});

describe('a crowd on one waiver request', () => {
  const SHARED = /* GraphQL */ `
    subscription Shared($id: ID!) {
      waiverRequestEvents(waiverRequestId: $id) {
        __typename
        at
        actor {
          id
        }
        ... on WaiverSectionEdited {
          version
          body
          section {
            id
            version
          }
        }
      }
    }
  `;

  function sharedSubscriber(client: Client, id: string) {
    const results: unknown[] = [];
    const stop = client.subscribe(
      { query: SHARED, variables: { id } },
      { next: (result) => void results.push(result), error: (error) => void results.push({ error }), complete: () => undefined },
    );
    return { results, stop };
  }

  /**
   * A crowd of `count`, each also subscribed with the shared selection, and a warm-up edit (to version 2) seen by every
   * subscription: both of a client's are live once each has seen an event published after the shared one subscribed.
   */
  async function warmCrowd(count: number) {
    const { waiver, subscribers } = await crowd(count);
    const shared = subscribers.map((s) => sharedSubscriber(s.client, waiver.id));
    await t.data(
      EditWaiverSectionDocument,
      { input: { sectionId: waiver.sections[1].id, baseVersion: 1, body: 'Warm-up.' } },
      { token: waiver.lead.owner.token },
    );
    await Promise.all(subscribers.map((s) => s.waitFor((e) => e.__typename === 'WaiverSectionEdited' && e.version === 2)));
    await expect.poll(() => shared.every(({ results }) => results.some((r) => JSON.stringify(r).includes('Warm-up.')))).toBe(true);
    return { waiver, subscribers, shared };
  }

  it('receives a viewer-independent result whole, each subscriber under its own operation id', async () => {
    const { waiver, subscribers, shared } = await warmCrowd(3);
    await t.data(
      EditWaiverSectionDocument,
      { input: { sectionId: waiver.sections[1].id, baseVersion: 2, body: 'Learning is the constant.' } },
      { token: waiver.lead.owner.token },
    );
    await Promise.all(subscribers.map((s) => s.waitFor((e) => e.__typename === 'WaiverSectionEdited' && e.version === 3)));
    for (const { results } of shared) {
      const edit = results.find((r) => (r as { data?: { waiverRequestEvents?: { version?: number } } }).data?.waiverRequestEvents?.version === 3);
      expect(edit).toEqual({
        data: {
          waiverRequestEvents: {
            __typename: 'WaiverSectionEdited',
            at: expect.any(String),
            actor: { id: expect.any(String) },
            version: 3,
            body: 'Learning is the constant.',
            section: { id: waiver.sections[1].id, version: 3 },
          },
        },
      });
      expect(results.every((r) => 'data' in (r as object))).toBe(true);
    }
    shared.forEach((s) => s.stop());
    subscribers.forEach((s) => s.stop());
  });

  it('executes an edit once for the whole crowd when the selection does not read the viewer', async () => {
    const { waiver, subscribers, shared } = await warmCrowd(4);
    // Counts the executions of the shared selection's `body` (the personal subscriptions select it too: only their share is subtracted).
    const field = (t.hub.schema.getType('WaiverSectionEdited') as GraphQLObjectType).getFields().body;
    const original = field.resolve ?? defaultFieldResolver;
    let executions = 0;
    field.resolve = (...args) => {
      executions += 1;
      return original(...args);
    };
    try {
      await t.data(
        EditWaiverSectionDocument,
        { input: { sectionId: waiver.sections[1].id, baseVersion: 2, body: 'Voice and choice.' } },
        { token: waiver.lead.owner.token },
      );
      await Promise.all(subscribers.map((s) => s.waitFor((e) => e.__typename === 'WaiverSectionEdited' && e.version === 3)));
      await expect.poll(() => shared.every(({ results }) => results.some((r) => JSON.stringify(r).includes('Voice and choice.')))).toBe(true);
    } finally {
      field.resolve = original;
    }
    // One execution for the four shared subscriptions, one for the personal ones' selection (it reads the viewer: one each).
    const personal = subscribers.length;
    expect(executions - personal).toBe(1);
    shared.forEach((s) => s.stop());
    subscribers.forEach((s) => s.stop());
  });

  it('reads what an edit is about (its actor, section and revision) in one statement for the whole crowd', async () => {
    const { waiver, subscribers, shared } = await warmCrowd(3);
    t.resetStatements();
    await t.data(
      EditWaiverSectionDocument,
      { input: { sectionId: waiver.sections[1].id, baseVersion: 2, body: 'Every learner, every day.' } },
      { token: waiver.lead.owner.token },
    );
    await expect.poll(() => shared.every(({ results }) => results.some((r) => JSON.stringify(r).includes('Every learner, every day.')))).toBe(true);
    const statements = t.statements.map((sql) => sql.replace(/^\[query\] /, ''));
    const afterCommit = statements.slice(statements.lastIndexOf('commit') + 1);
    const revisionReads = afterCommit.filter((sql) => /"waiver_revisions"/.test(sql));
    expect(revisionReads).toHaveLength(1);
    for (const table of ['users', 'waiver_sections', 'waiver_revisions']) expect(revisionReads[0]).toMatch(new RegExp(`left join "${table}" e\\d `));
    shared.forEach((s) => s.stop());
    subscribers.forEach((s) => s.stop());
  });

  it('re-checks access on an event that changes it with the same statements for four subscribers as for one', async () => {
    const statementsFor = async (count: number) => {
      const { waiver, subscribers } = await crowd(count);
      const district = await make.buildDistrict();
      t.resetStatements();
      await t.data(AddWaiverDistrictDocument, { input: { waiverRequestId: waiver.id, districtId: district.id } }, { token: waiver.lead.owner.token });
      await Promise.all(subscribers.map((s) => s.waitFor((e) => e.__typename === 'WaiverDistrictChanged')));
      const statements = t.statements.filter((sql) => !sql.includes('waiver_presence'));
      subscribers.forEach((s) => s.stop());
      return statements.length;
    };
    const one = await statementsFor(1);
    const four = await statementsFor(4);
    expect(four).toBe(one);
  });
});
