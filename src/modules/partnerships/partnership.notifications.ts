/**
 * What partnerships tell people who were not looking (kinds table:
 * src/modules/notifications/notification.kinds.ts): a request reaches the
 * business's OWNERs and EDITORs; an answer, start, completion or
 * cancellation by the business reaches the district person who asked (the
 * district's editors if that person is gone); a cancellation by the
 * district reaches the business's editors.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotificationKind } from '../notifications/notification.kinds';
import { notify, type Recipients } from '../notifications/notification.service';
import type { Partnership } from './partnership.entity';
import { PartnershipStatus } from './partnership.enums';

const KIND_OF: Partial<Record<PartnershipStatus, NotificationKind>> = {
  ACCEPTED: NotificationKind.PARTNERSHIP_ANSWERED,
  DECLINED: NotificationKind.PARTNERSHIP_ANSWERED,
  ACTIVE: NotificationKind.PARTNERSHIP_STARTED,
  COMPLETED: NotificationKind.PARTNERSHIP_COMPLETED,
  CANCELLED: NotificationKind.PARTNERSHIP_CANCELLED,
};

/**
 * In the transition's transaction, after the status is set: `from` null for a
 * new request (flushed first, so the partnership its recipients read exists).
 */
export async function notifyPartnership(
  em: EntityManager,
  partnership: Partnership,
  title: string,
  from: PartnershipStatus | null,
  actingForId: string,
  actorId: string | undefined,
): Promise<void> {
  const to: Recipients[] = [];
  let detail: string | null;
  if (from === null) {
    await em.flush();
    to.push({ kind: NotificationKind.PARTNERSHIP_REQUESTED, organizationEditors: partnership.business.id });
    detail = `${partnership.studentCount} student${partnership.studentCount === 1 ? '' : 's'}${partnership.message ? `: ${partnership.message}` : ''}`;
  } else {
    const kind = KIND_OF[partnership.status as PartnershipStatus];
    if (!kind) return;
    detail = partnership.status === PartnershipStatus.ACCEPTED ? 'accepted' : partnership.status === PartnershipStatus.DECLINED ? 'declined' : null;
    if (actingForId === partnership.business.id) {
      const requester = partnership.requestedBy?.id;
      to.push(requester ? { kind, users: [requester] } : { kind, organizationEditors: partnership.district.id });
    } else if (partnership.status === PartnershipStatus.CANCELLED) {
      to.push({ kind, organizationEditors: partnership.business.id });
    }
  }
  await notify(em, { subject: { type: 'Partnership', id: partnership.id, title }, actorId, detail, to });
}
