/**
 * What waiver requests tell people who were not looking (see the kinds table
 * in src/modules/notifications/notification.kinds.ts): one call per place in
 * the services, inside their write transaction.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotificationKind } from '../notifications/notification.kinds';
import { parseMentions } from '../notifications/notification.mentions';
import { notify } from '../notifications/notification.service';
import type { WaiverComment } from './waiver-comment.entity';
import type { WaiverStatus } from './waiver.enums';
import { recordMentions } from './waiver-mention';

const subject = (id: string, title?: string) => ({ type: 'WaiverRequest' as const, id, title });

/** A new comment or reply: its mentions stored; the people and districts mentioned, then every collaborator, told. */
export async function notifyComment(em: EntityManager, comment: WaiverComment, actorId: string): Promise<void> {
  const mentions = parseMentions(comment.body, 'input.body');
  recordMentions(em, comment, mentions);
  await notify(em, {
    subject: subject(comment.waiverRequest.id),
    actorId,
    detail: comment.body,
    to: [
      { kind: NotificationKind.WAIVER_MENTION, users: mentions.userIds },
      ...mentions.organizationIds.map((organizationId) => ({ kind: NotificationKind.WAIVER_MENTION, organizationMembers: organizationId })),
      { kind: NotificationKind.WAIVER_COMMENT, waiverCollaborators: comment.waiverRequest.id },
    ],
  });
}

/** A person invited as collaborator (flushed first: the new row is what lets them read the request). */
export async function notifyCollaboratorAdded(
  em: EntityManager,
  request: { id: string; title: string },
  userId: string,
  role: string,
  actorId: string | undefined,
): Promise<void> {
  await em.flush();
  await notify(em, {
    subject: subject(request.id, request.title),
    actorId,
    detail: role.toLowerCase(),
    to: [{ kind: NotificationKind.WAIVER_COLLABORATOR_ADDED, users: [userId] }],
  });
}

export function notifyCollaboratorRemoved(
  em: EntityManager,
  request: { id: string; title: string },
  userId: string,
  actorId: string | undefined,
): Promise<void> {
  return notify(em, { subject: subject(request.id, request.title), actorId, to: [{ kind: NotificationKind.WAIVER_COLLABORATOR_REMOVED, users: [userId] }] });
}

/** Review started, submitted, decided, withdrawn: every collaborator. */
export function notifyStatusChanged(em: EntityManager, request: { id: string; title: string }, to: WaiverStatus, actorId: string | undefined): Promise<void> {
  return notify(em, {
    subject: subject(request.id, request.title),
    actorId,
    detail: to,
    to: [{ kind: NotificationKind.WAIVER_STATUS_CHANGED, waiverCollaborators: request.id }],
  });
}

/** Before an edit is applied: the owners of districts whose sign-off holds for the text as it stands now lose it with this edit. */
export function notifySignOffStale(em: EntityManager, requestId: string, actorId: string): Promise<void> {
  return notify(em, { subject: subject(requestId), actorId, to: [{ kind: NotificationKind.WAIVER_SIGN_OFF_STALE, currentSignOffOwners: requestId }] });
}
