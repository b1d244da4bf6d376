/** Notification events for the recipient's open tabs: which thread changed (or that some were read). */
import { topic } from '../../realtime/topics';

export interface NotificationEventPayload {
  /** The recipient (the channel's key). */
  userId: string;
  /** The thread that got new activity, or was read; null when many were read at once. */
  notificationId: string | null;
  type: 'NEW_ACTIVITY' | 'READ';
}

/** One channel per person: `notification-events:<user uuid>`. */
export const notificationEventsTopic = topic<NotificationEventPayload>('notification-events');
