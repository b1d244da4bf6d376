import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { print } from 'graphql';
import type { Hub } from '../../src/app';
import { startDemoHub, type DemoHub } from '../helpers/demo';
import { BusinessBoardDocument, OrganizationsBoardDocument, RecommendedOpportunitiesDocument } from '../generated/graphql';
import { tokenFor } from '../helpers/hub';

// The demo network goes into a database of its own, so other tests never see it.
let demo: DemoHub;
let hub: Hub;

beforeAll(async () => {
  demo = await startDemoHub('cnz_demo_b2e');
  hub = demo.hub;
});
afterAll(() => demo?.close());

async function query<T>(document: Parameters<typeof print>[0], variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(hub.url.replace('localhost', '127.0.0.1'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

const BUSINESSES = [
  'riverbend-precision',
  'mid-america-health-partners',
  'ozark-trail-outfitters',
  'prairie-wind-energy',
  'gateway-software-guild',
  'bootheel-agri-logistics',
];

describe('demo B2E data', () => {
  it('gives every demo business opportunities and has partnerships in every status, with seats that add up', async () => {
    const rows: Array<{ status: string; count: number }> = await hub.orm.em
      .fork()
      .getConnection()
      .execute('select status, count(*)::int as count from partnerships group by status order by status');
    expect(rows.map((row) => row.status).sort()).toEqual(['ACCEPTED', 'ACTIVE', 'CANCELLED', 'COMPLETED', 'DECLINED', 'REQUESTED']);
    const drift: unknown[] = await hub.orm.em
      .fork()
      .getConnection()
      .execute(
        `select o.id from opportunities o left join partnerships p on p.opportunity_id = o.id and p.status in ('ACCEPTED', 'ACTIVE', 'COMPLETED')
        group by o.id having o.seats_taken <> coalesce(sum(p.student_count), 0) or o.seats_taken > o.capacity`,
      );
    expect(drift).toEqual([]);

    const board = await query<{ organizations: { edges: Array<{ node: { slug: string; opportunities: { totalCount: number } } }> } }>(
      OrganizationsBoardDocument,
      {},
    );
    const counts = new Map(board.organizations.edges.map((e) => [e.node.slug, e.node.opportunities.totalCount]));
    for (const slug of BUSINESSES) expect(counts.get(slug)).toBeGreaterThan(0);
  });

  it("shows Jo Ellis her business's partnerships with their history, ending in their current status", async () => {
    type Board = { organization: { partnerships: { edges: Array<{ node: { status: string; district: { slug: string }; history: Array<{ to: string }> } }> } } };
    const board = await query<Board>(BusinessBoardDocument, { slug: 'riverbend-precision' }, await tokenFor('jo.ellis@riverbend.example'));
    const partnerships = board.organization.partnerships.edges.map((e) => e.node);
    expect(partnerships.length).toBeGreaterThanOrEqual(3);
    for (const partnership of partnerships) {
      expect(partnership.history[0].to).toBe('REQUESTED');
      expect(partnership.history.at(-1)?.to).toBe(partnership.status);
    }
  });

  it("recommends Cedar Bluff's region opportunities that build its skill interests first", async () => {
    const district = await query<{ organization: { id: string } }>(BusinessBoardDocument, { slug: 'cedar-bluff-r2' });
    const result = await query<{ recommendedOpportunities: { edges: Array<{ node: { title: string } }> } }>(RecommendedOpportunitiesDocument, {
      districtId: district.organization.id,
    });
    expect(result.recommendedOpportunities.edges[0]?.node.title).toBe('Summer Operations & Logistics Internship');
  });
});
