import { Migration } from '@mikro-orm/migrations';

export class Migration20261201234108_notifications extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "notification_settings" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "kind" text check ("kind" in ('PARTNERSHIP_REQUESTED', 'PARTNERSHIP_ANSWERED', 'PARTNERSHIP_STARTED', 'PARTNERSHIP_COMPLETED', 'PARTNERSHIP_CANCELLED', 'WAIVER_COLLABORATOR_ADDED', 'WAIVER_COLLABORATOR_REMOVED', 'WAIVER_COMMENT', 'WAIVER_MENTION', 'WAIVER_SIGN_OFF_STALE', 'WAIVER_STATUS_CHANGED', 'APPLICATION_CLARIFICATION_REQUESTED', 'APPLICATION_CLARIFICATION_ANSWERED', 'APPLICATION_DECIDED', 'APPLICATION_BOARD_RESOLUTION_DUE', 'APPLICATION_BOARD_RESOLUTION_OVERDUE', 'LEARNING_MODULE_NEW_VERSION')) not null, "in_app" boolean not null, "email" text check ("email" in ('NONE', 'IMMEDIATE', 'DAILY_DIGEST', 'WEEKLY_DIGEST')) not null, constraint "notification_settings_pkey" primary key ("id"));`);
    this.addSql(`alter table "notification_settings" add constraint "notification_settings_user_kind_key" unique ("user_id", "kind");`);

    this.addSql(`create table "notification_mails" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "idempotency_key" text not null, "user_id" uuid null, "to_address" text not null, "subject" text not null, "text" text not null, "html" text not null, "headers" jsonb not null, "sent_at" timestamptz null, "transport" text null, constraint "notification_mails_pkey" primary key ("id"));`);
    this.addSql(`alter table "notification_mails" add constraint "notification_mails_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(`create index "notification_mails_created_idx" on "notification_mails" ("created_at");`);

    this.addSql(`create table "notifications" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "recipient_id" uuid not null, "subject_type" text not null, "subject_id" uuid not null, "kind" text check ("kind" in ('PARTNERSHIP_REQUESTED', 'PARTNERSHIP_ANSWERED', 'PARTNERSHIP_STARTED', 'PARTNERSHIP_COMPLETED', 'PARTNERSHIP_CANCELLED', 'WAIVER_COLLABORATOR_ADDED', 'WAIVER_COLLABORATOR_REMOVED', 'WAIVER_COMMENT', 'WAIVER_MENTION', 'WAIVER_SIGN_OFF_STALE', 'WAIVER_STATUS_CHANGED', 'APPLICATION_CLARIFICATION_REQUESTED', 'APPLICATION_CLARIFICATION_ANSWERED', 'APPLICATION_DECIDED', 'APPLICATION_BOARD_RESOLUTION_DUE', 'APPLICATION_BOARD_RESOLUTION_OVERDUE', 'LEARNING_MODULE_NEW_VERSION')) not null, "title" text not null, "detail" text null, "actor_ids" text[] not null default '{}', "unread_count" int not null default 0, "activity_count" int not null default 0, "latest_at" timestamptz null, "read_at" timestamptz null, constraint "notifications_pkey" primary key ("id"));`);
    this.addSql(`create index "notifications_unread_idx" on "notifications" ("recipient_id") where "unread_count" > 0;`);
    this.addSql(`create index "notifications_recipient_latest_idx" on "notifications" ("recipient_id", "latest_at" desc, "id" desc) where "latest_at" is not null;`);
    this.addSql(`alter table "notifications" add constraint "notifications_thread_key" unique ("recipient_id", "subject_type", "subject_id");`);

    this.addSql(`create table "notification_activities" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "notification_id" uuid not null, "kind" text check ("kind" in ('PARTNERSHIP_REQUESTED', 'PARTNERSHIP_ANSWERED', 'PARTNERSHIP_STARTED', 'PARTNERSHIP_COMPLETED', 'PARTNERSHIP_CANCELLED', 'WAIVER_COLLABORATOR_ADDED', 'WAIVER_COLLABORATOR_REMOVED', 'WAIVER_COMMENT', 'WAIVER_MENTION', 'WAIVER_SIGN_OFF_STALE', 'WAIVER_STATUS_CHANGED', 'APPLICATION_CLARIFICATION_REQUESTED', 'APPLICATION_CLARIFICATION_ANSWERED', 'APPLICATION_DECIDED', 'APPLICATION_BOARD_RESOLUTION_DUE', 'APPLICATION_BOARD_RESOLUTION_OVERDUE', 'LEARNING_MODULE_NEW_VERSION')) not null, "actor_id" uuid null, "title" text not null, "detail" text null, "at" timestamptz not null default now(), "in_app" boolean not null default true, "email" text check ("email" in ('NONE', 'IMMEDIATE', 'DAILY_DIGEST', 'WEEKLY_DIGEST')) not null, "batch" uuid not null, constraint "notification_activities_pkey" primary key ("id"));`);
    this.addSql(`create index "notification_activities_batch_idx" on "notification_activities" ("batch");`);
    this.addSql(`create index "notification_activities_at_idx" on "notification_activities" ("at");`);
    this.addSql(`create index "notification_activities_notification_at_idx" on "notification_activities" ("notification_id", "at");`);

    this.addSql(`create table "waiver_comment_mentions" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "comment_id" uuid not null, "user_id" uuid null, "organization_id" uuid null, constraint "waiver_comment_mentions_pkey" primary key ("id"));`);
    this.addSql(`create index "waiver_comment_mentions_comment_idx" on "waiver_comment_mentions" ("comment_id");`);

    this.addSql(`alter table "notification_settings" add constraint "notification_settings_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "notification_mails" add constraint "notification_mails_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "notifications" add constraint "notifications_recipient_id_foreign" foreign key ("recipient_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "notification_activities" add constraint "notification_activities_notification_id_foreign" foreign key ("notification_id") references "notifications" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "notification_activities" add constraint "notification_activities_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "waiver_comment_mentions" add constraint "waiver_comment_mentions_comment_id_foreign" foreign key ("comment_id") references "waiver_comments" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "notification_activities" drop constraint "notification_activities_notification_id_foreign";`);

    this.addSql(`drop table if exists "notification_settings" cascade;`);

    this.addSql(`drop table if exists "notification_mails" cascade;`);

    this.addSql(`drop table if exists "notifications" cascade;`);

    this.addSql(`drop table if exists "notification_activities" cascade;`);

    this.addSql(`drop table if exists "waiver_comment_mentions" cascade;`);
  }

}
