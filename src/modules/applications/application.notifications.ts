/**
 * What zone applications tell people who were not looking (see the kinds
 * table in src/modules/notifications/notification.kinds.ts): the subject's
 * read rule and title, the audiences, one call per place in the services
 * (inside their write transaction), and the daily board resolution reminder.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { jobTransaction } from '../../db/job-transaction';
import { selectRows } from '../../db/select';
import { NotificationKind } from '../notifications/notification.kinds';
import { registerReminder } from '../notifications/notification.queue';
import { notify } from '../notifications/notification.service';
import { registerAudience, registerNotificationSubject, registerSubjectTitle } from '../notifications/notification.subjects';
import { ZONE_NAMES } from './application.content';

/**
 * Mirrors 'zoneApplication.read' in src/auth/policy/: the applicant's members
 * (for a teacher's application, the teacher and the organization's OWNERs)
 * and, once submitted, the facilitation team.
 */
registerNotificationSubject(
  'ZoneApplication',
  `exists (select 1 from zone_applications za where za.id = n.subject_id and (
     (za.teacher_id is null and exists (select 1 from memberships m where m.organization_id = za.applicant_id and m.user_id = n.recipient_id))
     or (za.teacher_id is not null and (za.teacher_id = n.recipient_id
         or exists (select 1 from memberships m where m.organization_id = za.applicant_id and m.user_id = n.recipient_id and m.role = 'OWNER')))
     or (za.submitted_at is not null and exists (select 1 from facilitation_team_members f where f.user_id = n.recipient_id))))`,
);

registerSubjectTitle(
  'ZoneApplication',
  `select o.name || ': ' || case za.zone ${Object.entries(ZONE_NAMES)
    .map(([zone, name]) => `when '${zone}' then '${name}'`)
    .join(' ')} else za.zone::text end || ' application ' || za.school_year
     from zone_applications za join organizations o on o.id = za.applicant_id where za.id = ?`,
);

/** Who drafts and answers for an application ('zoneApplication.draft'): the teacher applying, else the applicant's OWNERs and EDITORs. */
registerAudience(
  'applicationDrafters',
  `select u.user_id from zone_applications za cross join lateral (
     select m.user_id from memberships m where za.teacher_id is null and m.organization_id = za.applicant_id and m.role in ('OWNER', 'EDITOR')
     union all select za.teacher_id where za.teacher_id is not null) u
    where za.id = ?`,
);
/** The applicant's side of the read rule: its members, or the teacher and the organization's OWNERs. */
registerAudience(
  'applicationMembers',
  `select u.user_id from zone_applications za cross join lateral (
     select m.user_id from memberships m where m.organization_id = za.applicant_id and (za.teacher_id is null or m.role = 'OWNER')
     union select za.teacher_id where za.teacher_id is not null) u
    where za.id = ?`,
);
/** Everyone on the facilitation team (the id given is the application's, unused: there is one team). */
registerAudience('facilitationTeam', `select f.user_id from facilitation_team_members f where ?::uuid is not null`);

const subject = (id: string) => ({ type: 'ZoneApplication' as const, id });

export function notifyClarificationRequested(em: EntityManager, applicationId: string, question: string, actorId: string): Promise<void> {
  return notify(em, {
    subject: subject(applicationId),
    actorId,
    detail: question,
    to: [{ kind: NotificationKind.APPLICATION_CLARIFICATION_REQUESTED, applicationDrafters: applicationId }],
  });
}

export function notifyClarificationAnswered(em: EntityManager, applicationId: string, actorId: string): Promise<void> {
  return notify(em, {
    subject: subject(applicationId),
    actorId,
    to: [{ kind: NotificationKind.APPLICATION_CLARIFICATION_ANSWERED, facilitationTeam: applicationId }],
  });
}

export function notifyDecided(em: EntityManager, applicationId: string, decision: string, actorId: string): Promise<void> {
  return notify(em, {
    subject: subject(applicationId),
    actorId,
    detail: decision.toLowerCase().replace('_', ' '),
    to: [{ kind: NotificationKind.APPLICATION_DECIDED, applicationMembers: applicationId }],
  });
}

export function notifyBoardResolutionReceived(em: EntityManager, applicationId: string, actorId: string): Promise<void> {
  return notify(em, {
    subject: subject(applicationId),
    actorId,
    to: [{ kind: NotificationKind.APPLICATION_BOARD_RESOLUTION_RECEIVED, facilitationTeam: applicationId }],
  });
}

const DAY = 86_400_000;
/** How long before its due date a district is reminded of an outstanding board resolution. */
export const BOARD_RESOLUTION_REMINDER_DAYS = 14;

/**
 * One reminder run at `now`: every OUTSTANDING requirement due within 14 days
 * whose district was not yet told, then every one past due not yet told it is
 * overdue. The marker is set in the statement that picks the rows (a second
 * run, on any hub, waits for the first's row locks and then finds none), and
 * the notifications commit with it.
 */
export function runBoardResolutionReminders(root: EntityManager, now: Date): Promise<number> {
  return jobTransaction(root, async (em) => {
    const soon = await selectRows<{ application_id: string; organization_id: string; due_at: Date }>(
      em,
      `update board_resolution_requirements r set due_soon_notified_at = ?, updated_at = now()
        where r.status = 'OUTSTANDING' and r.due_soon_notified_at is null and r.overdue_notified_at is null
          and r.due_at > ? and r.due_at <= ?
        returning r.application_id, r.organization_id, r.due_at`,
      [now, now, new Date(now.getTime() + BOARD_RESOLUTION_REMINDER_DAYS * DAY)],
    );
    const overdue = await selectRows<{ application_id: string; organization_id: string; due_at: Date }>(
      em,
      `update board_resolution_requirements r set overdue_notified_at = ?, updated_at = now()
        where r.status = 'OUTSTANDING' and r.overdue_notified_at is null and r.due_at <= ?
        returning r.application_id, r.organization_id, r.due_at`,
      [now, now],
    );
    for (const row of soon)
      await notify(em, {
        subject: subject(row.application_id),
        actorId: null,
        detail: `on ${new Date(row.due_at).toISOString().slice(0, 10)}`,
        to: [{ kind: NotificationKind.APPLICATION_BOARD_RESOLUTION_DUE, organizationEditors: row.organization_id }],
      });
    for (const row of overdue)
      await notify(em, {
        subject: subject(row.application_id),
        actorId: null,
        to: [{ kind: NotificationKind.APPLICATION_BOARD_RESOLUTION_OVERDUE, organizationEditors: row.organization_id }],
      });
    return soon.length + overdue.length;
  });
}

registerReminder({
  name: 'notification-reminder-board-resolution',
  cron: '0 7 * * *',
  run: async (em, now) => {
    await runBoardResolutionReminders(em, now);
  },
});
