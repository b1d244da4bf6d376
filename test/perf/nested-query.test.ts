/**
 * SQL per request is bounded by the shape of the query, not by the rows:
 * the nested network query runs the same statements for a tiny network and
 * for one ten times wider and five times deeper.
 */
import { describe, expect, it } from 'vitest';
import { unique } from '../factories';
import { usePgClient } from '../helpers/pg';
import { tokenFor, useTestHub } from '../helpers/hub';
import { buildNetwork, NETWORK_QUERY, type NetworkShape } from '../bench/network-data';

interface NetworkResult {
  organizations: {
    totalCount: number;
    edges: Array<{
      node: {
        kind: string;
        modules: { totalCount: number; edges: Array<{ node: { prerequisites: unknown[] } }> };
        opportunities: { totalCount: number; edges: Array<{ node: { partnerships: { totalCount: number; edges: unknown[] } } }> };
        partnerships: { edges: unknown[] };
        members: { totalCount: number; edges: unknown[] };
      };
    }>;
  };
}

// The issue's own example (50 organizations × 10) costs about 63,000 units, within the default LIMIT_COST.
const t = useTestHub();
const db = usePgClient();

/** Builds a network of this size, runs the nested query over it, and returns the statements it took. */
async function measure(organizations: number, children: number) {
  const shape: NetworkShape = {
    tag: unique('Perf'),
    organizations,
    modulesPerPublisher: children + 1,
    opportunitiesPerBusiness: children + 1,
    partnershipsPerOpportunity: children + 1,
    membersPerOrganization: children,
    viewerOrganizations: organizations,
  };
  const network = await buildNetwork(db.client, shape);
  const token = await tokenFor(network.viewerEmail);
  const variables = { search: shape.tag, organizations, children };
  await t.data(NETWORK_QUERY, variables, { token }); // warm caches that are not per request (e.g. the viewer's first look-up)
  t.resetStatements();
  const data = await t.data<NetworkResult, typeof variables>(NETWORK_QUERY, variables, { token });
  const statements = [...t.statements];
  return { data, statements, tag: shape.tag, viewerEmail: network.viewerEmail };
}

/** A statement with its parameter lists and literals blanked, so two sizes compare by shape. */
function shapeOf(statement: string): string {
  return statement
    .replace(/\[took \d+ ms.*$/, '')
    .replace(/'[^']*'/g, '?')
    .replace(/\$\d+/g, '$N')
    .replace(/\((?:\s*(?:\?|\$N)\s*,)+\s*(?:\?|\$N)\s*\)/g, '($N)')
    .trim();
}

describe('the nested network query (organizations → modules → prerequisites, opportunities → partnerships, partnerships, members)', () => {
  it('runs the same statements for 4 organizations × 2 children and for 50 organizations × 10 children', async () => {
    const small = await measure(4, 2);
    const large = await measure(50, 10);

    // The data is really there at both sizes, so every level was resolved.
    for (const [result, organizations, children] of [
      [small.data, 4, 2],
      [large.data, 50, 10],
    ] as const) {
      const edges = result.organizations.edges;
      expect(edges).toHaveLength(organizations);
      const publisher = edges.find((e) => e.node.kind === 'HIGHER_ED')!.node;
      expect(publisher.modules.edges).toHaveLength(children);
      expect(publisher.modules.edges.some((e) => e.node.prerequisites.length > 0)).toBe(true);
      const business = edges.find((e) => e.node.kind === 'BUSINESS')!.node;
      expect(business.opportunities.edges).toHaveLength(children);
      expect(business.opportunities.edges[0].node.partnerships.edges).toHaveLength(children);
      expect(business.partnerships.edges).toHaveLength(children);
      expect(edges.find((e) => e.node.kind === 'DISTRICT')!.node.partnerships.edges.length).toBeGreaterThan(0);
      expect(edges[0].node.members.edges).toHaveLength(children);
    }

    const describeStatements = (statements: string[]) => statements.map(shapeOf).sort();
    expect(describeStatements(large.statements), 'the large query ran other statements than the small one').toEqual(describeStatements(small.statements));
    expect(large.statements.length).toBe(small.statements.length);
    // One statement per list and level (the first pages' counts and the rows their references name ride along), plus the
    // viewer: a handful, not hundreds. No statement reads organizations or users by id: a partnership's district and
    // business and a member's user come with their page, a module's publisher with the organizations' page.
    expect(large.statements.length).toBeLessThanOrEqual(9);
    expect(large.statements.filter((sql) => /where t\.id = any/.test(sql))).toEqual([]);
  });

  it('counts each whole list with its first page, and again (on its own) after a cursor', async () => {
    const small = await measure(4, 2);
    const business = small.data.organizations.edges.find((e) => e.node.kind === 'BUSINESS')!.node;
    // modulesPerPublisher etc. are children + 1: the first page of 2 is not the whole list of 3.
    expect(business.opportunities.totalCount).toBe(3);
    expect(business.opportunities.edges[0].node.partnerships.totalCount).toBe(3);
    expect(small.data.organizations.edges[0].node.members.totalCount).toBe(3);
    expect(small.statements.filter((sql) => /count\(\*\) as count/.test(sql))).toEqual([]);

    const token = await tokenFor(small.viewerEmail);
    const query = `query ($search: String!, $after: String) {
      organizations(first: 4, search: $search) { edges { node { kind members(first: 1, after: $after) { totalCount edges { cursor } } } } }
    }`;
    type Members = { organizations: { edges: Array<{ node: { members: { totalCount: number; edges: Array<{ cursor: string }> } } }> } };
    const first = await t.data<Members, Record<string, unknown>>(query, { search: small.tag }, { token });
    const members = first.organizations.edges[0].node.members;
    t.resetStatements();
    const next = await t.data<Members, Record<string, unknown>>(query, { search: small.tag, after: members.edges[0].cursor }, { token });
    expect(next.organizations.edges[0].node.members.totalCount).toBe(members.totalCount);
    expect(t.statements.filter((sql) => /count\(\*\) as count/.test(sql))).toHaveLength(1);
  });

  it('reads only the columns a selection needs, and every column another selection of the same list asks for', async () => {
    const small = await measure(4, 2);
    const token = await tokenFor(small.viewerEmail);
    const query = `query ($search: String!) {
      organizations(first: 4, search: $search) { edges { node { kind
        narrow: modules(first: 2) { edges { node { id title prerequisites { id title } } } }
        wide: modules(first: 2) { edges { node { id title summary body prerequisites { id title summary } } } }
        opportunities(first: 2) { edges { node { id seatsRemaining partnerships(first: 2) { edges { node { id studentCount district { id name } } } } } } }
      } } }
    }`;
    interface Module {
      id: string;
      title: string;
      summary?: string;
      body?: string;
      prerequisites: Array<{ id: string; title: string; summary?: string }>;
    }
    type Result = {
      organizations: {
        edges: Array<{
          node: {
            kind: string;
            narrow: { edges: Array<{ node: Module }> };
            wide: { edges: Array<{ node: Module }> };
            opportunities: { edges: Array<{ node: { seatsRemaining: number; partnerships: { edges: Array<{ node: { district: { name: string } } }> } } }> };
          };
        }>;
      };
    };
    t.resetStatements();
    const data = await t.data<Result, Record<string, unknown>>(query, { search: small.tag }, { token });
    const modulePages = t.statements.filter((sql) => /from learning_modules t/.test(sql));
    const prerequisiteReads = t.statements.filter((sql) => /from learning_module_prerequisites l/.test(sql));
    // One statement per selection: the narrow one reads no text it does not show.
    expect(modulePages).toHaveLength(2);
    expect(modulePages.filter((sql) => !/t\."body"/.test(sql) && !/t\."summary"/.test(sql))).toHaveLength(1);
    expect(prerequisiteReads).toHaveLength(2);
    expect(prerequisiteReads.filter((sql) => !/t\."summary"/.test(sql))).toHaveLength(1);
    expect(t.statements.filter((sql) => /from partnerships t/.test(sql)).every((sql) => !/t\."message"/.test(sql))).toBe(true);

    const publisher = data.organizations.edges.find((e) => e.node.kind === 'HIGHER_ED')!.node;
    expect(publisher.narrow.edges.map((e) => e.node.id)).toEqual(publisher.wide.edges.map((e) => e.node.id));
    const withPrerequisite = publisher.wide.edges.find((e) => e.node.prerequisites.length > 0)!.node;
    expect(withPrerequisite.body).toMatch(/^## Why/);
    expect(withPrerequisite.summary).toMatch(/^How Missouri classrooms apply/);
    expect(withPrerequisite.prerequisites[0].summary).toMatch(/^How Missouri classrooms apply/);
    const business = data.organizations.edges.find((e) => e.node.kind === 'BUSINESS')!.node;
    expect(business.opportunities.edges[0].node.seatsRemaining).toBe(1000);
    expect(business.opportunities.edges[0].node.partnerships.edges[0].node.district.name).toMatch(/^Perf/);
  });
});
