/** What the notifications feature adds to the schema: its entities and resolvers. */
import { Notification, NotificationActivity, NotificationMail, NotificationSetting } from './notification.entity';
import { NotificationResolver, UserNotificationFieldsResolver } from './notification.resolver';

export const notificationEntities = [Notification, NotificationActivity, NotificationSetting, NotificationMail];
export const notificationResolvers = [NotificationResolver, UserNotificationFieldsResolver] as const;
