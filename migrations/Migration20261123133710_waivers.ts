import { Migration } from '@mikro-orm/migrations';

export class Migration20261123133710_waivers extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "waiver_kind" as enum ('MSIP6', 'FEDERAL', 'STATE_STATUTE', 'OTHER');`);
    this.addSql(`create type "waiver_status" as enum ('DRAFT', 'IN_REVIEW', 'SUBMITTED', 'APPROVED', 'DENIED', 'WITHDRAWN');`);
    this.addSql(`create type "collaborator_role" as enum ('LEAD', 'AUTHOR', 'REVIEWER');`);
    this.addSql(`create type "waiver_revision_kind" as enum ('CREATED', 'EDITED', 'MERGED', 'RESTORED');`);
    this.addSql(`create table "waiver_requests" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "title" text not null, "kind" "waiver_kind" not null, "status" "waiver_status" not null default 'DRAFT', "lead_district_id" uuid not null, "created_by_id" uuid null, "submitted_at" timestamptz null, "submitted_by_id" uuid null, "decided_at" timestamptz null, "decided_by_id" uuid null, "decision_note" text null, constraint "waiver_requests_pkey" primary key ("id"));`);
    this.addSql(`create index "waiver_requests_status_created_idx" on "waiver_requests" ("status", "created_at", "id");`);
    this.addSql(`create index "waiver_requests_lead_district_idx" on "waiver_requests" ("lead_district_id");`);

    this.addSql(`create table "waiver_districts" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "waiver_request_id" uuid not null, "organization_id" uuid not null, "lead" boolean not null default false, "signed_off_at" timestamptz null, "signed_off_by_id" uuid null, "signed_digest" text null, constraint "waiver_districts_pkey" primary key ("id"));`);
    this.addSql(`create index "waiver_districts_organization_idx" on "waiver_districts" ("organization_id");`);
    this.addSql(`alter table "waiver_districts" add constraint "waiver_districts_request_organization_unique" unique ("waiver_request_id", "organization_id");`);

    this.addSql(`create table "waiver_collaborators" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "waiver_request_id" uuid not null, "user_id" uuid not null, "role" "collaborator_role" not null, "district_id" uuid null, "invited_by_id" uuid null, constraint "waiver_collaborators_pkey" primary key ("id"));`);
    this.addSql(`create index "waiver_collaborators_user_idx" on "waiver_collaborators" ("user_id");`);
    this.addSql(`alter table "waiver_collaborators" add constraint "waiver_collaborators_request_user_unique" unique ("waiver_request_id", "user_id");`);

    this.addSql(`create table "waiver_sections" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "waiver_request_id" uuid not null, "key" text not null, "title" text not null, "body" text not null default '', "position" int not null, "version" int not null default 1, "updated_by_id" uuid null, constraint "waiver_sections_pkey" primary key ("id"));`);
    this.addSql(`create index "waiver_sections_request_position_idx" on "waiver_sections" ("waiver_request_id", "position");`);
    this.addSql(`alter table "waiver_sections" add constraint "waiver_sections_request_key_unique" unique ("waiver_request_id", "key");`);

    this.addSql(`create table "waiver_revisions" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "waiver_request_id" uuid not null, "section_id" uuid not null, "version" int not null, "body" text not null, "kind" "waiver_revision_kind" not null, "base_version" int null, "restored_from_version" int null, "author_id" uuid null, constraint "waiver_revisions_pkey" primary key ("id"));`);
    this.addSql(`create index "waiver_revisions_request_created_idx" on "waiver_revisions" ("waiver_request_id", "created_at", "id");`);
    this.addSql(`alter table "waiver_revisions" add constraint "waiver_revisions_section_version_unique" unique ("section_id", "version");`);

    this.addSql(`create table "waiver_presence" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "waiver_request_id" uuid not null, "user_id" uuid not null, "section_id" uuid not null, "expires_at" timestamptz not null, constraint "waiver_presence_pkey" primary key ("id"));`);
    this.addSql(`create index "waiver_presence_expires_idx" on "waiver_presence" ("expires_at");`);
    this.addSql(`create index "waiver_presence_section_idx" on "waiver_presence" ("section_id");`);
    this.addSql(`alter table "waiver_presence" add constraint "waiver_presence_request_user_unique" unique ("waiver_request_id", "user_id");`);

    this.addSql(`create table "waiver_comments" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "waiver_request_id" uuid not null, "section_id" uuid not null, "parent_id" uuid null, "author_id" uuid null, "body" text not null, "quote" text null, "resolved_at" timestamptz null, "resolved_by_id" uuid null, constraint "waiver_comments_pkey" primary key ("id"));`);
    this.addSql(`create index "waiver_comments_parent_idx" on "waiver_comments" ("parent_id", "created_at", "id");`);
    this.addSql(`create index "waiver_comments_request_thread_idx" on "waiver_comments" ("waiver_request_id", "parent_id", "created_at", "id");`);

    this.addSql(`alter table "waiver_requests" add constraint "waiver_requests_lead_district_id_foreign" foreign key ("lead_district_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_requests" add constraint "waiver_requests_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "waiver_requests" add constraint "waiver_requests_submitted_by_id_foreign" foreign key ("submitted_by_id") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "waiver_requests" add constraint "waiver_requests_decided_by_id_foreign" foreign key ("decided_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "waiver_districts" add constraint "waiver_districts_waiver_request_id_foreign" foreign key ("waiver_request_id") references "waiver_requests" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_districts" add constraint "waiver_districts_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_districts" add constraint "waiver_districts_signed_off_by_id_foreign" foreign key ("signed_off_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "waiver_collaborators" add constraint "waiver_collaborators_waiver_request_id_foreign" foreign key ("waiver_request_id") references "waiver_requests" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_collaborators" add constraint "waiver_collaborators_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_collaborators" add constraint "waiver_collaborators_district_id_foreign" foreign key ("district_id") references "organizations" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "waiver_collaborators" add constraint "waiver_collaborators_invited_by_id_foreign" foreign key ("invited_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "waiver_sections" add constraint "waiver_sections_waiver_request_id_foreign" foreign key ("waiver_request_id") references "waiver_requests" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_sections" add constraint "waiver_sections_updated_by_id_foreign" foreign key ("updated_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "waiver_revisions" add constraint "waiver_revisions_waiver_request_id_foreign" foreign key ("waiver_request_id") references "waiver_requests" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_revisions" add constraint "waiver_revisions_section_id_foreign" foreign key ("section_id") references "waiver_sections" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_revisions" add constraint "waiver_revisions_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "waiver_presence" add constraint "waiver_presence_waiver_request_id_foreign" foreign key ("waiver_request_id") references "waiver_requests" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_presence" add constraint "waiver_presence_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_presence" add constraint "waiver_presence_section_id_foreign" foreign key ("section_id") references "waiver_sections" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "waiver_comments" add constraint "waiver_comments_waiver_request_id_foreign" foreign key ("waiver_request_id") references "waiver_requests" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_comments" add constraint "waiver_comments_section_id_foreign" foreign key ("section_id") references "waiver_sections" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_comments" add constraint "waiver_comments_parent_id_foreign" foreign key ("parent_id") references "waiver_comments" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_comments" add constraint "waiver_comments_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "waiver_comments" add constraint "waiver_comments_resolved_by_id_foreign" foreign key ("resolved_by_id") references "users" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "waiver_districts" drop constraint "waiver_districts_waiver_request_id_foreign";`);

    this.addSql(`alter table "waiver_collaborators" drop constraint "waiver_collaborators_waiver_request_id_foreign";`);

    this.addSql(`alter table "waiver_sections" drop constraint "waiver_sections_waiver_request_id_foreign";`);

    this.addSql(`alter table "waiver_revisions" drop constraint "waiver_revisions_waiver_request_id_foreign";`);

    this.addSql(`alter table "waiver_presence" drop constraint "waiver_presence_waiver_request_id_foreign";`);

    this.addSql(`alter table "waiver_comments" drop constraint "waiver_comments_waiver_request_id_foreign";`);

    this.addSql(`alter table "waiver_revisions" drop constraint "waiver_revisions_section_id_foreign";`);

    this.addSql(`alter table "waiver_presence" drop constraint "waiver_presence_section_id_foreign";`);

    this.addSql(`alter table "waiver_comments" drop constraint "waiver_comments_section_id_foreign";`);

    this.addSql(`alter table "waiver_comments" drop constraint "waiver_comments_parent_id_foreign";`);

    this.addSql(`drop table if exists "waiver_requests" cascade;`);

    this.addSql(`drop table if exists "waiver_districts" cascade;`);

    this.addSql(`drop table if exists "waiver_collaborators" cascade;`);

    this.addSql(`drop table if exists "waiver_sections" cascade;`);

    this.addSql(`drop table if exists "waiver_revisions" cascade;`);

    this.addSql(`drop table if exists "waiver_presence" cascade;`);

    this.addSql(`drop table if exists "waiver_comments" cascade;`);

    this.addSql(`drop type "waiver_kind";`);
    this.addSql(`drop type "waiver_status";`);
    this.addSql(`drop type "collaborator_role";`);
    this.addSql(`drop type "waiver_revision_kind";`);
  }

}
