import { Migration } from '@mikro-orm/migrations';

export class Migration20261201233230_zone_applications extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "application_status" as enum ('DRAFT', 'SUBMITTED', 'UNDER_REVIEW', 'NEEDS_CLARIFICATION', 'SELECTED', 'NOT_SELECTED', 'WITHDRAWN');`);
    this.addSql(`create type "application_section_kind" as enum ('EVIDENCE_OF_PRACTICE', 'NARRATIVE');`);
    this.addSql(`create type "evidence_rating" as enum ('IN_PLACE', 'UNDER_CONSTRUCTION', 'NOT_YET');`);
    this.addSql(`create type "board_resolution_status" as enum ('OUTSTANDING', 'RECEIVED', 'ACCEPTED');`);
    this.addSql(`create table "teacher_zone_memberships" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "teacher_id" uuid not null, "organization_id" uuid not null, "zone" "zone" not null, "school_year" text not null, constraint "teacher_zone_memberships_pkey" primary key ("id"));`);
    this.addSql(`alter table "teacher_zone_memberships" add constraint "teacher_zone_memberships_unique" unique ("teacher_id", "zone", "school_year");`);

    this.addSql(`create table "facilitation_team_members" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "granted_by_id" uuid null, constraint "facilitation_team_members_pkey" primary key ("id"));`);
    this.addSql(`alter table "facilitation_team_members" add constraint "facilitation_team_members_user_unique" unique ("user_id");`);

    this.addSql(`create table "application_windows" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "zone" "zone" not null, "school_year" text not null, "opens_at" timestamptz not null, "closes_at" timestamptz not null, "extended_to" timestamptz null, "opened_by_id" uuid null, constraint "application_windows_pkey" primary key ("id"));`);
    this.addSql(`alter table "application_windows" add constraint "application_windows_zone_year_unique" unique ("zone", "school_year");`);

    this.addSql(`create table "zone_applications" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "window_id" uuid not null, "zone" "zone" not null, "school_year" text not null, "applicant_id" uuid not null, "teacher_id" uuid null, "status" "application_status" not null default 'DRAFT', "started_by_id" uuid null, "acknowledged_commitments" text[] not null default '{}', "submitted_at" timestamptz null, "submitted_by_id" uuid null, "decided_at" timestamptz null, "decided_by_id" uuid null, "decision_note" text null, "placed_zone" "zone" null, "withdrawn_at" timestamptz null, constraint "zone_applications_pkey" primary key ("id"));`);
    this.addSql(`create index "zone_applications_list_idx" on "zone_applications" ("school_year", "zone", "status", "created_at");`);
    this.addSql(`create unique index "zone_applications_teacher_unique" on "zone_applications" ("teacher_id", "zone", "school_year") where "teacher_id" is not null;`);
    this.addSql(`create unique index "zone_applications_organization_unique" on "zone_applications" ("applicant_id", "zone", "school_year") where "teacher_id" is null;`);

    this.addSql(`create table "zone_application_sections" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "application_id" uuid not null, "key" text not null, "kind" "application_section_kind" not null, "title" text not null, "position" int not null, "body" text not null default '', "version" int not null default 1, "rating" "evidence_rating" null, "links" text[] not null default '{}', "updated_by_id" uuid null, constraint "zone_application_sections_pkey" primary key ("id"));`);
    this.addSql(`alter table "zone_application_sections" add constraint "zone_application_sections_key_unique" unique ("application_id", "key");`);

    this.addSql(`create table "zone_application_revisions" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "section_id" uuid not null, "version" int not null, "body" text not null, "author_id" uuid null, constraint "zone_application_revisions_pkey" primary key ("id"));`);
    this.addSql(`alter table "zone_application_revisions" add constraint "zone_application_revisions_version_unique" unique ("section_id", "version");`);

    this.addSql(`create table "zone_application_review_notes" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "application_id" uuid not null, "author_id" uuid null, "body" text not null, constraint "zone_application_review_notes_pkey" primary key ("id"));`);
    this.addSql(`create index "zone_application_review_notes_application_idx" on "zone_application_review_notes" ("application_id", "created_at");`);

    this.addSql(`create table "zone_application_clarifications" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "application_id" uuid not null, "question" text not null, "asked_by_id" uuid null, "answer" text null, "answered_by_id" uuid null, "answered_at" timestamptz null, constraint "zone_application_clarifications_pkey" primary key ("id"));`);
    this.addSql(`create index "zone_application_clarifications_application_idx" on "zone_application_clarifications" ("application_id", "created_at");`);

    this.addSql(`create table "board_resolution_requirements" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "zone_membership_id" uuid not null, "application_id" uuid not null, "organization_id" uuid not null, "due_at" timestamptz not null, "status" "board_resolution_status" not null default 'OUTSTANDING', "received_at" timestamptz null, "accepted_at" timestamptz null, "accepted_by_id" uuid null, constraint "board_resolution_requirements_pkey" primary key ("id"));`);
    this.addSql(`alter table "board_resolution_requirements" add constraint "board_resolution_requirements_membership_unique" unique ("zone_membership_id");`);

    this.addSql(`alter table "teacher_zone_memberships" add constraint "teacher_zone_memberships_teacher_id_foreign" foreign key ("teacher_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "teacher_zone_memberships" add constraint "teacher_zone_memberships_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "facilitation_team_members" add constraint "facilitation_team_members_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "facilitation_team_members" add constraint "facilitation_team_members_granted_by_id_foreign" foreign key ("granted_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "application_windows" add constraint "application_windows_opened_by_id_foreign" foreign key ("opened_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "zone_applications" add constraint "zone_applications_window_id_foreign" foreign key ("window_id") references "application_windows" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "zone_applications" add constraint "zone_applications_applicant_id_foreign" foreign key ("applicant_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "zone_applications" add constraint "zone_applications_teacher_id_foreign" foreign key ("teacher_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "zone_applications" add constraint "zone_applications_started_by_id_foreign" foreign key ("started_by_id") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "zone_applications" add constraint "zone_applications_submitted_by_id_foreign" foreign key ("submitted_by_id") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "zone_applications" add constraint "zone_applications_decided_by_id_foreign" foreign key ("decided_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "zone_application_sections" add constraint "zone_application_sections_application_id_foreign" foreign key ("application_id") references "zone_applications" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "zone_application_sections" add constraint "zone_application_sections_updated_by_id_foreign" foreign key ("updated_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "zone_application_revisions" add constraint "zone_application_revisions_section_id_foreign" foreign key ("section_id") references "zone_application_sections" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "zone_application_revisions" add constraint "zone_application_revisions_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "zone_application_review_notes" add constraint "zone_application_review_notes_application_id_foreign" foreign key ("application_id") references "zone_applications" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "zone_application_review_notes" add constraint "zone_application_review_notes_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "zone_application_clarifications" add constraint "zone_application_clarifications_application_id_foreign" foreign key ("application_id") references "zone_applications" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "zone_application_clarifications" add constraint "zone_application_clarifications_asked_by_id_foreign" foreign key ("asked_by_id") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "zone_application_clarifications" add constraint "zone_application_clarifications_answered_by_id_foreign" foreign key ("answered_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "board_resolution_requirements" add constraint "board_resolution_requirements_zone_membership_id_foreign" foreign key ("zone_membership_id") references "zone_memberships" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "board_resolution_requirements" add constraint "board_resolution_requirements_application_id_foreign" foreign key ("application_id") references "zone_applications" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "board_resolution_requirements" add constraint "board_resolution_requirements_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "board_resolution_requirements" add constraint "board_resolution_requirements_accepted_by_id_foreign" foreign key ("accepted_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter type "organization_kind" add value if not exists 'SCHOOL' after 'DISTRICT';`);

    this.addSql(`alter table "organizations" add column "parent_id" uuid null;`);
    this.addSql(`alter table "organizations" add constraint "organizations_parent_id_foreign" foreign key ("parent_id") references "organizations" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "zone_applications" drop constraint "zone_applications_window_id_foreign";`);

    this.addSql(`alter table "zone_application_sections" drop constraint "zone_application_sections_application_id_foreign";`);

    this.addSql(`alter table "zone_application_review_notes" drop constraint "zone_application_review_notes_application_id_foreign";`);

    this.addSql(`alter table "zone_application_clarifications" drop constraint "zone_application_clarifications_application_id_foreign";`);

    this.addSql(`alter table "board_resolution_requirements" drop constraint "board_resolution_requirements_application_id_foreign";`);

    this.addSql(`alter table "zone_application_revisions" drop constraint "zone_application_revisions_section_id_foreign";`);

    this.addSql(`drop table if exists "teacher_zone_memberships" cascade;`);

    this.addSql(`drop table if exists "facilitation_team_members" cascade;`);

    this.addSql(`drop table if exists "application_windows" cascade;`);

    this.addSql(`drop table if exists "zone_applications" cascade;`);

    this.addSql(`drop table if exists "zone_application_sections" cascade;`);

    this.addSql(`drop table if exists "zone_application_revisions" cascade;`);

    this.addSql(`drop table if exists "zone_application_review_notes" cascade;`);

    this.addSql(`drop table if exists "zone_application_clarifications" cascade;`);

    this.addSql(`drop table if exists "board_resolution_requirements" cascade;`);

    this.addSql(`alter table "organizations" drop constraint "organizations_parent_id_foreign";`);

    this.addSql(`alter table "organizations" drop column "parent_id";`);

    this.addSql(`drop type "application_status";`);
    this.addSql(`drop type "application_section_kind";`);
    this.addSql(`drop type "evidence_rating";`);
    this.addSql(`drop type "board_resolution_status";`);
  }

}
