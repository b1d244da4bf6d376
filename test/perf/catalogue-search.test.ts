/**
 * The catalogue search (the bench's first read question) is one statement
 * besides the viewer's: the ranked page, its count and each module's
 * publisher come in the same rows, for a page of 2 and of 20, and its
 * answers agree with the counts and publishers read on their own.
 */
import { describe, expect, it } from 'vitest';
import { unique } from '../factories';
import { usePgClient } from '../helpers/pg';
import { tokenFor, useTestHub } from '../helpers/hub';
import { SEARCH_QUERY } from '../bench/http-bench';
import { buildNetwork } from '../bench/network-data';

interface SearchResult {
  learningModules: {
    totalCount: number;
    edges: Array<{ cursor: string; node: { id: string; title: string; publisher: { id: string; name: string } } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const t = useTestHub();
const db = usePgClient();

describe('Query.learningModules (catalogue search)', () => {
  it('reads a page, its total and its publishers in one statement, for 2 modules as for 20', async () => {
    const tag = unique('Search');
    const network = await buildNetwork(db.client, {
      tag,
      organizations: 12,
      modulesPerPublisher: 20,
      opportunitiesPerBusiness: 0,
      partnershipsPerOpportunity: 0,
      membersPerOrganization: 1,
      viewerOrganizations: 1,
    });
    const token = await tokenFor(network.viewerEmail);
    // Words only this network's publishers' modules hold would need a tag in the text; count the matches instead.
    const search = 'flexible pacing';
    const { rows } = await db.client.query<{ count: string }>(
      `select count(*) from learning_modules where status = 'PUBLISHED' and search @@ websearch_to_tsquery('english', $1)`,
      [search],
    );
    const matching = Number(rows[0].count);
    expect(matching).toBeGreaterThan(20);

    const statementsFor = async (first: number) => {
      await t.data(SEARCH_QUERY, { search, first }, { token }); // the viewer's first look-up warms what is not per request
      t.resetStatements();
      const data = await t.data<SearchResult, { search: string; first: number }>(SEARCH_QUERY, { search, first }, { token });
      return { data, statements: [...t.statements] };
    };
    for (const first of [2, 20]) {
      const { data, statements } = await statementsFor(first);
      const page = data.learningModules;
      expect(page.edges).toHaveLength(first);
      expect(page.totalCount).toBe(matching);
      expect(page.pageInfo.hasNextPage).toBe(true);
      // The viewer, and the page with everything else riding along.
      expect(statements.filter((sql) => /learning_modules/.test(sql))).toHaveLength(1);
      expect(statements.filter((sql) => /from "organizations"|from organizations/.test(sql))).toEqual([]);
      expect(statements.length).toBeLessThanOrEqual(2);
      // Each publisher is the module's own, as read on its own.
      const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
      const { rows: publishers } = await db.client.query<{ id: string; name: string }>(
        `select m.id, o.name from learning_modules m join organizations o on o.id = m.publisher_id where m.id = any($1::uuid[])`,
        [page.edges.map((edge) => uuidOf(edge.node.id))],
      );
      const publisherOf = new Map(publishers.map((row) => [row.id, row.name]));
      for (const edge of page.edges) expect(edge.node.publisher.name).toBe(publisherOf.get(uuidOf(edge.node.id)));
    }

    // After a cursor the total is counted on its own (the page's statement cannot), and still agrees.
    const first = (await statementsFor(2)).data.learningModules;
    t.resetStatements();
    const next = await t.data<SearchResult, Record<string, unknown>>(
      SEARCH_QUERY.replace('first: $first', 'first: $first, after: $after').replace('$first: Int!', '$first: Int!, $after: String'),
      { search, first: 2, after: first.pageInfo.endCursor },
      { token },
    );
    expect(next.learningModules.totalCount).toBe(matching);
    expect(next.learningModules.edges.map((edge) => edge.node.id)).not.toContain(first.edges[1].node.id);
    expect(t.statements.filter((sql) => /count\(\*\) as count from learning_modules/.test(sql))).toHaveLength(1);
  });
});
