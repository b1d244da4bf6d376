/**
 * The one table of notification kinds: what happened, on which kind of
 * subject (the thread it groups into), who is told (documentation; the
 * feature's `notify` call names the recipients), the sentence it renders,
 * and the default delivery. The README's table is this one.
 */
import { registerEnumType } from 'type-graphql';

export enum NotificationKind {
  PARTNERSHIP_REQUESTED = 'PARTNERSHIP_REQUESTED',
  PARTNERSHIP_ANSWERED = 'PARTNERSHIP_ANSWERED',
  PARTNERSHIP_STARTED = 'PARTNERSHIP_STARTED',
  PARTNERSHIP_COMPLETED = 'PARTNERSHIP_COMPLETED',
  PARTNERSHIP_CANCELLED = 'PARTNERSHIP_CANCELLED',
  WAIVER_COLLABORATOR_ADDED = 'WAIVER_COLLABORATOR_ADDED',
  WAIVER_COLLABORATOR_REMOVED = 'WAIVER_COLLABORATOR_REMOVED',
  WAIVER_COMMENT = 'WAIVER_COMMENT',
  WAIVER_MENTION = 'WAIVER_MENTION',
  WAIVER_SIGN_OFF_STALE = 'WAIVER_SIGN_OFF_STALE',
  WAIVER_STATUS_CHANGED = 'WAIVER_STATUS_CHANGED',
  APPLICATION_CLARIFICATION_REQUESTED = 'APPLICATION_CLARIFICATION_REQUESTED',
  APPLICATION_CLARIFICATION_ANSWERED = 'APPLICATION_CLARIFICATION_ANSWERED',
  APPLICATION_DECIDED = 'APPLICATION_DECIDED',
  APPLICATION_BOARD_RESOLUTION_RECEIVED = 'APPLICATION_BOARD_RESOLUTION_RECEIVED',
  APPLICATION_BOARD_RESOLUTION_DUE = 'APPLICATION_BOARD_RESOLUTION_DUE',
  APPLICATION_BOARD_RESOLUTION_OVERDUE = 'APPLICATION_BOARD_RESOLUTION_OVERDUE',
  LEARNING_MODULE_NEW_VERSION = 'LEARNING_MODULE_NEW_VERSION',
  LEARNING_PREREQUISITE_UNLOCKED = 'LEARNING_PREREQUISITE_UNLOCKED',
}
registerEnumType(NotificationKind, { name: 'NotificationKind', description: 'What a notification tells; see the kinds table in the README' });

/** How (and whether) a kind reaches someone by email. */
export enum EmailDelivery {
  NONE = 'NONE',
  IMMEDIATE = 'IMMEDIATE',
  DAILY_DIGEST = 'DAILY_DIGEST',
  WEEKLY_DIGEST = 'WEEKLY_DIGEST',
}
registerEnumType(EmailDelivery, {
  name: 'EmailDelivery',
  description: 'Email for a kind of notification: none, one mail per event, or a daily or weekly digest',
});

/** The node types notifications group by: one thread per (recipient, subject). */
export type SubjectType = 'WaiverRequest' | 'Partnership' | 'ZoneApplication' | 'LearningModule';

export interface KindSpec {
  subject: SubjectType;
  /** Who is told (the feature's notify call decides; this is the documentation). */
  recipients: string;
  /** The sentence after the actor's name ("Ada commented on …"); `{title}` is the subject's title, `{detail}` the event's. */
  sentence: string;
  /** For a mail's subject line. */
  headline: string;
  inApp: boolean;
  email: EmailDelivery;
  /** Shown even when the recipient can no longer read the subject (it tells them exactly that). */
  outlivesAccess?: boolean;
}

const { IMMEDIATE, DAILY_DIGEST } = EmailDelivery;

/** Every kind. A recipient named by two kinds in one event gets the first in this order. */
export const NOTIFICATION_KINDS: Record<NotificationKind, KindSpec> = {
  WAIVER_MENTION: {
    subject: 'WaiverRequest',
    recipients: 'people @mentioned in a comment, and the members of a district @mentioned',
    sentence: 'mentioned you in a comment on “{title}”: {detail}',
    headline: 'You were mentioned',
    inApp: true,
    email: IMMEDIATE,
  },
  WAIVER_COMMENT: {
    subject: 'WaiverRequest',
    recipients: "the request's collaborators, on a new comment or reply",
    sentence: 'commented on “{title}”: {detail}',
    headline: 'New comment',
    inApp: true,
    email: DAILY_DIGEST,
  },
  WAIVER_COLLABORATOR_ADDED: {
    subject: 'WaiverRequest',
    recipients: 'the person invited as collaborator',
    sentence: 'added you as {detail} on “{title}”',
    headline: 'You were added to a waiver request',
    inApp: true,
    email: IMMEDIATE,
  },
  WAIVER_COLLABORATOR_REMOVED: {
    subject: 'WaiverRequest',
    recipients: 'the collaborator removed',
    sentence: 'removed you from “{title}”',
    headline: 'You were removed from a waiver request',
    inApp: true,
    email: DAILY_DIGEST,
    outlivesAccess: true,
  },
  WAIVER_SIGN_OFF_STALE: {
    subject: 'WaiverRequest',
    recipients: 'the OWNERs of each district whose sign-off an edit made stale',
    sentence: 'edited “{title}”: your district\u2019s sign-off is out of date',
    headline: 'Your sign-off needs renewing',
    inApp: true,
    email: IMMEDIATE,
  },
  WAIVER_STATUS_CHANGED: {
    subject: 'WaiverRequest',
    recipients: "the request's collaborators (review started, submitted, decided, withdrawn)",
    sentence: 'moved “{title}” to {detail}',
    headline: 'Waiver request status changed',
    inApp: true,
    email: DAILY_DIGEST,
  },
  PARTNERSHIP_REQUESTED: {
    subject: 'Partnership',
    recipients: "the business's OWNERs and EDITORs",
    sentence: 'requested seats in “{title}”: {detail}',
    headline: 'A district requested seats',
    inApp: true,
    email: IMMEDIATE,
  },
  PARTNERSHIP_ANSWERED: {
    subject: 'Partnership',
    recipients: 'the district person who requested it',
    sentence: '{detail} your request for “{title}”',
    headline: 'Your partnership request was answered',
    inApp: true,
    email: IMMEDIATE,
  },
  PARTNERSHIP_STARTED: {
    subject: 'Partnership',
    recipients: 'the district person who requested it, when the business starts it',
    sentence: 'started “{title}”',
    headline: 'A partnership started',
    inApp: true,
    email: DAILY_DIGEST,
  },
  PARTNERSHIP_COMPLETED: {
    subject: 'Partnership',
    recipients: 'the district person who requested it, when the business completes it',
    sentence: 'completed “{title}”',
    headline: 'A partnership was completed',
    inApp: true,
    email: DAILY_DIGEST,
  },
  PARTNERSHIP_CANCELLED: {
    subject: 'Partnership',
    recipients: 'the district person who requested it, when the business cancels it',
    sentence: 'cancelled “{title}”',
    headline: 'A partnership was cancelled',
    inApp: true,
    email: IMMEDIATE,
  },
  APPLICATION_CLARIFICATION_REQUESTED: {
    subject: 'ZoneApplication',
    recipients: "the applicant organization's OWNERs and EDITORs (the teacher, for a teacher's application)",
    sentence: 'asked for clarification on “{title}”: {detail}',
    headline: 'Clarification requested on your application',
    inApp: true,
    email: IMMEDIATE,
  },
  APPLICATION_CLARIFICATION_ANSWERED: {
    subject: 'ZoneApplication',
    recipients: 'the facilitation team',
    sentence: 'answered your question on “{title}”',
    headline: 'Clarification answered',
    inApp: true,
    email: IMMEDIATE,
  },
  APPLICATION_DECIDED: {
    subject: 'ZoneApplication',
    recipients: "the applicant's members (for a teacher's application: the teacher and the organization's OWNERs)",
    sentence: 'decided “{title}”: {detail}',
    headline: 'Your zone application was decided',
    inApp: true,
    email: IMMEDIATE,
  },
  APPLICATION_BOARD_RESOLUTION_RECEIVED: {
    subject: 'ZoneApplication',
    recipients: 'the facilitation team, when the district attaches its board resolution',
    sentence: 'submitted the board resolution for “{title}”',
    headline: 'Board resolution received',
    inApp: true,
    email: DAILY_DIGEST,
  },
  APPLICATION_BOARD_RESOLUTION_DUE: {
    subject: 'ZoneApplication',
    recipients: "the selected district's OWNERs and EDITORs (once, within 14 days of the due date, while outstanding)",
    sentence: 'The board resolution for “{title}” is due {detail}',
    headline: 'Board resolution due in 14 days',
    inApp: true,
    email: IMMEDIATE,
  },
  APPLICATION_BOARD_RESOLUTION_OVERDUE: {
    subject: 'ZoneApplication',
    recipients: "the selected district's OWNERs and EDITORs (once, after the due date, while outstanding)",
    sentence: 'The board resolution for “{title}” is overdue',
    headline: 'Board resolution overdue',
    inApp: true,
    email: IMMEDIATE,
  },
  LEARNING_MODULE_NEW_VERSION: {
    subject: 'LearningModule',
    recipients: 'people with the module in their learning plan',
    sentence: 'published version {detail} of “{title}”',
    headline: 'A module in your plan has a new version',
    inApp: true,
    email: DAILY_DIGEST,
  },
  LEARNING_PREREQUISITE_UNLOCKED: {
    subject: 'LearningModule',
    recipients: 'the person who completed a prerequisite of a published module not in their plan, once its prerequisites are all complete',
    sentence: 'Completing “{detail}” unlocked “{title}”, recommended for you',
    headline: 'A module is recommended for you',
    inApp: true,
    email: DAILY_DIGEST,
  },
};

export const KIND_ORDER: readonly NotificationKind[] = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

/** A kind's sentence with its title and detail filled in (the actor's name goes before it unless the sentence starts with a capital). */
export function sentenceOf(kind: NotificationKind, title: string, detail: string | null, actorName: string | null): string {
  const text = NOTIFICATION_KINDS[kind].sentence.replace('{title}', title).replace('{detail}', detail ?? '');
  if (/^[A-Z]/.test(text)) return text;
  return `${actorName ?? 'Someone'} ${text}`;
}
