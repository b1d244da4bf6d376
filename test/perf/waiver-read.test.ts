/**
 * SQL for one waiver request with its districts, collaborators, sections and
 * comments (the bench's "one waiver request" question) is bounded by the
 * query's shape: the same statements for a request with 2 sections and 4
 * comments as for one with 8 and 40, and 8 of them: the viewer, the access
 * check (which reads the request's row too), the lead district, the districts
 * (joined through their link table), sections, collaborators, a page of
 * comments and the people they name.
 */
import { describe, expect, it } from 'vitest';
import { unique } from '../factories';
import { usePgClient } from '../helpers/pg';
import { tokenFor, useTestHub } from '../helpers/hub';
import { buildNetwork } from '../bench/network-data';
import { buildWaivers } from '../bench/waiver-data';
import { WAIVER_QUERY } from '../bench/http-bench';
import { toGlobalId } from '../../src/domain/global-id';

interface WaiverResult {
  waiverRequest: {
    sections: unknown[];
    collaborators: unknown[];
    comments: { totalCount: number; edges: Array<{ node: { author: { id: string }; section: { id: string } | null } }> };
  };
}

const t = useTestHub();
const db = usePgClient();

/** A network with waiver requests of this size; the statements of reading the typical one. */
async function measure(sections: number, comments: number) {
  const tag = unique('Waiver perf');
  const network = await buildNetwork(db.client, {
    tag,
    organizations: 8,
    modulesPerPublisher: 1,
    opportunitiesPerBusiness: 1,
    partnershipsPerOpportunity: 1,
    membersPerOrganization: 2,
    viewerOrganizations: 8,
  });
  const waivers = await buildWaivers(db.client, {
    tag,
    requests: 2,
    sectionsPerRequest: sections,
    commentsPerRequest: comments,
    authors: 3,
    readers: 2,
    viewerEmail: network.viewerEmail,
  });
  const token = await tokenFor(network.viewerEmail);
  const variables = { id: toGlobalId('WaiverRequest', waivers.typicalRequestId), comments: 50 };
  await t.data(WAIVER_QUERY, variables, { token }); // caches that are not per request (the viewer's first look-up)
  t.resetStatements();
  const data = await t.data<WaiverResult, typeof variables>(WAIVER_QUERY, variables, { token });
  return { data, statements: [...t.statements] };
}

describe('one waiver request, read whole', () => {
  it('runs the same statements for 2 sections and 4 comments as for 8 sections and 40 comments', async () => {
    const small = await measure(2, 4);
    const large = await measure(8, 40);
    expect(small.data.waiverRequest.sections).toHaveLength(2);
    expect(large.data.waiverRequest.sections).toHaveLength(8);
    expect(large.data.waiverRequest.comments.totalCount).toBe(40);
    expect(large.data.waiverRequest.comments.edges.every((edge) => edge.node.author.id)).toBe(true);
    expect(large.statements.length).toBe(small.statements.length);
    expect(large.statements.length).toBeLessThanOrEqual(8);
  });
});
