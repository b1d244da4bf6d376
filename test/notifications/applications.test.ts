/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL results are read loosely in these assertions */
/**
 * Zone application notifications: clarification asked and answered, the
 * decision, a board resolution received, and the daily due-soon / overdue
 * reminder, on the hub's manual clock. Each reaches exactly its people once;
 * the actor, an outsider and a facilitator taken off the team see nothing.
 */
import { describe, expect, it } from 'vitest';
import { Zone } from '../../src/domain/enums';
import { ManualClock } from '../../src/domain/clock';
import { runBoardResolutionReminders } from '../../src/modules/applications/application.notifications';
import { applicationWorld, Q, type Person } from '../applications/factories';
import { InboxDocument } from '../generated/graphql';
import { useTestHub } from '../helpers/hub';

const DAY = 86_400_000;
const clock = new ManualClock(new Date());
const t = useTestHub({}, { clock });

async function inbox(who: Person) {
  const { viewer } = await t.data(InboxDocument, { first: 20 }, { token: who.token });
  return { count: viewer!.unreadNotificationCount, threads: viewer!.notifications.edges.map((edge) => edge.node) };
}

/** The person's threads on this application. */
async function about(who: Person, applicationId: string) {
  return (await inbox(who)).threads.filter((thread) => thread.subjectId === applicationId);
}

async function setUp(zone = Zone.SYSTEM_DESIGN) {
  clock.set(new Date());
  const w = applicationWorld(t);
  const { team, application } = await w.submitted(zone);
  const [asker, colleague, revoked] = await Promise.all([w.facilitator(), w.facilitator(), w.facilitator()]);
  const outsider = await w.person();
  return { w, team, application, asker, colleague, revoked, outsider };
}

describe('zone application notifications', () => {
  it("tells the applicant's owners and editors of a question, and the team of the answer, once each", async () => {
    const { w, team, application, asker, colleague, revoked, outsider } = await setUp();
    const { requestApplicationClarification } = await w.call<any>(
      Q.clarify,
      { applicationId: application.id, question: 'Which schools take part?' },
      asker.token,
    );
    for (const who of [team.owner, team.editor]) {
      const threads = await about(who, application.id);
      expect(threads).toMatchObject([{ kind: 'APPLICATION_CLARIFICATION_REQUESTED', unreadCount: 1, activityCount: 1 }]);
      expect(threads[0].title).toContain('System Design Zone application');
      expect(threads[0].text).toContain('Which schools take part?');
    }
    for (const who of [team.viewer, asker, colleague, outsider]) expect(await about(who, application.id)).toEqual([]);

    await w.call(Q.answer, { clarificationId: requestApplicationClarification.id, answer: 'All four.' }, team.editor.token);
    for (const who of [asker, colleague, revoked])
      expect(await about(who, application.id)).toMatchObject([{ kind: 'APPLICATION_CLARIFICATION_ANSWERED', unreadCount: 1 }]);
    // The one who answered is not told; the owner keeps only the question.
    expect(await about(team.editor, application.id)).toMatchObject([{ kind: 'APPLICATION_CLARIFICATION_REQUESTED', unreadCount: 1 }]);
    expect(await about(team.owner, application.id)).toMatchObject([{ kind: 'APPLICATION_CLARIFICATION_REQUESTED', unreadCount: 1 }]);
    expect(await about(outsider, application.id)).toEqual([]);

    // Taken off the team: the thread is gone at read.
    await t.hub.orm.em.fork().getConnection().execute('delete from facilitation_team_members where user_id = ?', [revoked.userId]);
    expect(await about(revoked, application.id)).toEqual([]);
  });

  it('tells every member of the applicant of the decision, and the team when the board resolution arrives, not the actor', async () => {
    const { w, team, application, asker, colleague, outsider } = await setUp();
    const { decideZoneApplication } = await w.call<any>(Q.decide, { applicationId: application.id, decision: 'SELECTED' }, asker.token);
    for (const who of [team.owner, team.editor, team.viewer]) {
      const threads = await about(who, application.id);
      expect(threads).toMatchObject([{ kind: 'APPLICATION_DECIDED', unreadCount: 1 }]);
      expect(threads[0].text).toContain('selected');
    }
    for (const who of [asker, colleague, outsider]) expect(await about(who, application.id)).toEqual([]);

    const documentId = await w.upload(team.owner, 'resolution.pdf');
    await w.call(Q.submitResolution, { requirementId: decideZoneApplication.boardResolution.id, documentId }, team.owner.token);
    for (const who of [asker, colleague])
      expect(await about(who, application.id)).toMatchObject([{ kind: 'APPLICATION_BOARD_RESOLUTION_RECEIVED', unreadCount: 1 }]);
    expect(await about(team.owner, application.id)).toMatchObject([{ kind: 'APPLICATION_DECIDED', unreadCount: 1 }]);
    expect(await about(outsider, application.id)).toEqual([]);
  });

  it("reminds the district's owners and editors once 14 days before the due date and once when overdue, however often it runs", async () => {
    const { w, team, application, asker, outsider } = await setUp();
    const dueAt = new Date(clock.now().getTime() + 30 * DAY);
    await w.call<any>(Q.decide, { applicationId: application.id, decision: 'SELECTED', boardResolutionDueAt: dueAt.toISOString() }, asker.token);
    const activities = async (who: Person) => (await about(who, application.id))[0]?.activityCount ?? 0;

    // Twenty days before: nothing yet.
    await runBoardResolutionReminders(t.hub.orm.em, new Date(dueAt.getTime() - 20 * DAY));
    expect(await activities(team.owner)).toBe(1);

    // Ten days before, twice (another run the same day, or on another hub): one reminder.
    clock.set(new Date(dueAt.getTime() - 10 * DAY));
    await runBoardResolutionReminders(t.hub.orm.em, clock.now());
    await runBoardResolutionReminders(t.hub.orm.em.fork(), clock.now());
    for (const who of [team.owner, team.editor]) {
      const threads = await about(who, application.id);
      expect(threads).toMatchObject([{ kind: 'APPLICATION_BOARD_RESOLUTION_DUE', activityCount: 2, unreadCount: 2 }]);
      expect(threads[0].text).toContain(`is due on ${dueAt.toISOString().slice(0, 10)}`);
    }
    expect(await about(team.viewer, application.id)).toMatchObject([{ kind: 'APPLICATION_DECIDED', activityCount: 1 }]);
    expect(await about(outsider, application.id)).toEqual([]);

    // After the due date, twice, at once: one overdue reminder.
    clock.set(new Date(dueAt.getTime() + DAY));
    await Promise.all([runBoardResolutionReminders(t.hub.orm.em, clock.now()), runBoardResolutionReminders(t.hub.orm.em, clock.now())]);
    await runBoardResolutionReminders(t.hub.orm.em, new Date(dueAt.getTime() + 2 * DAY));
    for (const who of [team.owner, team.editor]) {
      const threads = await about(who, application.id);
      expect(threads).toMatchObject([{ kind: 'APPLICATION_BOARD_RESOLUTION_OVERDUE', activityCount: 3, unreadCount: 3 }]);
      expect(threads[0].text).toContain('is overdue');
    }
    expect(await activities(asker)).toBe(0);
  });

  it('reminds no one of a resolution already received', async () => {
    const { w, team, application, asker } = await setUp();
    const dueAt = new Date(clock.now().getTime() + 5 * DAY);
    const { decideZoneApplication } = await w.call<any>(
      Q.decide,
      { applicationId: application.id, decision: 'SELECTED', boardResolutionDueAt: dueAt.toISOString() },
      asker.token,
    );
    const documentId = await w.upload(team.owner, 'resolution.pdf');
    await w.call(Q.submitResolution, { requirementId: decideZoneApplication.boardResolution.id, documentId }, team.owner.token);
    await runBoardResolutionReminders(t.hub.orm.em, new Date(dueAt.getTime() - DAY));
    await runBoardResolutionReminders(t.hub.orm.em, new Date(dueAt.getTime() + DAY));
    for (const who of [team.owner, team.editor]) expect(await about(who, application.id)).toMatchObject([{ kind: 'APPLICATION_DECIDED', activityCount: 1 }]);
  });

  it("tells the teacher applying of a question, and the teacher and the organization's owners of the decision", async () => {
    clock.set(new Date());
    const w = applicationWorld(t);
    const ildz = await w.window(Zone.INNOVATIVE_LEARNING_DESIGN);
    const district = await w.applicant();
    const teacher = await w.person(district.organization);
    const application = await w.start(ildz, district.gid, teacher.token, true);
    await w.complete(application, teacher.token, teacher);
    await w.call(Q.submit, { applicationId: application.id }, teacher.token);
    const facilitator = await w.facilitator();
    const { requestApplicationClarification } = await w.call<any>(Q.clarify, { applicationId: application.id, question: 'Which grade?' }, facilitator.token);
    expect(await about(teacher, application.id)).toMatchObject([{ kind: 'APPLICATION_CLARIFICATION_REQUESTED', unreadCount: 1 }]);
    for (const who of [district.owner, district.editor, district.viewer]) expect(await about(who, application.id)).toEqual([]);

    await w.call(Q.answer, { clarificationId: requestApplicationClarification.id, answer: 'Grade 9.' }, teacher.token);
    expect(await about(facilitator, application.id)).toMatchObject([{ kind: 'APPLICATION_CLARIFICATION_ANSWERED', unreadCount: 1 }]);
    expect(await about(teacher, application.id)).toMatchObject([{ kind: 'APPLICATION_CLARIFICATION_REQUESTED', unreadCount: 1 }]);
    await w.call(Q.decide, { applicationId: application.id, decision: 'NOT_SELECTED' }, facilitator.token);
    expect(await about(teacher, application.id)).toMatchObject([{ kind: 'APPLICATION_DECIDED', unreadCount: 2, activityCount: 2 }]);
    expect(await about(district.owner, application.id)).toMatchObject([{ kind: 'APPLICATION_DECIDED', unreadCount: 1 }]);
    expect((await about(district.owner, application.id))[0].text).toContain('not selected');
    for (const who of [district.editor, district.viewer]) expect(await about(who, application.id)).toEqual([]);
    expect(await about(facilitator, application.id)).toMatchObject([{ kind: 'APPLICATION_CLARIFICATION_ANSWERED', activityCount: 1 }]);
  });
});
