import { describe, expect, it } from 'vitest';
import { print } from 'graphql';
import {
  AddWaiverCommentDocument,
  AddWaiverDistrictDocument,
  AddWaiverSectionDocument,
  EditWaiverSectionDocument,
  InviteWaiverCollaboratorDocument,
  MoveWaiverSectionDocument,
  RemoveWaiverCollaboratorDocument,
  RenameWaiverSectionDocument,
  ResolveWaiverCommentDocument,
  SetWaiverPresenceDocument,
  WaiverCommentsDocument,
  WaiverEditorsDocument,
  WaiverRequestEventsDocument,
} from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { subscribe, subscribeReady, waiverFactories, type Person } from './factories';

const t = useTestHub();
const make = waiverFactories(t);

async function invite(waiverRequestId: string, lead: Person, who: Person, role: 'AUTHOR' | 'REVIEWER') {
  await t.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId, email: who.email, role } }, { token: lead.token });
}

/** The first error a subscription attempt gets. */
async function subscribeError(token: string | undefined, waiverRequestId: string) {
  const client = t.ws(token);
  return new Promise<{ message: string; extensions?: { code?: string } }>((resolve) => {
    client.subscribe(
      { query: print(WaiverRequestEventsDocument), variables: { waiverRequestId } },
      {
        next: (result) => resolve((result as { errors?: Array<{ message: string }> }).errors?.[0] ?? { message: 'no error' }),
        error: (error) => resolve((Array.isArray(error) ? error[0] : error) as { message: string }),
        complete: () => undefined,
      },
    );
  });
}

describe('Subscription.waiverRequestEvents: who receives what', () => {
  it('delivers committed edits to the lead, an author, a reviewer and a co-signing district member, marking the actor', async () => {
    const { id, lead, sections } = await make.buildWaiver();
    const author = await make.buildPerson();
    const reviewer = await make.buildPerson();
    const cosigner = await make.buildDistrict();
    await invite(id, lead.owner, author, 'AUTHOR');
    await invite(id, lead.owner, reviewer, 'REVIEWER');
    await t.data(AddWaiverDistrictDocument, { input: { waiverRequestId: id, districtId: cosigner.id } }, { token: lead.owner.token });
    const subscribers = [];
    for (const who of [lead.owner, author, reviewer, cosigner.owner]) subscribers.push(await subscribeReady(t, who, id, sections[0].id));

    await t.data(
      EditWaiverSectionDocument,
      { input: { sectionId: sections[1].id, baseVersion: 1, body: 'Time is the variable; learning is the constant.', clientMutationId: 'tab-7' } },
      { token: author.token },
    );
    for (const [index, subscriber] of subscribers.entries()) {
      const event = await subscriber.waitFor((e) => e.__typename === 'WaiverSectionEdited');
      expect(event).toMatchObject({
        waiverRequestId: id,
        clientMutationId: 'tab-7',
        byViewer: index === 1,
        actor: { email: author.email },
        version: 2,
        body: 'Time is the variable; learning is the constant.',
        merged: false,
        kind: 'EDITED',
        section: { id: sections[1].id },
      });
    }
    subscribers.forEach((s) => s.stop());
  });

  it('refuses to subscribe people who may not read as if there were no request: NOT_FOUND for outsiders, state staff before submission and no request, UNAUTHENTICATED anonymously', async () => {
    const { id } = await make.buildWaiver();
    const outsider = await make.buildDistrict();
    const staff = await make.buildStateStaff();
    const missing = await subscribeError(outsider.owner.token, 'V2FpdmVyUmVxdWVzdDowMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDA');
    expect(missing.extensions?.code).toBe('NOT_FOUND');
    // The same answer, word for word, whether the request exists or not.
    expect(await subscribeError(outsider.owner.token, id)).toEqual(missing);
    expect(await subscribeError(staff.token, id)).toEqual(missing);
    expect((await subscribeError(undefined, id)).extensions?.code).toBe('UNAUTHENTICATED');
    expect((await subscribeError(outsider.owner.token, 'V2FpdmVyUmVxdWVzdDowMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDA')).extensions?.code).toBe(
      'NOT_FOUND',
    );
  });

  it('publishes nothing for a conflict or a refused edit: the next event is the next committed version', async () => {
    const { id, lead, sections } = await make.buildWaiver();
    const author = await make.buildPerson();
    const reviewer = await make.buildPerson();
    await invite(id, lead.owner, author, 'AUTHOR');
    await invite(id, lead.owner, reviewer, 'REVIEWER');
    const watcher = await subscribeReady(t, lead.owner, id, sections[0].id);
    const sectionId = sections[2].id;
    await t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 1, body: 'Proposal A' } }, { token: lead.owner.token });
    const conflict = await t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 1, body: 'Proposal B' } }, { token: author.token });
    expect(conflict.editWaiverSection.outcome).toBe('CONFLICT');
    const refused = await t.request(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 2, body: 'Reviewer text' } }, { token: reviewer.token });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 2, body: 'Proposal A, refined' } }, { token: author.token });
    await watcher.waitFor((e) => e.__typename === 'WaiverSectionEdited' && e.version === 3);
    const edits = watcher.events.filter((e) => e.__typename === 'WaiverSectionEdited');
    expect(edits.map((e) => (e.__typename === 'WaiverSectionEdited' ? [e.version, e.body] : []))).toEqual([
      [2, 'Proposal A'],
      [3, 'Proposal A, refined'],
    ]);
    watcher.stop();
  });

  it('ends the subscription of an author removed mid-session, who receives nothing after, while others carry on', async () => {
    const { id, lead, sections } = await make.buildWaiver();
    const author = await make.buildPerson();
    const colleague = await make.buildPerson(lead.organization);
    await invite(id, lead.owner, author, 'AUTHOR');
    await invite(id, lead.owner, colleague, 'AUTHOR');
    const removed = await subscribeReady(t, author, id, sections[0].id);
    const districtMember = await subscribeReady(t, colleague, id, sections[0].id);
    const leadWatch = await subscribeReady(t, lead.owner, id, sections[0].id);

    await t.data(EditWaiverSectionDocument, { input: { sectionId: sections[1].id, baseVersion: 1, body: 'Before removal' } }, { token: author.token });
    await removed.waitFor((e) => e.__typename === 'WaiverSectionEdited' && e.version === 2);

    await t.data(RemoveWaiverCollaboratorDocument, { input: { waiverRequestId: id, userId: author.id } }, { token: lead.owner.token });
    await t.data(RemoveWaiverCollaboratorDocument, { input: { waiverRequestId: id, userId: colleague.id } }, { token: lead.owner.token });
    await removed.ended;
    await districtMember.ended;
    const countAtEnd = removed.events.length;

    await t.data(EditWaiverSectionDocument, { input: { sectionId: sections[1].id, baseVersion: 2, body: 'After removal' } }, { token: lead.owner.token });
    const seen = await leadWatch.waitFor((e) => e.__typename === 'WaiverSectionEdited' && e.version === 3);
    expect(seen).toMatchObject({ body: 'After removal' });
    const leadSawRemoval = leadWatch.events.filter((e) => e.__typename === 'WaiverCollaboratorChanged');
    // Once removed, the author shares nothing with the lead: their email is no longer the lead's to read (the colleague's still is).
    expect(leadSawRemoval.map((e) => e.__typename === 'WaiverCollaboratorChanged' && [e.user?.email, e.collaboratorChange, e.role])).toEqual([
      [null, 'REMOVED', null],
      [colleague.email, 'REMOVED', null],
    ]);
    expect(removed.events).toHaveLength(countAtEnd);
    expect(removed.events.some((e) => e.__typename === 'WaiverSectionEdited' && e.version === 3)).toBe(false);
    expect(removed.events.some((e) => e.__typename === 'WaiverCollaboratorChanged')).toBe(false);

    // The removed author can no longer edit or subscribe; the colleague still reads as a district member.
    const edit = await t.request(EditWaiverSectionDocument, { input: { sectionId: sections[1].id, baseVersion: 3, body: 'Sneaky' } }, { token: author.token });
    expect(edit.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await subscribeError(author.token, id)).extensions?.code).toBe('NOT_FOUND');
    const memberEdit = await t.request(
      EditWaiverSectionDocument,
      { input: { sectionId: sections[1].id, baseVersion: 3, body: 'Member text' } },
      { token: colleague.token },
    );
    expect(memberEdit.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    leadWatch.stop();
  });

  it('announces added, renamed and moved sections and collaborator invitations', async () => {
    const { id, lead, sections } = await make.buildWaiver();
    const watcher = await subscribeReady(t, lead.owner, id, sections[0].id);
    const added = await t.data(AddWaiverSectionDocument, { input: { waiverRequestId: id, title: 'Equity impact', position: 3 } }, { token: lead.owner.token });
    await t.data(RenameWaiverSectionDocument, { input: { sectionId: added.addWaiverSection.id, title: 'Equity and access' } }, { token: lead.owner.token });
    await t.data(MoveWaiverSectionDocument, { input: { sectionId: added.addWaiverSection.id, position: 1 } }, { token: lead.owner.token });
    const reviewer = await make.buildPerson();
    await invite(id, lead.owner, reviewer, 'REVIEWER');
    await watcher.waitFor((e) => e.__typename === 'WaiverCollaboratorChanged');
    const kinds = watcher.events.map((e) => e.__typename).filter((name) => name !== 'WaiverPresenceChanged');
    expect(kinds).toEqual(['WaiverSectionAdded', 'WaiverSectionRenamed', 'WaiverSectionMoved', 'WaiverCollaboratorChanged']);
    const moved = watcher.events.find((e) => e.__typename === 'WaiverSectionMoved');
    expect(moved?.__typename === 'WaiverSectionMoved' && moved.sections.map((s) => s.key).slice(0, 2)).toEqual(['equity-impact', 'requirement']);
    watcher.stop();
  });
});

describe('Mutation.setWaiverPresence and WaiverSection.editors', () => {
  it('shows who has which section open, announces changes but not heartbeats, and clears on null', async () => {
    const { id, lead, sections } = await make.buildWaiver();
    const author = await make.buildPerson();
    await invite(id, lead.owner, author, 'AUTHOR');
    const watcher = await subscribeReady(t, lead.owner, id, sections[0].id);
    const open = await t.data(SetWaiverPresenceDocument, { input: { waiverRequestId: id, sectionId: sections[2].id } }, { token: author.token });
    expect(open.setWaiverPresence).toMatchObject({ ttlSeconds: 30, user: { email: author.email }, section: { key: 'alternative' } });
    expect(Date.parse(open.setWaiverPresence.expiresAt!) - Date.now()).toBeGreaterThan(20_000);
    await t.data(SetWaiverPresenceDocument, { input: { waiverRequestId: id, sectionId: sections[2].id } }, { token: author.token });
    const editors = await t.data(WaiverEditorsDocument, { id }, { token: lead.owner.token });
    const byKey = new Map(editors.waiverRequest!.sections.map((s) => [s.key, s.editors.map((u) => u.email)]));
    expect(byKey.get('alternative')).toEqual([author.email]);
    expect(byKey.get('requirement')).toEqual([lead.owner.email]);

    await t.data(SetWaiverPresenceDocument, { input: { waiverRequestId: id, sectionId: null } }, { token: author.token });
    await watcher.waitFor((e) => e.__typename === 'WaiverPresenceChanged' && e.presenceChange === 'LEFT' && e.user?.email === author.email);
    const authorEvents = watcher.events.filter((e) => e.__typename === 'WaiverPresenceChanged' && e.user?.email === author.email);
    expect(authorEvents.map((e) => e.__typename === 'WaiverPresenceChanged' && [e.presenceChange, e.openSection?.id ?? null])).toEqual([
      ['OPENED', sections[2].id],
      ['LEFT', null],
    ]);
    const after = await t.data(WaiverEditorsDocument, { id }, { token: lead.owner.token });
    expect(after.waiverRequest!.sections.find((s) => s.key === 'alternative')?.editors).toEqual([]);
    watcher.stop();
  });

  it('clears presence at once when the socket closes, and announces it', async () => {
    const { id, lead, sections } = await make.buildWaiver();
    const author = await make.buildPerson();
    await invite(id, lead.owner, author, 'AUTHOR');
    const watcher = await subscribeReady(t, lead.owner, id, sections[0].id);
    const leaving = await subscribeReady(t, author, id, sections[3].id);
    expect((await t.data(WaiverEditorsDocument, { id }, { token: lead.owner.token })).waiverRequest!.sections[3].editors.map((u) => u.email)).toEqual([
      author.email,
    ]);
    await leaving.client.dispose();
    const gone = await watcher.waitFor((e) => e.__typename === 'WaiverPresenceChanged' && e.presenceChange === 'DISCONNECTED');
    expect(gone).toMatchObject({ user: { email: author.email }, openSection: null });
    expect((await t.data(WaiverEditorsDocument, { id }, { token: lead.owner.token })).waiverRequest!.sections[3].editors).toEqual([]);
    watcher.stop();
  });

  it('expires presence without a heartbeat: hidden from editors at once, announced by the sweep', async () => {
    const { id, lead, sections } = await make.buildWaiver();
    const author = await make.buildPerson();
    await invite(id, lead.owner, author, 'AUTHOR');
    const watcher = await subscribeReady(t, lead.owner, id, sections[0].id);
    await t.data(SetWaiverPresenceDocument, { input: { waiverRequestId: id, sectionId: sections[5].id } }, { token: author.token });
    // Thirty seconds pass without a heartbeat.
    await t.hub.orm.em
      .fork()
      .getConnection()
      .execute(`update waiver_presence set expires_at = now() - interval '1 second' where user_id = (select id from users where email = ?)`, [author.email]);
    expect((await t.data(WaiverEditorsDocument, { id }, { token: lead.owner.token })).waiverRequest!.sections[5].editors).toEqual([]);
    const expired = await watcher.waitFor((e) => e.__typename === 'WaiverPresenceChanged' && e.presenceChange === 'EXPIRED');
    expect(expired).toMatchObject({ user: { email: author.email }, actor: null, openSection: null });
    watcher.stop();
  });

  it('refuses presence on a section of another request and for outsiders', async () => {
    const { id, lead } = await make.buildWaiver();
    const other = await make.buildWaiver();
    const wrong = await t.request(SetWaiverPresenceDocument, { input: { waiverRequestId: id, sectionId: other.sections[0].id } }, { token: lead.owner.token });
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.sectionId' }] });
    const outsider = await make.buildPerson();
    const refused = await t.request(SetWaiverPresenceDocument, { input: { waiverRequestId: id, sectionId: null } }, { token: outsider.token });
    expect(refused.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('Comments: addWaiverComment and resolveWaiverComment', () => {
  it('anchors threads to sections with a quoted passage, takes replies, resolves and reopens, and keeps resolved threads readable', async () => {
    const { id, lead, sections } = await make.buildWaiver();
    const reviewer = await make.buildPerson();
    await invite(id, lead.owner, reviewer, 'REVIEWER');
    await t.data(
      EditWaiverSectionDocument,
      { input: { sectionId: sections[5].id, baseVersion: 1, body: 'Students defend a portfolio each semester.' } },
      { token: lead.owner.token },
    );
    const watcher = await subscribeReady(t, lead.owner, id, sections[0].id);

    const thread = await t.data(
      AddWaiverCommentDocument,
      {
        input: { sectionId: sections[5].id, body: 'Who scores the portfolios?', quote: 'defend a portfolio', clientMutationId: 'c-9' },
      },
      { token: reviewer.token },
    );
    expect(thread.addWaiverComment).toMatchObject({
      body: 'Who scores the portfolios?',
      quote: 'defend a portfolio',
      resolved: false,
      section: { key: 'accountability' },
      parent: null,
    });
    const reply = await t.data(
      AddWaiverCommentDocument,
      { input: { parentId: thread.addWaiverComment.id, body: 'A panel of teachers and employers.' } },
      { token: lead.owner.token },
    );
    expect(reply.addWaiverComment.parent?.id).toBe(thread.addWaiverComment.id);
    // Replying to a reply stays in the same thread.
    const nested = await t.data(AddWaiverCommentDocument, { input: { parentId: reply.addWaiverComment.id, body: 'Thanks.' } }, { token: reviewer.token });
    expect(nested.addWaiverComment.parent?.id).toBe(thread.addWaiverComment.id);

    const resolved = await t.data(ResolveWaiverCommentDocument, { input: { commentId: reply.addWaiverComment.id } }, { token: reviewer.token });
    expect(resolved.resolveWaiverComment).toMatchObject({ id: thread.addWaiverComment.id, resolved: true, resolvedBy: { email: reviewer.email } });
    const open = await t.data(WaiverCommentsDocument, { id, resolved: false }, { token: lead.owner.token });
    expect(open.waiverRequest?.comments.totalCount).toBe(0);
    const done = await t.data(WaiverCommentsDocument, { id, resolved: true }, { token: lead.owner.token });
    expect(done.waiverRequest?.comments.edges[0].node).toMatchObject({
      body: 'Who scores the portfolios?',
      resolved: true,
      replies: [{ body: 'A panel of teachers and employers.' }, { body: 'Thanks.' }],
    });

    const reopened = await t.data(
      ResolveWaiverCommentDocument,
      { input: { commentId: thread.addWaiverComment.id, resolved: false } },
      { token: lead.owner.token },
    );
    expect(reopened.resolveWaiverComment).toMatchObject({ resolved: false, resolvedBy: null });
    const bySection = await t.data(WaiverCommentsDocument, { id, sectionId: sections[5].id }, { token: lead.owner.token });
    expect(bySection.waiverRequest?.comments.totalCount).toBe(1);
    const otherSection = await t.data(WaiverCommentsDocument, { id, sectionId: sections[0].id }, { token: lead.owner.token });
    expect(otherSection.waiverRequest?.comments.totalCount).toBe(0);

    await watcher.waitFor((e) => e.__typename === 'WaiverCommentResolved' && e.resolved === false);
    const commentEvents = watcher.events.filter((e) => e.__typename === 'WaiverCommentAdded' || e.__typename === 'WaiverCommentResolved');
    expect(commentEvents.map((e) => (e.__typename === 'WaiverCommentResolved' ? `resolved:${e.resolved}` : e.__typename))).toEqual([
      'WaiverCommentAdded',
      'WaiverCommentAdded',
      'WaiverCommentAdded',
      'resolved:true',
      'resolved:false',
    ]);
    expect(commentEvents[0]).toMatchObject({ clientMutationId: 'c-9', actor: { email: reviewer.email }, byViewer: false });
    watcher.stop();
  });

  it('refuses a quote not in the section, both or neither anchor, and outsiders', async () => {
    const { id, lead, sections } = await make.buildWaiver();
    const quote = await t.request(
      AddWaiverCommentDocument,
      { input: { sectionId: sections[0].id, body: 'Hmm', quote: 'not there' } },
      { token: lead.owner.token },
    );
    expect(quote.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.quote' }] });
    const neither = await t.request(AddWaiverCommentDocument, { input: { body: 'Hmm' } }, { token: lead.owner.token });
    expect(neither.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const outsider = await make.buildPerson();
    const refused = await t.request(AddWaiverCommentDocument, { input: { sectionId: sections[0].id, body: 'Hello' } }, { token: outsider.token });
    expect(refused.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(id).toBeTruthy();
  });
});

describe('Subscription lifecycle', () => {
  it('stops cleanly when the client completes, with no events after', async () => {
    const { id, lead, sections } = await make.buildWaiver();
    const client = t.ws(lead.owner.token);
    const sub = subscribe(client, id);
    sub.stop();
    await sub.ended;
    await t.data(EditWaiverSectionDocument, { input: { sectionId: sections[0].id, baseVersion: 1, body: 'x' } }, { token: lead.owner.token });
    expect(sub.events).toEqual([]);
  });
});
