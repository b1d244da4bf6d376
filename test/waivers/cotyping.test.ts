import { defaultFieldResolver, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  EditWaiverSectionDocument,
  InboxDocument,
  InviteWaiverCollaboratorDocument,
  PushWaiverSectionUpdateDocument,
  RemoveWaiverCollaboratorDocument,
  WaiverRevisionsDocument,
} from '../generated/graphql';
import { startTestHub, useTestHub } from '../helpers/hub';
import { subscribeReady, waiverFactories, type Person } from './factories';
import { b64, CoTypist, eventually, seeded } from './cotyping-client';

const t = useTestHub({ YJS_BURST_IDLE_MS: '200', YJS_BURST_SWEEP_MS: '50' });
const make = waiverFactories(t);

const PARAGRAPH = 'Students may earn credit when they show mastery of the standard, whatever the hours spent in class.';

async function draftWithAuthors(count: number, body = PARAGRAPH) {
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
  const sectionId = waiver.sections[1].id;
  if (body) await t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 1, body } }, { token: waiver.lead.owner.token });
  return { ...waiver, authors, sectionId };
}

async function sectionNow(sectionId: string, token: string): Promise<{ body: string; version: number }> {
  const { node } = await t.data<{ node: { body: string; version: number } }, { id: string }>(
    'query ($id: ID!) { node(id: $id) { ... on WaiverSection { body version } } }',
    { id: sectionId },
    { token },
  );
  return node;
}

/** A valid update from a client of its own: `text` inserted at the start, depending on nothing. */
function freshInsert(text: string): string {
  const doc = new Y.Doc();
  doc.getText('body').insert(0, text);
  return b64(Y.encodeStateAsUpdate(doc));
}

function push(token: string, sectionId: string, update: string) {
  return t.request(PushWaiverSectionUpdateDocument, { input: { sectionId, update } }, { token });
}

describe('Co-typing a waiver section (Yjs over GraphQL)', () => {
  it('keeps both edits when two clients type into the same paragraph at once (a line merge would conflict)', async () => {
    const { sectionId, lead, authors } = await draftWithAuthors(1);
    const [a, b] = [new CoTypist(t, lead.owner.token, sectionId), new CoTypist(t, authors[0].token, sectionId)];
    await Promise.all([a.connect(), b.connect()]);
    expect(a.toString()).toBe(PARAGRAPH);
    expect(b.toString()).toBe(PARAGRAPH);

    // Both type before either hears of the other.
    a.text.insert(PARAGRAPH.indexOf('credit'), 'course ');
    b.text.insert(PARAGRAPH.indexOf('in class'), 'sitting ');
    await Promise.all([a.settled(), b.settled()]);
    await eventually(
      () => a.toString() === b.toString() && a.toString().includes('sitting') && a.toString().includes('course'),
      () => `${a} | ${b}`,
    );
    const expected = PARAGRAPH.replace('credit', 'course credit').replace('in class', 'sitting in class');
    expect(a.toString()).toBe(expected);
    const section = await sectionNow(sectionId, lead.owner.token);
    expect(section).toEqual({ body: expected, version: 4 });
    expect([a.pushErrors, b.pushErrors]).toEqual([[], []]);
    // Each received the other's typing, not its own back.
    await a.waitFor((m) => m.kind === 'UPDATE' && m.author?.id === authors[0].id);
    expect(a.messages.filter((m) => m.kind === 'UPDATE').map((m) => m.author?.id)).toEqual([authors[0].id]);
    expect(b.messages.filter((m) => m.kind === 'UPDATE').map((m) => m.author?.id)).toEqual([lead.owner.id]);

    // The same two edits as whole bodies from one version: the line merge reports a conflict.
    const base = section.version;
    await t.data(
      EditWaiverSectionDocument,
      { input: { sectionId, baseVersion: base, body: expected.replace('mastery', 'full mastery') } },
      { token: lead.owner.token },
    );
    const second = await t.data(
      EditWaiverSectionDocument,
      { input: { sectionId, baseVersion: base, body: expected.replace('standard', 'state standard') } },
      { token: authors[0].token },
    );
    expect(second.editWaiverSection.outcome).toBe('CONFLICT');
    // ...and the accepted one reached the Yjs clients as an update of the document.
    await eventually(
      () => a.toString().includes('full mastery') && b.toString().includes('full mastery'),
      () => `${a} | ${b}`,
    );
  });

  it('edits one document from a Yjs client and an editWaiverSection client at once, with events and revisions as before', async () => {
    const lines = ['Seat time.', 'Mastery.', 'Assessment.', 'Reporting.', 'Timeline.'];
    const { id, sectionId, lead, authors } = await draftWithAuthors(1, lines.join('\n'));
    const events = await subscribeReady(t, lead.owner, id, sectionId);
    const typist = new CoTypist(t, authors[0].token, sectionId);
    await typist.connect();
    const { version } = await sectionNow(sectionId, lead.owner.token);

    // Lines apart, so today's line merge takes the whole-body edit whichever lands first.
    typist.text.insert(0, 'In short: ');
    const edited = [...lines.slice(0, 4), 'Timeline: three school years.'].join('\n');
    const [whole] = await Promise.all([
      t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: version, body: edited } }, { token: lead.owner.token }),
      typist.settled(),
    ]);
    expect(['APPLIED', 'MERGED']).toContain(whole.editWaiverSection.outcome);
    const expected = `In short: ${edited}`;
    await eventually(
      () => typist.toString() === expected,
      () => typist.toString(),
    );
    expect(await sectionNow(sectionId, lead.owner.token)).toEqual({ body: expected, version: version + 2 });
    const hubUpdate = await typist.waitFor((m) => m.kind === 'UPDATE' && m.author?.id === lead.owner.id);
    expect(hubUpdate.version).toBeGreaterThan(version);
    // One WaiverSectionEdited event and one revision per accepted change, from either kind of client.
    await events.waitFor((e) => e.__typename === 'WaiverSectionEdited' && e.version === version + 2);
    const editedVersions = events.events.flatMap((e) => (e.__typename === 'WaiverSectionEdited' ? [e.version] : [])).sort();
    expect(editedVersions).toEqual([version + 1, version + 2]);
    const revisions = await t.data(WaiverRevisionsDocument, { id, first: 2 }, { token: lead.owner.token });
    expect(revisions.waiverRequest!.revisions.edges.map((e) => e.node.version)).toEqual([version + 2, version + 1]);
    events.stop();
  });

  it(
    'converges under seeded random concurrent edits from 5 clients, and a new hub on the same database serves every acknowledged update',
    { timeout: 60_000 },
    async () => {
      const { sectionId, lead, authors } = await draftWithAuthors(4, 'Seed text for random edits.');
      const people = [lead.owner, ...authors];
      const clients = people.map((person) => new CoTypist(t, person.token, sectionId));
      await Promise.all(clients.map((client) => client.connect()));
      const random = seeded(15);
      const alphabet = 'abcdefghij KLMNOP\n,.é😀';
      for (let round = 0; round < 40; round++) {
        for (const client of clients) {
          const length = client.text.length;
          if (length > 0 && random() < 0.3) {
            const at = Math.floor(random() * length);
            client.text.delete(at, Math.min(1 + Math.floor(random() * 3), length - at));
          } else {
            const chars = Array.from(alphabet);
            const piece = Array.from({ length: 1 + Math.floor(random() * 4) }, () => chars[Math.floor(random() * chars.length)]).join('');
            client.text.insert(Math.floor(random() * (length + 1)), piece);
          }
        }
        if (round % 5 === 0) await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 30)));
      }
      await Promise.all(clients.map((client) => client.settled()));
      const server = () => sectionNow(sectionId, lead.owner.token);
      await eventually(
        async () => {
          const { body } = await server();
          return clients.every((client) => client.toString() === body);
        },
        () => clients.map(String).join(' | '),
      );
      expect(clients.flatMap((client) => client.pushErrors)).toEqual([]);
      const { body } = await server();
      expect(body.length).toBeGreaterThan(0);

      // A hub started afresh on the same database (nothing in its memory) serves the same document, with every acknowledged update in it.
      const fresh = await startTestHub();
      try {
        const late = new CoTypist(fresh, lead.owner.token, sectionId);
        await late.connect();
        expect(late.toString()).toBe(body);
        for (const client of clients) {
          for (const update of client.acknowledgedUpdates) {
            // Applying an acknowledged update again adds nothing: it is already there.
            const before = Y.encodeStateVector(late.doc);
            const probe = new Y.Doc();
            Y.applyUpdate(probe, Y.encodeStateAsUpdate(late.doc));
            Y.applyUpdate(probe, update);
            expect(Buffer.from(Y.encodeStateVector(probe)).equals(Buffer.from(before))).toBe(true);
          }
        }
        late.disconnect();
      } finally {
        await fresh.close();
      }
    },
  );

  it('sends a reconnecting client only what it is missing against its state vector', async () => {
    const { sectionId, lead, authors } = await draftWithAuthors(1);
    const a = new CoTypist(t, lead.owner.token, sectionId);
    const b = new CoTypist(t, authors[0].token, sectionId);
    await Promise.all([a.connect(), b.connect()]);
    b.disconnect();
    a.text.insert(0, 'While b was away: ');
    await a.settled();
    // b typed offline meanwhile.
    b.text.insert(b.text.length, ' (offline)');
    await b.connect();
    await b.settled();
    const state = b.messages.filter((m) => m.kind === 'STATE').at(-1)!;
    // The missing part only: far smaller than the whole document.
    expect(Buffer.from(state.update!, 'base64').length).toBeLessThan(Y.encodeStateAsUpdate(a.doc).length);
    await eventually(
      () => a.toString() === b.toString(),
      () => `${a} | ${b}`,
    );
    expect(a.toString()).toBe(`While b was away: ${PARAGRAPH} (offline)`);
  });
});

describe('Awareness on a section (who is here, their cursor)', () => {
  it('relays a client’s awareness to the others as presence, and says it is gone at once when its subscription ends', async () => {
    const { id, sectionId, lead, authors } = await draftWithAuthors(1);
    const [a, b] = [new CoTypist(t, lead.owner.token, sectionId), new CoTypist(t, authors[0].token, sectionId)];
    await Promise.all([a.connect(), b.connect()]);
    b.withAwareness();
    const cursor = { anchor: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(a.text, 8))), head: null };
    const announced = await a.announce({ user: { name: 'Sam', colour: '#1f77b4' }, cursor });
    expect(announced.errors).toBeUndefined();
    expect(announced.data!.pushWaiverSectionAwareness).toMatchObject({ clientId: a.doc.clientID });
    await eventually(
      () => b.awareness!.getStates().get(a.doc.clientID) !== undefined,
      () => 'b never saw a',
    );
    const seen = b.awareness!.getStates().get(a.doc.clientID) as { user: { name: string }; cursor: { anchor: string } };
    expect(seen.user.name).toBe('Sam');
    const at = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(seen.cursor.anchor, 'base64')), b.doc);
    expect(at?.index).toBe(8);
    // Not echoed to its sender.
    expect(a.messages.some((m) => m.kind === 'AWARENESS')).toBe(false);
    // One presence concept: the awareness is the person's presence on the section.
    const editors = async () => {
      const { waiverRequest } = await t.data<{ waiverRequest: { sections: Array<{ id: string; editors: Array<{ id: string }> }> } }, { id: string }>(
        'query ($id: ID!) { waiverRequest(id: $id) { sections { id editors { id } } } }',
        { id },
        { token: lead.owner.token },
      );
      return waiverRequest.sections.find((s) => s.id === sectionId)!.editors.map((e) => e.id);
    };
    expect(await editors()).toEqual([lead.owner.id]);
    a.disconnect();
    await b.waitFor((m) => m.kind === 'AWARENESS_GONE' && m.clientId === a.doc.clientID);
    expect(b.awareness!.getStates().has(a.doc.clientID)).toBe(false);
    await eventually(
      async () => (await editors()).length === 0,
      () => 'presence still shown',
    );
    b.disconnect();
  });

  it('executes an update once for followers whose clientId and stateVector differ (subscribe-only arguments)', async () => {
    const { sectionId, lead, authors } = await draftWithAuthors(3);
    const typist = new CoTypist(t, lead.owner.token, sectionId);
    const followers = authors.map((author) => new CoTypist(t, author.token, sectionId));
    await typist.connect();
    // Different state vectors too: one follower knows the typist's first words, the others start empty.
    typist.text.insert(0, 'First. ');
    await typist.settled();
    await followers[0].connect();
    await Promise.all(followers.slice(1).map((f) => f.connect()));
    const field = (t.hub.schema.getType('WaiverSectionSyncMessage') as GraphQLObjectType).getFields().update;
    const original = field.resolve ?? defaultFieldResolver;
    let updates = 0;
    field.resolve = (source, ...rest) => {
      if ((source as { kind?: string }).kind === 'UPDATE') updates += 1;
      return original(source, ...rest);
    };
    try {
      typist.text.insert(typist.text.length, 'Shared.');
      await typist.settled();
      await eventually(
        () => followers.every((f) => f.toString() === typist.toString()),
        () => followers.map(String).join(' | '),
      );
    } finally {
      field.resolve = original;
    }
    expect(updates).toBe(1);
    [typist, ...followers].forEach((c) => c.disconnect());
  });

  it('tells of a departure only the followers that hold the leaver’s awareness (a reader who never saw it is not told)', async () => {
    const { sectionId, lead, authors } = await draftWithAuthors(2);
    const [a, b] = [new CoTypist(t, lead.owner.token, sectionId), new CoTypist(t, authors[0].token, sectionId)];
    await Promise.all([a.connect(), b.connect()]);
    b.withAwareness();
    await a.announce({ user: { name: 'Sam' }, cursor: null });
    await eventually(
      () => b.awareness!.getStates().get(a.doc.clientID) !== undefined,
      () => 'b never saw a',
    );
    // c follows only after a showed itself: it never holds a's awareness.
    const c = new CoTypist(t, authors[1].token, sectionId);
    await c.connect();
    a.disconnect();
    await b.waitFor((m) => m.kind === 'AWARENESS_GONE' && m.clientId === a.doc.clientID);
    // An update after the departure reaches c behind anything the departure would have sent it.
    b.text.insert(0, 'After a left: ');
    await b.settled();
    await c.waitFor((m) => m.kind === 'UPDATE');
    expect(c.messages.filter((m) => m.kind === 'AWARENESS_GONE')).toEqual([]);
    b.disconnect();
    c.disconnect();
  });

  it('refuses an awareness update that is not one client’s (BAD_USER_INPUT) and anyone who may not read the request (NOT_FOUND)', async () => {
    const { sectionId, lead } = await draftWithAuthors(0);
    const outsider = await make.buildPerson();
    const typist = new CoTypist(t, lead.owner.token, sectionId);
    for (const update of ['not base64!', b64(new Uint8Array([2, 1, 1]))]) {
      expect(
        (
          await t.request(
            'mutation ($input: PushWaiverSectionAwarenessInput!) { pushWaiverSectionAwareness(input: $input) { clientId } }',
            { input: { sectionId, update } },
            { token: lead.owner.token },
          )
        ).errors?.[0]?.extensions?.code,
      ).toBe('BAD_USER_INPUT');
    }
    const stranger = new CoTypist(t, outsider.token, sectionId);
    expect((await stranger.announce({ user: { name: 'Nobody' } })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    stranger.disconnect();
    typist.disconnect();
  });
});

describe('Mutation.pushWaiverSectionUpdate refusals', () => {
  it('refuses a malformed or oversized update with BAD_USER_INPUT and leaves the document unchanged', async () => {
    const { sectionId, lead } = await draftWithAuthors(0);
    const before = await sectionNow(sectionId, lead.owner.token);
    const tooBig = freshInsert('x'.repeat(70 * 1024));
    const garbage = b64(new Uint8Array([0xff, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06]));
    // Structs that depend on an item the hub never saw.
    const orphanDoc = new Y.Doc();
    orphanDoc.getText('body').insert(0, 'abc');
    const afterSv = Y.encodeStateVector(orphanDoc);
    orphanDoc.getText('body').insert(3, 'def');
    const orphan = b64(Y.encodeStateAsUpdate(orphanDoc, afterSv));
    const elsewhere = new Y.Doc();
    elsewhere.getMap('other').set('x', 'y'.repeat(100));
    const otherType = b64(Y.encodeStateAsUpdate(elsewhere));
    for (const update of ['not base64!', '', garbage, tooBig, orphan, otherType]) {
      const result = await push(lead.owner.token, sectionId, update);
      expect(result.errors?.[0]?.extensions?.code, update.slice(0, 20)).toBe('BAD_USER_INPUT');
    }
    expect((await push(lead.owner.token, sectionId, otherType)).errors?.[0]?.message).toMatch(/something other than the Y.Text 'body'/);
    expect((await push(lead.owner.token, sectionId, orphan)).errors?.[0]?.message).toMatch(/depends on changes the hub does not have/);
    expect(await sectionNow(sectionId, lead.owner.token)).toEqual(before);
    const reader = new CoTypist(t, lead.owner.token, sectionId);
    await reader.connect();
    expect(reader.toString()).toBe(before.body);
    reader.disconnect();
  });

  it('refuses updates with INVALID_TRANSITION once the request is submitted, and tells followers the text is frozen', async () => {
    const waiver = await make.buildWaiver();
    const sectionId = waiver.sections[0].id;
    const token = waiver.lead.owner.token;
    await t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 1, body: 'MSIP 6 minimum hours.' } }, { token });
    const follower = new CoTypist(t, token, sectionId);
    await follower.connect();
    const call = (query: string) => t.data<Record<string, unknown>, { input: object }>(query, { input: { waiverRequestId: waiver.id } }, { token });
    await call('mutation ($input: WaiverRequestActionInput!) { startWaiverReview(input: $input) { id } }');
    const { waiverRequest } = await t.data<{ waiverRequest: { textDigest: string } }, { id: string }>(
      'query ($id: ID!) { waiverRequest(id: $id) { textDigest } }',
      { id: waiver.id },
      { token },
    );
    await t.data(
      'mutation ($input: SignOffWaiverRequestInput!) { signOffWaiverRequest(input: $input) { __typename } }',
      { input: { waiverRequestId: waiver.id, districtId: waiver.lead.id, textDigest: waiverRequest.textDigest } },
      { token },
    );
    await call('mutation ($input: WaiverRequestActionInput!) { submitWaiverRequest(input: $input) { id } }');
    const frozen = await follower.waitFor((m) => m.kind === 'FROZEN');
    expect(frozen.status).toBe('SUBMITTED');
    const result = await push(token, sectionId, freshInsert('Too late. '));
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    expect((await sectionNow(sectionId, token)).body).toBe('MSIP 6 minimum hours.');
    follower.disconnect();
  });

  it("tells the owners of a district whose sign-off an author's typing made stale", async () => {
    // In this file (its hub sweeps bursts): the sweep's statements would land in another file's statement counts.
    const { sectionId, lead, authors, id } = await draftWithAuthors(1);
    const token = lead.owner.token;
    await t.data('mutation ($input: WaiverRequestActionInput!) { startWaiverReview(input: $input) { id } }', { input: { waiverRequestId: id } }, { token });
    const { waiverRequest } = await t.data<{ waiverRequest: { textDigest: string } }, { id: string }>(
      'query ($id: ID!) { waiverRequest(id: $id) { textDigest } }',
      { id },
      { token },
    );
    await t.data(
      'mutation ($input: SignOffWaiverRequestInput!) { signOffWaiverRequest(input: $input) { __typename } }',
      { input: { waiverRequestId: id, districtId: lead.id, textDigest: waiverRequest.textDigest } },
      { token },
    );
    expect((await push(authors[0].token, sectionId, freshInsert('Typed after the sign-off. '))).errors).toBeUndefined();
    const { viewer } = await t.data(InboxDocument, { first: 10 }, { token });
    expect(viewer!.notifications.edges.map((edge) => edge.node)).toMatchObject([{ kind: 'WAIVER_SIGN_OFF_STALE', unreadCount: 1 }]);
  });

  it('refuses a REVIEWER (FORBIDDEN), an outsider (NOT_FOUND) and a removed collaborator, whose sync ends at once', async () => {
    const waiver = await draftWithAuthors(1);
    const { sectionId, lead, authors, id } = waiver;
    const reviewer = await make.buildPerson();
    await t.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId: id, email: reviewer.email, role: 'REVIEWER' } }, { token: lead.owner.token });
    const outsider = await make.buildPerson();
    expect((await push(reviewer.token, sectionId, freshInsert('r')))?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await push(outsider.token, sectionId, freshInsert('o')))?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // A reviewer may follow the document (read), not change it.
    const reading = new CoTypist(t, reviewer.token, sectionId);
    await reading.connect();
    expect(reading.toString()).toBe(PARAGRAPH);
    reading.disconnect();

    const leaving = new CoTypist(t, authors[0].token, sectionId);
    await leaving.connect();
    await t.data(RemoveWaiverCollaboratorDocument, { input: { waiverRequestId: id, userId: authors[0].id } }, { token: lead.owner.token });
    await eventually(
      () => leaving.ended,
      () => 'the removed collaborator is still following',
    );
    expect((await push(authors[0].token, sectionId, freshInsert('gone')))?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await sectionNow(sectionId, lead.owner.token)).body).toBe(PARAGRAPH);
  });
});
