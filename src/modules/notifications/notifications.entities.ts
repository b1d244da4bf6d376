/** The notifications feature's tables, for the ORM (`src/entities.ts`) and `notifications.module.ts`. */
import { Notification, NotificationActivity, NotificationMail, NotificationSetting } from './notification.entity';

export const notificationsEntities = [Notification, NotificationActivity, NotificationSetting, NotificationMail];
