/**
 * Every list of objects in the schema is costed by how many items it can
 * hold, and the default cost limit still admits every operation the project
 * itself sends (test/operations, the README's examples, the nested network
 * query), at the largest pages their variables allow.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  typeFromAST,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { costOf, declaredListBound, isListOfObjects } from '../../src/graphql/limits';
import { createLogger } from '../../src/logger';
import { createRealtimeBus } from '../../src/realtime/pubsub';
import { createSchema } from '../../src/schema';
import { NETWORK_QUERY } from '../bench/network-data';

let schema: GraphQLSchema;
const { maxCost } = loadConfig({ NODE_ENV: 'test' }).limits;

beforeAll(async () => {
  const bus = await createRealtimeBus(undefined, createLogger('silent'));
  schema = await createSchema(bus.pubsub);
});

/** A value of `type` that coerces: the largest page for `first`, a placeholder elsewhere. */
function placeholder(type: GraphQLInputType, name: string): unknown {
  if (isNonNullType(type)) return placeholder(type.ofType, name);
  if (isListType(type)) return [placeholder(type.ofType, name)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    return Object.fromEntries(fields.map((field) => [field.name, placeholder(field.type, field.name)]));
  }
  const scalar = getNamedType(type).name;
  if (scalar === 'Int') return name === 'first' ? 100 : 1;
  if (scalar === 'Float') return 1;
  if (scalar === 'Boolean') return true;
  if (scalar === 'DateTime') return new Date(0).toISOString();
  return 'x';
}

/** Each operation of a document with its variables at their largest (`first`) or a placeholder. */
function operationsOf(document: DocumentNode): Array<{ name: string; document: DocumentNode; variables: Record<string, unknown> }> {
  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  return operations.map((operation, index) => {
    const variables: Record<string, unknown> = {};
    for (const definition of operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      variables[name] = placeholder(typeFromAST(schema, definition.type as never) as GraphQLInputType, name);
    }
    return { name: operation.name?.value ?? `#${index + 1}`, document: { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }, variables };
  });
}

describe('the cost of lists', () => {
  it('declares how many items every list of objects in the schema can hold', () => {
    const undeclared: string[] = [];
    const declared: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
      for (const field of Object.values(type.getFields())) {
        if (!isListOfObjects(field.type)) continue;
        (declaredListBound(type, field) === undefined ? undeclared : declared).push(`${type.name}.${field.name}`);
      }
    }
    expect(undeclared, 'lists of objects without @ListBound (the cost check would count them as a full page each)').toEqual([]);
    // The walk sees the lists the issue named.
    expect(declared).toEqual(
      expect.arrayContaining([
        'WaiverRequest.sections',
        'WaiverRequest.districts',
        'WaiverRequest.collaborators',
        'WaiverRequest.signOffs',
        'LearningModule.versions',
        'LearningModule.pathway',
        'LearningModule.prerequisites',
        'User.memberships',
        'Partnership.history',
        'WaiverComment.replies',
        'WaiverSection.editors',
        'Organization.zoneMemberships',
        'OrganizationConnection.edges',
      ]),
    );
  });

  it('counts a plain list by its bound and a connection by its first, at every level', () => {
    const cost = (query: string) => costOf(schema, parse(query));
    expect(cost('{ waiverRequest(id: "x") { id } }')).toBe(2);
    expect(cost('{ waiverRequest(id: "x") { sections { id } } }')).toBe(2 + 50);
    expect(cost('{ waiverRequest(id: "x") { sections { waiverRequest { sections { id } } } } }')).toBe(2 + 50 * (2 + 50));
    expect(cost('{ organizations(first: 10) { edges { node { id } } } }')).toBe(1 + 10 * 3);
  });

  it('finds the cyclic plain-list query of the issue far over the default limit', () => {
    const cycle = (depth: number): string => (depth === 0 ? 'id' : `sections { waiverRequest { ${cycle(depth - 1)} } }`);
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: waiverRequest(id: "x") { ${cycle(5)} }`).join(' ');
    expect(costOf(schema, parse(`{ ${aliases} }`))).toBeGreaterThan(maxCost * 1000);
  });

  it('finds fragments too many to count beyond the limit, not free', () => {
    // Each fragment spreads the next twice: 2^14 selections from a few hundred characters.
    const fragments = Array.from({ length: 14 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ');
    expect(costOf(schema, parse(`{ ...F0 } ${fragments} fragment F14 on Query { regions }`))).toBe(Number.POSITIVE_INFINITY);
  });

  it('admits every operation in test/operations and the README within the default limit, at pages of 100', () => {
    const sources = [
      ...fs
        .readdirSync('test/operations')
        .filter((file) => file.endsWith('.graphql'))
        .map((file) => path.join('test/operations', file)),
    ].map((file) => [file, fs.readFileSync(file, 'utf8')] as const);
    const readme = fs.readFileSync('README.md', 'utf8');
    const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
      .map((match) => match[1])
      .filter((text) => /^\s*(query|mutation|subscription|\{)/m.test(text));
    sources.push(...examples.map((text, i) => [`README example ${i + 1}`, text] as const));
    const costs: Record<string, number | undefined> = {};
    for (const [file, text] of sources) {
      for (const operation of operationsOf(parse(text))) costs[`${file} ${operation.name}`] = costOf(schema, operation.document, operation.variables);
    }
    costs['the introspection query (the IDE, codegen)'] = costOf(schema, parse(getIntrospectionQuery()));
    costs['the nested network query (50 × 10)'] = costOf(schema, parse(NETWORK_QUERY), { search: 'x', organizations: 50, children: 10 });
    expect(Object.keys(costs).length).toBeGreaterThan(100);
    const uncounted = Object.entries(costs)
      .filter(([, cost]) => cost === undefined)
      .map(([name]) => name);
    expect(uncounted, 'operations whose placeholder variables do not coerce').toEqual([]);
    const refused = Object.entries(costs).filter(([, cost]) => cost! > maxCost);
    expect(refused, `over the default limit of ${maxCost}`).toEqual([]);
  });
});
