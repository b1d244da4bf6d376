import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoNetwork } from '../../src/demo/seed';
import {
  EditWaiverSectionDocument,
  OrganizationWaiversDocument,
  WaiverCommentsDocument,
  WaiverRequestDocument,
  WaiverRevisionsDocument,
} from '../generated/graphql';
import { tokenFor, useTestHub } from '../helpers/hub';

const t = useTestHub();

beforeAll(async () => {
  await seedDemoNetwork(t.hub.orm);
});

describe('Demo network: the waiver request', () => {
  it('is drafted by three SDZ districts with four collaborators, history and comments, and can be co-edited at once', async () => {
    const sam = await tokenFor('sam.ortiz@cedar-bluff.example');
    const list = await t.data(OrganizationWaiversDocument, { slug: 'cedar-bluff-r2' }, { token: sam });
    const id = list.organization!.waiverRequests.edges[0].node.id;
    const { waiverRequest } = await t.data(WaiverRequestDocument, { id }, { token: sam });
    expect(waiverRequest).toMatchObject({ title: 'Competency-based credit in place of seat time', status: 'DRAFT', viewerRole: 'LEAD' });
    expect(waiverRequest!.districts.map((d) => d.slug)).toEqual(['cedar-bluff-r2', 'marais-valley-r7', 'big-piney-c4']);
    expect(waiverRequest!.collaborators.map((c) => [c.user.email, c.role])).toEqual([
      ['sam.ortiz@cedar-bluff.example', 'LEAD'],
      ['renee.cartwright@marais-valley.example', 'AUTHOR'],
      ['tom.becker@big-piney.example', 'AUTHOR'],
      ['ana.silva@cedar-bluff.example', 'AUTHOR'],
    ]);
    const revisions = await t.data(WaiverRevisionsDocument, { id, first: 100 }, { token: sam });
    expect(revisions.waiverRequest!.revisions.totalCount).toBe(17);
    expect(revisions.waiverRequest!.revisions.edges.some((e) => e.node.kind === 'MERGED')).toBe(true);
    const comments = await t.data(WaiverCommentsDocument, { id }, { token: sam });
    expect(comments.waiverRequest!.comments.totalCount).toBe(2);

    const rationale = waiverRequest!.sections.find((s) => s.key === 'rationale')!;
    const tom = await tokenFor('tom.becker@big-piney.example');
    const edit = await t.data(
      EditWaiverSectionDocument,
      { input: { sectionId: rationale.id, baseVersion: rationale.version, body: `${rationale.body}\nAdded live.` } },
      { token: tom },
    );
    expect(edit.editWaiverSection).toMatchObject({ outcome: 'APPLIED', version: rationale.version + 1 });

    const luis = await tokenFor('luis.romero@show-me-learning.example');
    expect((await t.data(WaiverRequestDocument, { id }, { token: luis })).waiverRequest).toBeNull();
  });
});
