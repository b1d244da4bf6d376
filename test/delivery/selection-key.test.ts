/**
 * The sharing key of a subscription (`selectionKey`, src/delivery/execute-once.ts):
 * subscribers with the same key share one execution per event, so a variable may
 * be left out of it only when nothing of the result can depend on it. A
 * subscribe-only argument's variable (`SubscribeOnlyArguments`) is left out only
 * when that argument is the variable's one use in the whole document; used
 * anywhere else (a nested field, a directive, a fragment, another argument of
 * the root field, another operation) it stays in the key.
 */
import { DirectiveLocation, GraphQLDirective, GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionArgs } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectionKey } from '../../src/delivery/execute-once';

const Message = new GraphQLObjectType({
  name: 'Message',
  fields: {
    kind: { type: GraphQLString },
    echo: { type: GraphQLString, args: { text: { type: GraphQLString } } },
  },
});

const schema = new GraphQLSchema({
  directives: [new GraphQLDirective({ name: 'tag', locations: [DirectiveLocation.FIELD], args: { text: { type: GraphQLString } } })],
  query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      sync: {
        type: Message,
        args: { sectionId: { type: GraphQLString }, stateVector: { type: GraphQLString }, clientId: { type: GraphQLInt } },
        // What `@SubscribeOnlyArguments('stateVector', 'clientId')` declares on a type-graphql field.
        extensions: { subscribeOnlyArguments: ['stateVector', 'clientId'] },
      },
    },
  }),
});

/** The keys of two subscribers of `source` whose variables are `a` and `b` (one parsed document, as the socket's cache shares it). */
function keysOf(source: string, a: Record<string, unknown>, b: Record<string, unknown>, operationName?: string): [string, string] {
  const document = parse(source);
  const args = (variableValues: Record<string, unknown>): ExecutionArgs => ({ schema, document, variableValues, operationName });
  return [selectionKey(args(a)), selectionKey(args(b))];
}

describe('selectionKey', () => {
  it('leaves out a subscribe-only variable used only by its argument: followers with different state vectors and client ids share', () => {
    const [a, b] = keysOf(
      'subscription ($id: String, $sv: String, $client: Int) { sync(sectionId: $id, stateVector: $sv, clientId: $client) { kind } }',
      { id: 's1', sv: 'AAA', client: 1 },
      { id: 's1', sv: 'BBB', client: 2 },
    );
    expect(a).toBe(b);
  });

  it('keeps the other variables in the key: followers of different sections do not share', () => {
    const [a, b] = keysOf(
      'subscription ($id: String, $sv: String) { sync(sectionId: $id, stateVector: $sv) { kind } }',
      { id: 's1', sv: 'A' },
      { id: 's2', sv: 'A' },
    );
    expect(a).not.toBe(b);
  });

  it.each([
    ['a nested field', 'subscription ($id: String, $sv: String) { sync(sectionId: $id, stateVector: $sv) { kind echo(text: $sv) } }'],
    ['a directive', 'subscription ($id: String, $sv: String) { sync(sectionId: $id, stateVector: $sv) { kind @tag(text: $sv) } }'],
    [
      'a fragment',
      'subscription ($id: String, $sv: String) { sync(sectionId: $id, stateVector: $sv) { ...Echo } } fragment Echo on Message { echo(text: $sv) }',
    ],
    ['another argument of the root field', 'subscription ($sv: String) { sync(sectionId: $sv, stateVector: $sv) { kind } }'],
  ])('keeps a subscribe-only variable in the key when it is also used in %s', (_where, source) => {
    const [a, b] = keysOf(source, { id: 's1', sv: 'AAA', client: 1 }, { id: 's1', sv: 'BBB', client: 1 });
    expect(a).not.toBe(b);
  });

  it('keeps a variable in the key when another operation of the document uses it too', () => {
    const source =
      'subscription Follow($id: String, $sv: String) { sync(sectionId: $id, stateVector: $sv) { kind } } ' +
      'subscription Other($id: String, $sv: String) { sync(sectionId: $id) { echo(text: $sv) } }';
    const [a, b] = keysOf(source, { id: 's1', sv: 'AAA' }, { id: 's1', sv: 'BBB' }, 'Follow');
    expect(a).not.toBe(b);
  });

  it('keeps every variable of a field that declares no subscribe-only argument, and of a literal argument', () => {
    const [a, b] = keysOf(
      'subscription ($id: String, $text: String) { sync(sectionId: $id, stateVector: "x") { echo(text: $text) } }',
      { id: 's1', text: 'a' },
      { id: 's1', text: 'b' },
    );
    expect(a).not.toBe(b);
  });
});
