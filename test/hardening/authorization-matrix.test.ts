/**
 * The authorization matrix, built from the schema itself: every Mutation and
 * every Subscription field must have a policy entry (so a new one without a
 * policy fails here), and every cell — anonymous, an outsider (member of an
 * unrelated organization), each role of the owning organization, and for
 * waiver requests each collaborator role — is tried against a fresh target:
 * the allowed actors succeed, every other one is refused with FORBIDDEN,
 * UNAUTHENTICATED or NOT_FOUND. Zero unauthorized successes.
 */
import { buildClientSchema, getIntrospectionQuery, getNamedType, isLeafType, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestHub } from '../helpers/hub';
import { MUTATIONS } from './matrix/mutations';
import { SUBSCRIPTIONS, runSubscriptionCell } from './matrix/subscriptions';
import { world, type Actor, type World } from './matrix/world';

const REFUSALS = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'NOT_FOUND']);

const t = useTestHub({ RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_ADDRESS_PER_MINUTE: '100000' });
let w: World;
let schema: GraphQLSchema;

beforeAll(async () => {
  w = world(t);
  schema = buildClientSchema(await t.data<IntrospectionQuery, object>(getIntrospectionQuery()));
});

/** What a cell shows: `ok`, or the refusal code, or a description of anything else. */
type Outcome = string;

function verdict(actor: Actor, allowed: readonly Actor[], outcome: Outcome): string | null {
  if (allowed.includes(actor)) return outcome === 'ok' ? null : `${actor} should succeed, got ${outcome}`;
  if (outcome === 'ok') return `${actor} succeeded without permission`;
  return REFUSALS.has(outcome.split(' ')[0]) ? null : `${actor} should be refused, got ${outcome}`;
}

describe('the authorization matrix', () => {
  it('has a policy entry for every mutation and subscription in the schema, and none for fields that do not exist', () => {
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    const subscriptions = Object.keys(schema.getSubscriptionType()!.getFields()).sort();
    expect(
      mutations.filter((name) => !MUTATIONS[name]),
      'mutations without a policy entry',
    ).toEqual([]);
    expect(
      subscriptions.filter((name) => !SUBSCRIPTIONS[name]),
      'subscriptions without a policy entry',
    ).toEqual([]);
    expect(
      Object.keys(MUTATIONS).filter((name) => !mutations.includes(name)),
      'entries for mutations that no longer exist',
    ).toEqual([]);
    expect(
      Object.keys(SUBSCRIPTIONS).filter((name) => !subscriptions.includes(name)),
      'entries for subscriptions that no longer exist',
    ).toEqual([]);
  });

  for (const [field, entry] of Object.entries(MUTATIONS)) {
    it(`Mutation.${field}: succeeds for ${entry.allowed.join(', ')} only`, async () => {
      const definition = schema.getMutationType()!.getFields()[field];
      if (!definition) throw new Error(`Mutation.${field} is not in the schema`);
      // A mutation answering a scalar (a deleted object's id) takes no selection.
      const selection = isLeafType(getNamedType(definition.type)) ? '' : '{ __typename }';
      // A mutation without an `input` argument takes the entry's input fields as its arguments.
      const takesInput = definition.args.some((arg) => arg.name === 'input');
      const args = takesInput ? definition.args.filter((arg) => arg.name === 'input') : definition.args;
      const query = `mutation (${args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ')}) { ${field}(${args.map((arg) => `${arg.name}: $${arg.name}`).join(', ')}) ${selection} }`;
      const cells = await Promise.all(
        entry.actors.map(async (actor) => {
          const { input, tokens } = await entry.build(w, actor);
          if (actor !== 'anonymous' && !tokens[actor]) throw new Error(`Mutation.${field}: the entry built no ${actor}`);
          const result = await t.request<Record<string, unknown>, object>(query, takesInput ? { input } : input, { token: tokens[actor] });
          const error = result.errors?.[0];
          const outcome = error ? `${String(error.extensions?.code)} ${error.message}` : result.data?.[field] ? 'ok' : 'null result';
          return [actor, outcome] as const;
        }),
      );
      const problems = cells.map(([actor, outcome]) => verdict(actor, entry.allowed, outcome)).filter(Boolean);
      expect(problems, JSON.stringify(Object.fromEntries(cells))).toEqual([]);
    });
  }

  for (const [field, entry] of Object.entries(SUBSCRIPTIONS)) {
    it(`Subscription.${field}: delivers to ${entry.allowed.join(', ')} only`, { timeout: 30_000 }, async () => {
      const { variables, tokens, trigger } = await entry.build(w);
      const cells = await runSubscriptionCell(t, field, schema, variables, entry.actors, tokens, trigger);
      const problems = cells.map(([actor, outcome]) => verdict(actor, entry.allowed, outcome)).filter(Boolean);
      expect(problems, JSON.stringify(Object.fromEntries(cells))).toEqual([]);
    });
  }
});
