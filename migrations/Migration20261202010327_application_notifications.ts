import { Migration } from '@mikro-orm/migrations';

export class Migration20261202010327_application_notifications extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "notification_settings" drop constraint if exists "notification_settings_kind_check";`);

    this.addSql(`alter table "notifications" drop constraint if exists "notifications_kind_check";`);

    this.addSql(`alter table "notification_activities" drop constraint if exists "notification_activities_kind_check";`);

    this.addSql(`alter table "notification_settings" add constraint "notification_settings_kind_check" check("kind" in ('PARTNERSHIP_REQUESTED', 'PARTNERSHIP_ANSWERED', 'PARTNERSHIP_STARTED', 'PARTNERSHIP_COMPLETED', 'PARTNERSHIP_CANCELLED', 'WAIVER_COLLABORATOR_ADDED', 'WAIVER_COLLABORATOR_REMOVED', 'WAIVER_COMMENT', 'WAIVER_MENTION', 'WAIVER_SIGN_OFF_STALE', 'WAIVER_STATUS_CHANGED', 'APPLICATION_CLARIFICATION_REQUESTED', 'APPLICATION_CLARIFICATION_ANSWERED', 'APPLICATION_DECIDED', 'APPLICATION_BOARD_RESOLUTION_RECEIVED', 'APPLICATION_BOARD_RESOLUTION_DUE', 'APPLICATION_BOARD_RESOLUTION_OVERDUE', 'LEARNING_MODULE_NEW_VERSION', 'LEARNING_PREREQUISITE_UNLOCKED'));`);

    this.addSql(`alter table "notifications" add constraint "notifications_kind_check" check("kind" in ('PARTNERSHIP_REQUESTED', 'PARTNERSHIP_ANSWERED', 'PARTNERSHIP_STARTED', 'PARTNERSHIP_COMPLETED', 'PARTNERSHIP_CANCELLED', 'WAIVER_COLLABORATOR_ADDED', 'WAIVER_COLLABORATOR_REMOVED', 'WAIVER_COMMENT', 'WAIVER_MENTION', 'WAIVER_SIGN_OFF_STALE', 'WAIVER_STATUS_CHANGED', 'APPLICATION_CLARIFICATION_REQUESTED', 'APPLICATION_CLARIFICATION_ANSWERED', 'APPLICATION_DECIDED', 'APPLICATION_BOARD_RESOLUTION_RECEIVED', 'APPLICATION_BOARD_RESOLUTION_DUE', 'APPLICATION_BOARD_RESOLUTION_OVERDUE', 'LEARNING_MODULE_NEW_VERSION', 'LEARNING_PREREQUISITE_UNLOCKED'));`);

    this.addSql(`alter table "notification_activities" add constraint "notification_activities_kind_check" check("kind" in ('PARTNERSHIP_REQUESTED', 'PARTNERSHIP_ANSWERED', 'PARTNERSHIP_STARTED', 'PARTNERSHIP_COMPLETED', 'PARTNERSHIP_CANCELLED', 'WAIVER_COLLABORATOR_ADDED', 'WAIVER_COLLABORATOR_REMOVED', 'WAIVER_COMMENT', 'WAIVER_MENTION', 'WAIVER_SIGN_OFF_STALE', 'WAIVER_STATUS_CHANGED', 'APPLICATION_CLARIFICATION_REQUESTED', 'APPLICATION_CLARIFICATION_ANSWERED', 'APPLICATION_DECIDED', 'APPLICATION_BOARD_RESOLUTION_RECEIVED', 'APPLICATION_BOARD_RESOLUTION_DUE', 'APPLICATION_BOARD_RESOLUTION_OVERDUE', 'LEARNING_MODULE_NEW_VERSION', 'LEARNING_PREREQUISITE_UNLOCKED'));`);

    this.addSql(`alter table "board_resolution_requirements" add column "due_soon_notified_at" timestamptz null, add column "overdue_notified_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "notification_activities" drop constraint if exists "notification_activities_kind_check";`);

    this.addSql(`alter table "notification_settings" drop constraint if exists "notification_settings_kind_check";`);

    this.addSql(`alter table "notifications" drop constraint if exists "notifications_kind_check";`);

    this.addSql(`alter table "board_resolution_requirements" drop column "due_soon_notified_at", drop column "overdue_notified_at";`);

    this.addSql(`alter table "notification_activities" add constraint "notification_activities_kind_check" check("kind" in ('PARTNERSHIP_REQUESTED', 'PARTNERSHIP_ANSWERED', 'PARTNERSHIP_STARTED', 'PARTNERSHIP_COMPLETED', 'PARTNERSHIP_CANCELLED', 'WAIVER_COLLABORATOR_ADDED', 'WAIVER_COLLABORATOR_REMOVED', 'WAIVER_COMMENT', 'WAIVER_MENTION', 'WAIVER_SIGN_OFF_STALE', 'WAIVER_STATUS_CHANGED', 'APPLICATION_CLARIFICATION_REQUESTED', 'APPLICATION_CLARIFICATION_ANSWERED', 'APPLICATION_DECIDED', 'APPLICATION_BOARD_RESOLUTION_DUE', 'APPLICATION_BOARD_RESOLUTION_OVERDUE', 'LEARNING_MODULE_NEW_VERSION'));`);

    this.addSql(`alter table "notification_settings" add constraint "notification_settings_kind_check" check("kind" in ('PARTNERSHIP_REQUESTED', 'PARTNERSHIP_ANSWERED', 'PARTNERSHIP_STARTED', 'PARTNERSHIP_COMPLETED', 'PARTNERSHIP_CANCELLED', 'WAIVER_COLLABORATOR_ADDED', 'WAIVER_COLLABORATOR_REMOVED', 'WAIVER_COMMENT', 'WAIVER_MENTION', 'WAIVER_SIGN_OFF_STALE', 'WAIVER_STATUS_CHANGED', 'APPLICATION_CLARIFICATION_REQUESTED', 'APPLICATION_CLARIFICATION_ANSWERED', 'APPLICATION_DECIDED', 'APPLICATION_BOARD_RESOLUTION_DUE', 'APPLICATION_BOARD_RESOLUTION_OVERDUE', 'LEARNING_MODULE_NEW_VERSION'));`);

    this.addSql(`alter table "notifications" add constraint "notifications_kind_check" check("kind" in ('PARTNERSHIP_REQUESTED', 'PARTNERSHIP_ANSWERED', 'PARTNERSHIP_STARTED', 'PARTNERSHIP_COMPLETED', 'PARTNERSHIP_CANCELLED', 'WAIVER_COLLABORATOR_ADDED', 'WAIVER_COLLABORATOR_REMOVED', 'WAIVER_COMMENT', 'WAIVER_MENTION', 'WAIVER_SIGN_OFF_STALE', 'WAIVER_STATUS_CHANGED', 'APPLICATION_CLARIFICATION_REQUESTED', 'APPLICATION_CLARIFICATION_ANSWERED', 'APPLICATION_DECIDED', 'APPLICATION_BOARD_RESOLUTION_DUE', 'APPLICATION_BOARD_RESOLUTION_OVERDUE', 'LEARNING_MODULE_NEW_VERSION'));`);
  }

}
