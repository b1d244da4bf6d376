import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/domain/global-id';
import { MemberRole } from '../../src/domain/enums';
import {
  AddWaiverCommentDocument,
  EditWaiverSectionDocument,
  InboxDocument,
  InviteWaiverCollaboratorDocument,
  MarkAllNotificationsReadDocument,
  MarkNotificationReadDocument,
  RemoveWaiverCollaboratorDocument,
  SetNotificationSettingsDocument,
  SignOffWaiverRequestDocument,
  StartWaiverReviewDocument,
  WaiverMentionCandidatesDocument,
  WaiverTextStateDocument,
} from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { waiverFactories, type Person } from '../waivers/factories';

const t = useTestHub();

async function inbox(person: Person) {
  const { viewer } = await t.data(InboxDocument, { first: 50 }, { token: person.token });
  return { count: viewer!.unreadNotificationCount, threads: viewer!.notifications.edges.map((edge) => edge.node), total: viewer!.notifications.totalCount };
}

/** A request with its lead, and `authors` invited as AUTHORs. */
async function draftWith(authors: number) {
  const make = waiverFactories(t);
  const waiver = await make.buildWaiver();
  const people: Person[] = [];
  for (let i = 0; i < authors; i++) {
    const person = await make.buildPerson();
    await t.data(
      InviteWaiverCollaboratorDocument,
      { input: { waiverRequestId: waiver.id, email: person.email, role: 'AUTHOR' } },
      { token: waiver.lead.owner.token },
    );
    people.push(person);
  }
  return { ...waiver, make, people };
}

function comment(sectionId: string, body: string, person: Person) {
  return t.data(AddWaiverCommentDocument, { input: { sectionId, body } }, { token: person.token });
}

describe('waiver request notifications', () => {
  it('tells an invited collaborator once, and the lead who invited nobody', async () => {
    const {
      people: [author],
      lead,
      id,
    } = await draftWith(1);
    const told = await inbox(author);
    expect(told.count).toBe(1);
    expect(told.threads).toHaveLength(1);
    expect(told.threads[0]).toMatchObject({ kind: 'WAIVER_COLLABORATOR_ADDED', subjectId: id, unreadCount: 1, actors: [{ id: lead.owner.id }] });
    expect(told.threads[0].text).toContain('added you as author');
    expect((await inbox(lead.owner)).count).toBe(0);
  });

  it('tells every collaborator but the author of a comment, in one thread per request', async () => {
    const {
      people: [a, b],
      lead,
      sections,
      id,
    } = await draftWith(2);
    await comment(sections[0].id, 'Should we cite MSIP 6 here?', a);
    const leadInbox = await inbox(lead.owner);
    expect(leadInbox.threads).toMatchObject([{ kind: 'WAIVER_COMMENT', subjectId: id, unreadCount: 1 }]);
    expect(leadInbox.threads[0].text).toContain('Should we cite MSIP 6 here?');
    // b's thread holds the invitation and the comment: one notification, two unread activities.
    expect((await inbox(b)).threads).toMatchObject([{ kind: 'WAIVER_COMMENT', unreadCount: 2, activityCount: 2 }]);
    expect((await inbox(a)).threads).toMatchObject([{ kind: 'WAIVER_COLLABORATOR_ADDED', unreadCount: 1 }]);
  });

  it('tells a removed collaborator they were removed, and nothing after', async () => {
    const {
      people: [a, b],
      lead,
      sections,
      id,
    } = await draftWith(2);
    await t.data(MarkAllNotificationsReadDocument, { before: new Date().toISOString() }, { token: b.token });
    await t.data(RemoveWaiverCollaboratorDocument, { input: { waiverRequestId: id, userId: b.id } }, { token: lead.owner.token });
    await comment(sections[0].id, 'After b left.', a);
    const told = await inbox(b);
    expect(told.threads).toMatchObject([{ kind: 'WAIVER_COLLABORATOR_REMOVED', unreadCount: 1 }]);
    expect(told.count).toBe(1);
  });

  it('hides a thread whose request its recipient can no longer read', async () => {
    const {
      people: [a],
      lead,
      sections,
      id,
    } = await draftWith(1);
    await comment(sections[0].id, 'One.', lead.owner);
    expect((await inbox(a)).count).toBe(1);
    // Removing shows the removal; a later comment to a thread a removed reader cannot see never resurfaces as a comment.
    await t.data(RemoveWaiverCollaboratorDocument, { input: { waiverRequestId: id, userId: a.id } }, { token: lead.owner.token });
    const after = await inbox(a);
    expect(after.threads.map((thread) => thread.kind)).toEqual(['WAIVER_COLLABORATOR_REMOVED']);
  });

  it('tells people and districts @mentioned once, with the mention rendered as a name, and autocompletes from the request', async () => {
    const {
      people: [a],
      make,
      lead,
      sections,
      id,
    } = await draftWith(1);
    const colleague = await make.buildPerson(lead.organization, MemberRole.VIEWER);
    const { waiverMentionCandidates } = await t.data(
      WaiverMentionCandidatesDocument,
      { waiverRequestId: id, search: a.user.displayName.slice(0, 4) },
      { token: lead.owner.token },
    );
    const candidate = waiverMentionCandidates.find((c) => c.id === a.id)!;
    expect(candidate).toMatchObject({ kind: 'USER', token: `@[${a.id}]` });
    const all = await t.data(WaiverMentionCandidatesDocument, { waiverRequestId: id }, { token: lead.owner.token });
    expect(all.waiverMentionCandidates.map((c) => c.id)).toEqual(expect.arrayContaining([a.id, lead.owner.id, lead.id]));

    await comment(sections[0].id, `${candidate.token} and @[${lead.id}]: please check the numbers`, lead.owner);
    const mentioned = await inbox(a);
    expect(mentioned.threads).toMatchObject([{ kind: 'WAIVER_MENTION', unreadCount: 2 }]);
    expect(mentioned.threads[0].text).toContain(`@${a.user.displayName} and @${lead.organization.name}`);
    // The district's other member is told through the district; the lead (the actor, a member too) is not.
    expect((await inbox(colleague)).threads).toMatchObject([{ kind: 'WAIVER_MENTION', unreadCount: 1 }]);
    expect((await inbox(lead.owner)).count).toBe(0);
  });

  it('tells the owners of a district whose sign-off an edit made stale, once', async () => {
    const { lead, sections, id } = await draftWith(0);
    const token = lead.owner.token;
    await t.data(StartWaiverReviewDocument, { input: { waiverRequestId: id } }, { token });
    const { waiverRequest } = await t.data(WaiverTextStateDocument, { id }, { token });
    await t.data(SignOffWaiverRequestDocument, { input: { waiverRequestId: id, districtId: lead.id, textDigest: waiverRequest!.textDigest } }, { token });
    const other = await waiverFactories(t).buildPerson();
    await t.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId: id, email: other.email, role: 'AUTHOR' } }, { token });
    await t.data(
      EditWaiverSectionDocument,
      { input: { sectionId: sections[0].id, baseVersion: 1, body: 'Edited after the sign-off.' } },
      { token: other.token },
    );
    await t.data(EditWaiverSectionDocument, { input: { sectionId: sections[0].id, baseVersion: 2, body: 'Edited again.' } }, { token: other.token });
    const told = await inbox(lead.owner);
    expect(told.threads).toMatchObject([{ kind: 'WAIVER_SIGN_OFF_STALE', unreadCount: 1 }]);
  });

  it('tells collaborators of status changes, not the lead who moved it', async () => {
    const {
      people: [a],
      lead,
      id,
    } = await draftWith(1);
    await t.data(StartWaiverReviewDocument, { input: { waiverRequestId: id } }, { token: lead.owner.token });
    expect((await inbox(a)).threads).toMatchObject([{ kind: 'WAIVER_STATUS_CHANGED', unreadCount: 2 }]);
    expect((await inbox(a)).threads[0].text).toContain('IN_REVIEW');
    expect((await inbox(lead.owner)).count).toBe(0);
  });

  it('counts exactly under 20 concurrent comments on one thread', async () => {
    const { people, lead, sections } = await draftWith(20);
    await Promise.all(people.map((person, i) => comment(sections[0].id, `Comment ${i}`, person)));
    const leadInbox = await inbox(lead.owner);
    expect(leadInbox.threads).toHaveLength(1);
    expect(leadInbox.threads[0]).toMatchObject({ unreadCount: 20, activityCount: 20 });
    expect(leadInbox.threads[0].actors).toHaveLength(5);
    for (const person of people) {
      const own = await inbox(person);
      // Their invitation and the 19 others' comments.
      expect(own.threads).toHaveLength(1);
      expect(own.threads[0]).toMatchObject({ unreadCount: 20, activityCount: 20 });
    }
  });

  it('creates notifications in one statement whatever the number of collaborators', async () => {
    const counts: number[] = [];
    for (const size of [2, 20]) {
      const { people, sections } = await draftWith(size);
      t.resetStatements();
      await comment(sections[0].id, 'Counting statements.', people[0]);
      counts.push(t.statements.length);
      expect(t.statements.filter((sql) => sql.includes('with named as'))).toHaveLength(1);
    }
    expect(counts[1]).toBe(counts[0]);
  });

  it('marks read, pages, and respects an in-app setting turned off', async () => {
    const {
      people: [a],
      lead,
      sections,
    } = await draftWith(1);
    const [thread] = (await inbox(a)).threads;
    const { markNotificationRead } = await t.data(MarkNotificationReadDocument, { id: thread.id }, { token: a.token });
    expect(markNotificationRead).toMatchObject({ unread: false, unreadCount: 0 });
    expect((await inbox(a)).count).toBe(0);
    const refused = await t.request(MarkNotificationReadDocument, { id: thread.id }, { token: lead.owner.token });
    expect(refused.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    await t.data(SetNotificationSettingsDocument, { input: { settings: [{ kind: 'WAIVER_COMMENT', inApp: false, email: 'NONE' }] } }, { token: a.token });
    await comment(sections[0].id, 'Not for a.', lead.owner);
    expect((await inbox(a)).count).toBe(0);
    expect(toGlobalId('Notification', thread.id)).toBeTruthy();
  });
});
