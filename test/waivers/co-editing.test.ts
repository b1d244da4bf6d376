import { describe, expect, it } from 'vitest';
import {
  EditWaiverSectionDocument,
  InviteWaiverCollaboratorDocument,
  RestoreWaiverSectionRevisionDocument,
  WaiverRevisionsDocument,
  WaiverSectionHistoryDocument,
} from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { subscribeReady, waiverFactories, type Person } from './factories';

const t = useTestHub();
const make = waiverFactories(t);

const lines = (count: number, label = 'Line') => Array.from({ length: count }, (_, i) => `${label} ${i}: students show mastery of standard ${i}.`);
const withLine = (body: string[], index: number, text: string) => body.map((line, i) => (i === index ? text : line)).join('\n');

async function draftWithAuthors(count: number) {
  const waiver = await make.buildWaiver();
  const authors: Person[] = [];
  for (let i = 0; i < count; i++) {
    const author = await make.buildPerson();
    await t.data(
      InviteWaiverCollaboratorDocument,
      { input: { waiverRequestId: waiver.id, email: author.email, role: 'AUTHOR' } },
      { token: waiver.lead.owner.token },
    );
    authors.push(author);
  }
  return { ...waiver, authors };
}

async function sectionHistory(sectionId: string, token: string, first = 100) {
  const { node } = await t.data(WaiverSectionHistoryDocument, { id: sectionId, first }, { token });
  if (!node || !('revisions' in node)) throw new Error('section not readable');
  return node;
}

function edit(token: string, sectionId: string, baseVersion: number, body: string, clientMutationId?: string) {
  return t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion, body, clientMutationId } }, { token });
}

describe('Mutation.editWaiverSection', () => {
  it('applies an edit made from the current version as the next version, with a revision by its author', async () => {
    const { lead, sections } = await make.buildWaiver();
    const result = await edit(lead.owner.token, sections[0].id, 1, 'MSIP 6 standard on minimum instructional time.', 'c-1');
    expect(result.editWaiverSection).toMatchObject({
      outcome: 'APPLIED',
      merged: false,
      version: 2,
      body: 'MSIP 6 standard on minimum instructional time.',
      clientMutationId: 'c-1',
      revision: { version: 2, kind: 'EDITED', baseVersion: 1 },
      conflict: null,
    });
    expect(await sectionHistory(sections[0].id, lead.owner.token)).toMatchObject({ version: 2, revisions: { totalCount: 2 } });
  });

  it('merges edits to different lines made from the same version', async () => {
    const { id, lead, sections, authors } = await draftWithAuthors(2);
    const base = lines(6);
    const sectionId = sections[1].id;
    await edit(lead.owner.token, sectionId, 1, base.join('\n'));
    const first = await edit(authors[0].token, sectionId, 2, withLine(base, 1, 'Line 1: rewritten by the first author.'));
    const second = await edit(authors[1].token, sectionId, 2, withLine(base, 4, 'Line 4: rewritten by the second author.'));
    expect(first.editWaiverSection).toMatchObject({ outcome: 'APPLIED', version: 3 });
    expect(second.editWaiverSection).toMatchObject({ outcome: 'MERGED', merged: true, version: 4, revision: { kind: 'MERGED', baseVersion: 2 } });
    const merged = second.editWaiverSection.body.split('\n');
    expect(merged[1]).toBe('Line 1: rewritten by the first author.');
    expect(merged[4]).toBe('Line 4: rewritten by the second author.');
    expect(merged).toHaveLength(6);

    const revisions = await t.data(WaiverRevisionsDocument, { id, first: 3 }, { token: lead.owner.token });
    expect(revisions.waiverRequest?.revisions.edges.map((e) => [e.node.version, e.node.author?.email])).toEqual([
      [4, authors[1].email],
      [3, authors[0].email],
      [2, lead.owner.email],
    ]);
  });

  it('returns a CONFLICT result with the current text and version for overlapping edits, and stores nothing', async () => {
    const { lead, sections, authors } = await draftWithAuthors(2);
    const base = lines(4);
    const sectionId = sections[2].id;
    await edit(lead.owner.token, sectionId, 1, base.join('\n'));
    const winner = withLine(base, 2, 'Line 2: the first author got here first.');
    await edit(authors[0].token, sectionId, 2, winner);
    const loser = await edit(authors[1].token, sectionId, 2, withLine(base, 2, 'Line 2: the second author disagrees.'));
    expect(loser.editWaiverSection).toMatchObject({
      outcome: 'CONFLICT',
      merged: false,
      version: 3,
      body: winner,
      revision: null,
      conflict: {
        code: 'CONFLICT',
        baseVersion: 2,
        currentVersion: 3,
        currentBody: winner,
        regions: [{ line: 3, base: [base[2]], yours: ['Line 2: the second author disagrees.'], theirs: ['Line 2: the first author got here first.'] }],
      },
    });
    expect(await sectionHistory(sectionId, lead.owner.token)).toMatchObject({ version: 3, body: winner, revisions: { totalCount: 3 } });

    // Rebased on the current version, the same edit applies.
    const retry = await edit(authors[1].token, sectionId, 3, withLine(winner.split('\n'), 2, 'Line 2: agreed wording from both authors.'));
    expect(retry.editWaiverSection).toMatchObject({ outcome: 'APPLIED', version: 4 });
  });

  it('answers UNCHANGED without a new version when the text is already what the edit asks for', async () => {
    const { lead, sections, authors } = await draftWithAuthors(1);
    await edit(lead.owner.token, sections[3].id, 1, 'Board resolution adopted in 2023.');
    const same = await edit(authors[0].token, sections[3].id, 1, 'Board resolution adopted in 2023.');
    expect(same.editWaiverSection).toMatchObject({ outcome: 'UNCHANGED', version: 2, revision: null });
  });

  it('refuses a base version ahead of the section or below 1 as BAD_USER_INPUT', async () => {
    const { lead, sections } = await make.buildWaiver();
    const ahead = await t.request(EditWaiverSectionDocument, { input: { sectionId: sections[0].id, baseVersion: 5, body: 'x' } }, { token: lead.owner.token });
    expect(ahead.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.baseVersion' }] });
    const zero = await t.request(EditWaiverSectionDocument, { input: { sectionId: sections[0].id, baseVersion: 0, body: 'x' } }, { token: lead.owner.token });
    expect(zero.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const tooLong = await t.request(
      EditWaiverSectionDocument,
      { input: { sectionId: sections[0].id, baseVersion: 1, body: 'x'.repeat(100_001) } },
      { token: lead.owner.token },
    );
    expect(tooLong.errors?.[0].extensions?.fields?.[0].path).toBe('input.body');
  });
});

describe('Mutation.restoreWaiverSectionRevision', () => {
  it("restores an old revision's text as a new revision, keeping the history", async () => {
    const { lead, sections } = await make.buildWaiver();
    const sectionId = sections[4].id;
    await edit(lead.owner.token, sectionId, 1, 'Family forums in all three districts.');
    await edit(lead.owner.token, sectionId, 2, 'A single survey.');
    const v2 = (await sectionHistory(sectionId, lead.owner.token)).revisions.edges.find((e) => e.node.version === 2)!.node;
    const restored = await t.data(RestoreWaiverSectionRevisionDocument, { input: { revisionId: v2.id } }, { token: lead.owner.token });
    expect(restored.restoreWaiverSectionRevision).toMatchObject({
      outcome: 'APPLIED',
      version: 4,
      body: 'Family forums in all three districts.',
      revision: { kind: 'RESTORED', restoredFromVersion: 2 },
    });
    expect((await sectionHistory(sectionId, lead.owner.token)).revisions.edges.map((e) => e.node.version)).toEqual([4, 3, 2, 1]);
  });

  it('refuses a reviewer restoring (FORBIDDEN) and an outsider (NOT_FOUND)', async () => {
    const { id, lead, sections } = await make.buildWaiver();
    const applied = await edit(lead.owner.token, sections[0].id, 1, 'Text');
    const reviewer = await make.buildPerson();
    await t.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId: id, email: reviewer.email, role: 'REVIEWER' } }, { token: lead.owner.token });
    const input = { revisionId: applied.editWaiverSection.revision!.id };
    expect((await t.request(RestoreWaiverSectionRevisionDocument, { input }, { token: reviewer.token })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const outsider = await make.buildPerson();
    expect((await t.request(RestoreWaiverSectionRevisionDocument, { input }, { token: outsider.token })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('Twenty authors editing one section at once', () => {
  it('keeps every non-overlapping edit, returns every overlapping one as a conflict, and every subscriber sees every version in order', async () => {
    const AUTHORS = 20;
    const UNCONTESTED = 15;
    const { id, lead, sections, authors } = await draftWithAuthors(AUTHORS);
    const sectionId = sections[1].id;
    const base = lines(2 * UNCONTESTED + 1);
    await edit(lead.owner.token, sectionId, 1, base.join('\n'));

    const subscribers = [];
    for (const who of [lead.owner, ...authors]) subscribers.push(await subscribeReady(t, who, id, sections[0].id));

    // Author i rewrites line 2i; authors 15..19 also rewrite lines 0..8 (2(i-15)), contesting authors 0..4.
    const lineOf = (i: number) => 2 * (i < UNCONTESTED ? i : i - UNCONTESTED);
    const textOf = (i: number) => `Line ${lineOf(i)}: rewritten by author ${i}.`;
    const started = Date.now();
    const results = await Promise.all(
      authors.map((author, i) => edit(author.token, sectionId, 2, withLine(base, lineOf(i), textOf(i)), `author-${i}`).then((r) => r.editWaiverSection)),
    );
    const elapsed = Date.now() - started;

    const accepted = results.flatMap((r, i) => (r.outcome === 'APPLIED' || r.outcome === 'MERGED' ? [i] : []));
    const conflicted = results.flatMap((r, i) => (r.outcome === 'CONFLICT' ? [i] : []));
    expect(accepted.length + conflicted.length).toBe(AUTHORS);
    expect(conflicted).toHaveLength(AUTHORS - UNCONTESTED);
    for (let i = 5; i < UNCONTESTED; i++) expect(accepted).toContain(i);
    for (let pair = 0; pair < AUTHORS - UNCONTESTED; pair++) {
      expect([pair, pair + UNCONTESTED].filter((i) => accepted.includes(i))).toHaveLength(1);
    }
    for (const i of conflicted) {
      const { conflict } = results[i];
      expect(conflict?.code).toBe('CONFLICT');
      expect(conflict?.regions[0].yours).toEqual([textOf(i)]);
      expect(conflict?.currentBody).toContain(conflict?.regions[0].theirs[0]);
    }

    const history = await sectionHistory(sectionId, lead.owner.token);
    const final = history.body.split('\n');
    expect(history.version).toBe(2 + accepted.length);
    for (const i of accepted) expect(final[lineOf(i)]).toBe(textOf(i));
    for (const i of conflicted) expect(final).not.toContain(textOf(i));
    expect(final).toHaveLength(base.length);

    // Revisions are exactly the accepted edits, one per version, by their authors.
    const revisions = history.revisions.edges.map((e) => e.node).filter((r) => r.version > 2);
    expect(revisions.map((r) => r.version).sort((a, b) => a - b)).toEqual(accepted.map((_, k) => 3 + k));
    expect(revisions.map((r) => r.author?.email).sort()).toEqual(accepted.map((i) => authors[i].email).sort());

    // Every subscriber saw every committed version, in order, with its text.
    const bodies = new Map(revisions.map((r) => [r.version, r.body]));
    const versions = accepted.map((_, k) => 3 + k);
    for (const subscriber of subscribers) {
      await subscriber.waitFor((e) => e.__typename === 'WaiverSectionEdited' && e.version === 2 + accepted.length);
      const edits = subscriber.events.filter((e) => e.__typename === 'WaiverSectionEdited');
      expect(edits.map((e) => (e.__typename === 'WaiverSectionEdited' ? e.version : 0))).toEqual(versions);
      for (const e of edits) if (e.__typename === 'WaiverSectionEdited') expect(e.body).toBe(bodies.get(e.version));
      expect(subscriber.errors).toEqual([]);
    }
    // Each author's client can tell its own edit apart.
    const mine = subscribers[1].events.filter((e) => e.byViewer && e.__typename === 'WaiverSectionEdited');
    expect(mine.map((e) => e.clientMutationId)).toEqual(accepted.includes(0) ? ['author-0'] : []);
    console.log(
      `[waivers] 20 concurrent edits of one section over HTTP: ${elapsed} ms; ${accepted.length} accepted, ${conflicted.length} conflicts; ${subscribers.length} WebSocket subscribers`,
    );
    subscribers.forEach((s) => s.stop());
  }, 60_000);
});
