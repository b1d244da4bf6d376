/**
 * An operation's cost is worked out once per document and page size: its
 * variables other than `first` arguments and directives' (a mutation's input,
 * a keystroke's update) are no part of what it is kept by, and a cost left
 * unknown (variables that do not coerce) is never kept, so it cannot let a
 * later operation through unchecked.
 */
import { parse, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { costOf } from '../../src/graphql/limits';
import { createLogger } from '../../src/logger';
import { createRealtimeBus } from '../../src/realtime/pubsub';
import { createSchema } from '../../src/schema';

const computed = vi.hoisted(() => ({ count: 0 }));
vi.mock('graphql-query-complexity', async (importOriginal) => {
  const original = await importOriginal<typeof import('graphql-query-complexity')>();
  return {
    ...original,
    getComplexity: (...args: Parameters<typeof original.getComplexity>) => {
      computed.count += 1;
      return original.getComplexity(...args);
    },
  };
});

let schema: GraphQLSchema;

beforeAll(async () => {
  const bus = await createRealtimeBus(undefined, createLogger('silent'));
  schema = await createSchema(bus.pubsub);
});

const PUSH = parse(`mutation Push($input: PushWaiverSectionUpdateInput!) {
  pushWaiverSectionUpdate(input: $input) { outcome version stateVector section { id version } }
}`);
const PAGE = parse(`query Page($first: Int, $search: String, $withKind: Boolean!) {
  organizations(first: $first, search: $search) { edges { node { id name kind @include(if: $withKind) } } }
}`);

describe('the cost of an operation, kept', () => {
  it("is worked out once for a mutation whatever its input, as a keystroke's pushes differ only there", () => {
    const before = computed.count;
    const costs = Array.from({ length: 5 }, (_, n) =>
      costOf(schema, PUSH, { input: { sectionId: 'V2FpdmVyU2VjdGlvbjox', update: 'A'.repeat(n + 1) } }, 'Push'),
    );
    expect(new Set(costs).size).toBe(1);
    expect(costs[0]).toBeGreaterThan(0);
    expect(computed.count - before).toBe(1);
  });

  it('is worked out again for another page size or directive, not for another search', () => {
    const before = computed.count;
    const cost = (variables: Record<string, unknown>) => costOf(schema, PAGE, variables, 'Page');
    const ten = cost({ first: 10, search: 'a', withKind: true });
    expect(cost({ first: 10, search: 'b', withKind: true })).toBe(ten);
    expect(computed.count - before).toBe(1);
    expect(cost({ first: 50, search: 'a', withKind: true })).toBeGreaterThan(ten!);
    expect(cost({ first: 10, search: 'a', withKind: false })).toBeLessThan(ten!);
    expect(computed.count - before).toBe(3);
  });

  it('keeps no unknown cost: variables that do not coerce are costed again, and a good request after them is checked', () => {
    const before = computed.count;
    expect(costOf(schema, PAGE, { first: 90, search: 'a', withKind: 'not a boolean' }, 'Page')).toBeUndefined();
    const checked = costOf(schema, PAGE, { first: 90, search: 'a', withKind: 'not a boolean' }, 'Page');
    expect(checked).toBeUndefined();
    expect(computed.count - before).toBe(2);
    expect(costOf(schema, PAGE, { first: 90, search: 'a', withKind: true }, 'Page')).toBeGreaterThan(90);
  });
});
