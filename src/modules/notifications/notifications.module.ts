/** Notifications: each person's inbox (one thread per subject), settings per kind, email through the job queue, live unread counts. */
import type { FeatureModule } from '../../graphql/feature-module';
// Registers the mail jobs' work with the queue (notification.queue.ts imports nothing from it).
import './notification.digest';
import { NotificationResolver, UserNotificationFieldsResolver } from './notification.resolver';
import { notificationsEntities } from './notifications.entities';

export const notificationsModule: FeatureModule = {
  name: 'notifications',
  entities: notificationsEntities,
  resolvers: [NotificationResolver, UserNotificationFieldsResolver],
  policyRules: ['notification.read'],
};
