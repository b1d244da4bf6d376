import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemberRole } from '../../src/domain/enums';
import {
  AcceptWaiverSuggestionDocument,
  AddWaiverDistrictDocument,
  DecideWaiverSuggestionsDocument,
  EditWaiverSectionDocument,
  InviteWaiverCollaboratorDocument,
  PushWaiverSectionUpdateDocument,
  RejectWaiverSuggestionDocument,
  SignOffWaiverRequestDocument,
  StartWaiverReviewDocument,
  SubmitWaiverRequestDocument,
  SuggestWaiverSectionChangeDocument,
  WaiverSectionSuggestionsDocument,
  WaiverTextStateDocument,
} from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { b64, CoTypist, eventually } from './cotyping-client';
import { subscribeReady, waiverFactories, type Person } from './factories';

const t = useTestHub();
const make = waiverFactories(t);

const TEXT = 'Students earn credit by showing mastery, not by seat time.';

/** A request with TEXT in its second section, an AUTHOR and two REVIEWERs (the first a member of a co-signing district). */
async function drafted() {
  const waiver = await make.buildWaiver();
  const lead = waiver.lead.owner;
  const cosigner = await make.buildDistrict();
  await t.data(AddWaiverDistrictDocument, { input: { waiverRequestId: waiver.id, districtId: cosigner.id } }, { token: lead.token });
  const author = await make.buildPerson();
  const reviewer = await make.buildPerson(cosigner.organization, MemberRole.VIEWER);
  const otherReviewer = await make.buildPerson();
  for (const [who, role] of [
    [author, 'AUTHOR'],
    [reviewer, 'REVIEWER'],
    [otherReviewer, 'REVIEWER'],
  ] as const) {
    await t.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId: waiver.id, email: who.email, role } }, { token: lead.token });
  }
  const sectionId = waiver.sections[1].id;
  await t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 1, body: TEXT } }, { token: lead.token });
  return { ...waiver, leadDistrict: waiver.lead, lead, cosigner, author, reviewer, otherReviewer, sectionId };
}

function suggest(who: Person, sectionId: string, from: number, to: number | null, text: string | null) {
  return t.request(
    SuggestWaiverSectionChangeDocument,
    { input: { sectionId, from: { index: from }, to: to === null ? null : { index: to }, text } },
    { token: who.token },
  );
}

async function suggested(who: Person, sectionId: string, from: number, to: number | null, text: string | null) {
  const result = await suggest(who, sectionId, from, to, text);
  expect(result.errors).toBeUndefined();
  return result.data!.suggestWaiverSectionChange;
}

async function sectionOf(sectionId: string, token: string, status: 'PENDING' | 'ACCEPTED' | 'REJECTED' = 'PENDING') {
  const { node } = await t.data(WaiverSectionSuggestionsDocument, { id: sectionId, status }, { token });
  return node as { id: string; body: string; version: number; suggestions: Array<Awaited<ReturnType<typeof suggested>>> };
}

const code = (result: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) => result.errors?.[0]?.extensions?.code;

describe('Suggestions on a section (suggesting mode)', () => {
  it('shows a reviewer’s suggestion to the others with its author and district, live, without changing the text; a reviewer cannot edit', async () => {
    const w = await drafted();
    const events = await subscribeReady(t, w.author, w.id, w.sectionId);
    const follower = new CoTypist(t, w.author.token, w.sectionId);
    await follower.connect();

    // A REVIEWER typing into the document is refused, and nothing is stored.
    const doc = new Y.Doc();
    doc.getText('body').insert(0, 'Typed by a reviewer. ');
    const pushed = await t.request(
      PushWaiverSectionUpdateDocument,
      { input: { sectionId: w.sectionId, update: b64(Y.encodeStateAsUpdate(doc)) } },
      { token: w.reviewer.token },
    );
    expect(code(pushed)).toBe('FORBIDDEN');

    const at = TEXT.indexOf('mastery');
    const insertion = await suggested(w.reviewer, w.sectionId, at, null, 'full ');
    expect(insertion).toMatchObject({
      kind: 'INSERTION',
      status: 'PENDING',
      text: 'full ',
      deletedText: '',
      fromIndex: at,
      toIndex: at,
      author: { id: w.reviewer.id },
      district: { id: w.cosigner.id },
      section: { body: TEXT },
    });
    const deletion = await suggested(w.otherReviewer, w.sectionId, TEXT.indexOf(', not'), TEXT.indexOf('.'), null);
    expect(deletion).toMatchObject({ kind: 'DELETION', deletedText: ', not by seat time', district: null, toPosition: expect.any(String) });

    // Everyone who reads the request sees both, oldest first; the text is unchanged.
    const seen = await sectionOf(w.sectionId, w.lead.token);
    expect(seen.body).toBe(TEXT);
    expect(seen.suggestions.map((s) => [s.id, s.author?.id])).toEqual([
      [insertion.id, w.reviewer.id],
      [deletion.id, w.otherReviewer.id],
    ]);
    // ...live, on the request's events and on the section's sync.
    await events.waitFor((e) => e.__typename === 'WaiverSuggestionChanged' && e.suggestion.id === deletion.id);
    const added = events.events.flatMap((e) => (e.__typename === 'WaiverSuggestionChanged' ? [[e.suggestion.id, e.suggestionChange]] : []));
    expect(added).toEqual([
      [insertion.id, 'ADDED'],
      [deletion.id, 'ADDED'],
    ]);
    await follower.waitFor((m) => m.kind === 'SUGGESTION' && m.suggestion?.id === deletion.id);
    expect(follower.messages.filter((m) => m.kind === 'SUGGESTION').map((m) => [m.suggestion?.id, m.suggestionChange, m.author?.id])).toEqual([
      [insertion.id, 'ADDED', w.reviewer.id],
      [deletion.id, 'ADDED', w.otherReviewer.id],
    ]);
    expect(follower.toString()).toBe(TEXT);
    // Reviewers decide nothing.
    expect(code(await t.request(AcceptWaiverSuggestionDocument, { input: { suggestionId: insertion.id } }, { token: w.reviewer.token }))).toBe('FORBIDDEN');
    events.stop();
    follower.disconnect();
  });

  it('accepts one (the text changes where it was suggested, though others typed before it meanwhile) and rejects another (the text stays)', async () => {
    const w = await drafted();
    const deletion = await suggested(w.reviewer, w.sectionId, TEXT.indexOf(', not'), TEXT.indexOf('.'), null);
    const insertion = await suggested(w.reviewer, w.sectionId, TEXT.length, null, ' Always.');
    // An author types at the start: the suggestions' anchors move with their words.
    const typist = new CoTypist(t, w.author.token, w.sectionId);
    await typist.connect();
    typist.text.insert(0, 'In short: ');
    await typist.settled();
    expect(typist.pushErrors).toEqual([]);
    const moved = await sectionOf(w.sectionId, w.lead.token);
    expect(moved.suggestions[0]).toMatchObject({ fromIndex: 'In short: '.length + TEXT.indexOf(', not'), deletedText: ', not by seat time' });

    const before = moved.version;
    const accepted = await t.data(AcceptWaiverSuggestionDocument, { input: { suggestionId: deletion.id } }, { token: w.author.token });
    const expected = `In short: ${TEXT.replace(', not by seat time', '')}`;
    expect(accepted.acceptWaiverSuggestion).toMatchObject({
      status: 'ACCEPTED',
      decidedBy: { id: w.author.id },
      acceptedVersion: before + 1,
      fromIndex: null,
      section: { body: expected, version: before + 1 },
    });
    // The Yjs client receives the change as an update of the document.
    await eventually(
      () => typist.toString() === expected,
      () => typist.toString(),
    );
    const rejected = await t.data(RejectWaiverSuggestionDocument, { input: { suggestionId: insertion.id } }, { token: w.lead.token });
    expect(rejected.rejectWaiverSuggestion).toMatchObject({ status: 'REJECTED', acceptedVersion: null, section: { body: expected, version: before + 1 } });
    expect((await sectionOf(w.sectionId, w.lead.token)).suggestions).toEqual([]);
    expect((await sectionOf(w.sectionId, w.lead.token, 'REJECTED')).suggestions.map((s) => s.id)).toEqual([insertion.id]);
    // Decided is decided.
    const again = [
      await t.request(AcceptWaiverSuggestionDocument, { input: { suggestionId: insertion.id } }, { token: w.lead.token }),
      await t.request(RejectWaiverSuggestionDocument, { input: { suggestionId: deletion.id } }, { token: w.lead.token }),
    ];
    expect(again.map(code)).toEqual(['INVALID_TRANSITION', 'INVALID_TRANSITION']);
    expect((await sectionOf(w.sectionId, w.lead.token)).body).toBe(expected);
    typist.disconnect();
  });

  it('accepts all of one district’s suggestions and rejects all of one person’s, leaving the others pending', async () => {
    const w = await drafted();
    // The co-signing district's reviewer: two suggestions; the other reviewer: two; the author: one.
    const a1 = await suggested(w.reviewer, w.sectionId, 0, null, 'Here, ');
    const a2 = await suggested(w.reviewer, w.sectionId, TEXT.indexOf('mastery'), null, 'full ');
    const b1 = await suggested(w.otherReviewer, w.sectionId, TEXT.indexOf('credit'), TEXT.indexOf('credit') + 6, 'grades');
    const b2 = await suggested(w.otherReviewer, w.sectionId, TEXT.length, null, ' Really.');
    const c1 = await suggested(w.author, w.sectionId, TEXT.indexOf('seat'), null, 'mere ');
    expect(b1.kind).toBe('REPLACEMENT');

    const byDistrict = await t.data(
      DecideWaiverSuggestionsDocument,
      { input: { waiverRequestId: w.id, accept: true, districtId: w.cosigner.id } },
      { token: w.lead.token },
    );
    expect(byDistrict.decideWaiverSuggestions.decided.map((s) => [s.id, s.status])).toEqual([
      [a1.id, 'ACCEPTED'],
      [a2.id, 'ACCEPTED'],
    ]);
    const afterDistrict = `Here, ${TEXT.replace('mastery', 'full mastery')}`;
    const now = await sectionOf(w.sectionId, w.lead.token);
    // Both applied in one new version (one revision).
    expect(now.body).toBe(afterDistrict);
    expect(now.suggestions.map((s) => s.id)).toEqual([b1.id, b2.id, c1.id]);

    const byAuthor = await t.data(
      DecideWaiverSuggestionsDocument,
      { input: { waiverRequestId: w.id, accept: false, authorId: w.otherReviewer.id } },
      { token: w.author.token },
    );
    expect(byAuthor.decideWaiverSuggestions.decided.map((s) => [s.id, s.status])).toEqual([
      [b1.id, 'REJECTED'],
      [b2.id, 'REJECTED'],
    ]);
    const last = await sectionOf(w.sectionId, w.lead.token);
    expect(last).toMatchObject({ body: afterDistrict, version: now.version });
    expect(last.suggestions.map((s) => s.id)).toEqual([c1.id]);

    const byAuthorAgain = await t.data(
      DecideWaiverSuggestionsDocument,
      { input: { waiverRequestId: w.id, accept: true, authorId: w.author.id } },
      { token: w.author.token },
    );
    expect(byAuthorAgain.decideWaiverSuggestions.decided.map((s) => s.id)).toEqual([c1.id]);
    expect((await sectionOf(w.sectionId, w.lead.token)).body).toBe(afterDistrict.replace('seat', 'mere seat'));
    // Nothing left of that person's: nothing decided.
    const none = await t.data(
      DecideWaiverSuggestionsDocument,
      { input: { waiverRequestId: w.id, accept: true, authorId: w.reviewer.id } },
      { token: w.lead.token },
    );
    expect(none.decideWaiverSuggestions.decided).toEqual([]);
    // Neither or both of authorId and districtId: BAD_USER_INPUT.
    const both = await t.request(
      DecideWaiverSuggestionsDocument,
      { input: { waiverRequestId: w.id, accept: true, authorId: w.reviewer.id, districtId: w.cosigner.id } },
      { token: w.lead.token },
    );
    expect(code(both)).toBe('BAD_USER_INPUT');
  });

  it('voids sign-offs only when a suggestion is accepted', async () => {
    const w = await make.buildWaiver();
    const lead = w.lead.owner;
    const sectionId = w.sections[0].id;
    const reviewer = await make.buildPerson();
    await t.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId: w.id, email: reviewer.email, role: 'REVIEWER' } }, { token: lead.token });
    await t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 1, body: TEXT } }, { token: lead.token });
    await t.data(StartWaiverReviewDocument, { input: { waiverRequestId: w.id } }, { token: lead.token });
    const read = async () => (await t.data(WaiverTextStateDocument, { id: w.id }, { token: lead.token })).waiverRequest!;
    const signed = await read();
    await t.data(
      SignOffWaiverRequestDocument,
      { input: { waiverRequestId: w.id, districtId: w.lead.id, textDigest: signed.textDigest } },
      { token: lead.token },
    );

    const first = await suggested(reviewer, sectionId, 0, null, 'Proposed: ');
    const second = await suggested(reviewer, sectionId, 0, 9, null);
    expect((await read()).signOffs[0]).toMatchObject({ current: true, signedTextVersion: signed.textVersion });
    await t.data(RejectWaiverSuggestionDocument, { input: { suggestionId: second.id } }, { token: lead.token });
    expect(await read()).toMatchObject({ textDigest: signed.textDigest, signOffs: [{ current: true }] });
    await t.data(AcceptWaiverSuggestionDocument, { input: { suggestionId: first.id } }, { token: lead.token });
    const after = await read();
    expect(after.sections[0].body).toBe(`Proposed: ${TEXT}`);
    expect(after.textDigest).not.toBe(signed.textDigest);
    expect(after.signOffs[0]).toMatchObject({ current: false, staleSinceVersion: signed.textVersion + 1 });
  });

  it('hides suggestions from people who may not read the request, and refuses them every suggestion mutation', async () => {
    const w = await drafted();
    const outsider = await make.buildPerson((await make.buildDistrict()).organization);
    const suggestion = await suggested(w.reviewer, w.sectionId, 0, null, 'Hidden. ');
    const node = await t.data<{ node: { id: string } | null }, { id: string }>(
      'query ($id: ID!) { node(id: $id) { id } }',
      { id: suggestion.id },
      { token: outsider.token },
    );
    expect(node.node).toBeNull();
    expect((await t.data(WaiverSectionSuggestionsDocument, { id: w.sectionId, status: 'PENDING' }, { token: outsider.token })).node).toBeNull();
    expect(code(await suggest(outsider, w.sectionId, 0, null, 'Mine. '))).toBe('NOT_FOUND');
    expect(code(await t.request(AcceptWaiverSuggestionDocument, { input: { suggestionId: suggestion.id } }, { token: outsider.token }))).toBe('NOT_FOUND');
    expect(code(await t.request(RejectWaiverSuggestionDocument, { input: { suggestionId: suggestion.id } }, { token: outsider.token }))).toBe('NOT_FOUND');
    expect(
      code(
        await t.request(
          DecideWaiverSuggestionsDocument,
          { input: { waiverRequestId: w.id, accept: true, authorId: w.reviewer.id } },
          { token: outsider.token },
        ),
      ),
    ).toBe('NOT_FOUND');
    // A member of the lead district who is no collaborator reads suggestions but may not make one.
    const member = await make.buildPerson(w.leadDistrict.organization, MemberRole.VIEWER);
    expect((await sectionOf(w.sectionId, member.token)).suggestions.map((s) => s.id)).toEqual([suggestion.id]);
    expect(code(await suggest(member, w.sectionId, 0, null, 'Member. '))).toBe('FORBIDDEN');
    // Still pending, the text untouched.
    const seen = await sectionOf(w.sectionId, w.lead.token);
    expect(seen).toMatchObject({ body: TEXT, suggestions: [{ id: suggestion.id, status: 'PENDING' }] });
  });

  it('refuses suggesting and deciding with INVALID_TRANSITION once the request is submitted', async () => {
    const w = await make.buildWaiver();
    const lead = w.lead.owner;
    const sectionId = w.sections[0].id;
    await t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 1, body: TEXT } }, { token: lead.token });
    const pending = await suggested(lead, sectionId, 0, null, 'Late: ');
    await t.data(StartWaiverReviewDocument, { input: { waiverRequestId: w.id } }, { token: lead.token });
    const { waiverRequest } = await t.data(WaiverTextStateDocument, { id: w.id }, { token: lead.token });
    await t.data(
      SignOffWaiverRequestDocument,
      { input: { waiverRequestId: w.id, districtId: w.lead.id, textDigest: waiverRequest!.textDigest } },
      { token: lead.token },
    );
    await t.data(SubmitWaiverRequestDocument, { input: { waiverRequestId: w.id } }, { token: lead.token });
    const refusals = [
      await suggest(lead, sectionId, 0, null, 'Too late. '),
      await t.request(AcceptWaiverSuggestionDocument, { input: { suggestionId: pending.id } }, { token: lead.token }),
      await t.request(RejectWaiverSuggestionDocument, { input: { suggestionId: pending.id } }, { token: lead.token }),
      await t.request(DecideWaiverSuggestionsDocument, { input: { waiverRequestId: w.id, accept: true, authorId: lead.id } }, { token: lead.token }),
    ];
    expect(refusals.map(code)).toEqual(['INVALID_TRANSITION', 'INVALID_TRANSITION', 'INVALID_TRANSITION', 'INVALID_TRANSITION']);
    expect(await sectionOf(sectionId, lead.token)).toMatchObject({ body: TEXT, suggestions: [{ id: pending.id, status: 'PENDING' }] });
  });

  it('refuses positions outside the text and empty suggestions with BAD_USER_INPUT', async () => {
    const w = await drafted();
    const foreign = new Y.Doc();
    foreign.getText('body').insert(0, 'elsewhere');
    const unknown = b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(foreign.getText('body'), 3)));
    const results = [
      await suggest(w.reviewer, w.sectionId, TEXT.length + 1, null, 'x'),
      await suggest(w.reviewer, w.sectionId, 5, 3, null),
      await suggest(w.reviewer, w.sectionId, 5, 5, ''),
      await t.request(
        SuggestWaiverSectionChangeDocument,
        { input: { sectionId: w.sectionId, from: { relativePosition: unknown }, text: 'x' } },
        { token: w.reviewer.token },
      ),
      await t.request(
        SuggestWaiverSectionChangeDocument,
        { input: { sectionId: w.sectionId, from: { index: 0, relativePosition: unknown }, text: 'x' } },
        { token: w.reviewer.token },
      ),
    ];
    expect(results.map(code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    // A relative position from a client's synced copy is taken as is.
    const typist = new CoTypist(t, w.author.token, w.sectionId);
    await typist.connect();
    const relativePosition = b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(typist.text, TEXT.indexOf('credit'))));
    const ok = await t.data(
      SuggestWaiverSectionChangeDocument,
      { input: { sectionId: w.sectionId, from: { relativePosition }, text: 'course ' } },
      { token: w.reviewer.token },
    );
    expect(ok.suggestWaiverSectionChange).toMatchObject({ kind: 'INSERTION', fromIndex: TEXT.indexOf('credit') });
    typist.disconnect();
  });
});
