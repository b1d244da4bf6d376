import { Migration } from '@mikro-orm/migrations';

export class Migration20261123131926_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "organization_kind" as enum ('HIGHER_ED', 'REGIONAL', 'BUSINESS', 'DISTRICT', 'STATE_AGENCY');`);
    this.addSql(`create type "member_role" as enum ('OWNER', 'EDITOR', 'VIEWER');`);
    this.addSql(`create type "zone" as enum ('SYSTEM_DESIGN', 'INNOVATIVE_LEARNING_DESIGN', 'COLLABORATIVE_NETWORK');`);
    this.addSql(`create table "organizations" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, "slug" text not null, "kind" "organization_kind" not null, "region" text null, "description" text null, constraint "organizations_pkey" primary key ("id"));`);
    this.addSql(`alter table "organizations" add constraint "organizations_slug_unique" unique ("slug");`);
    this.addSql(`create index "organizations_name_id_idx" on "organizations" ("name", "id");`);

    this.addSql(`create table "users" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "email" text not null, "display_name" text not null, constraint "users_pkey" primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(`create table "memberships" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "user_id" uuid not null, "role" "member_role" not null, constraint "memberships_pkey" primary key ("id"));`);
    this.addSql(`create index "memberships_user_idx" on "memberships" ("user_id");`);
    this.addSql(`alter table "memberships" add constraint "memberships_organization_user_unique" unique ("organization_id", "user_id");`);

    this.addSql(`create table "zone_memberships" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "zone" "zone" not null, "school_year" text not null, constraint "zone_memberships_pkey" primary key ("id"));`);
    this.addSql(`alter table "zone_memberships" add constraint "zone_memberships_unique" unique ("organization_id", "zone", "school_year");`);

    this.addSql(`alter table "memberships" add constraint "memberships_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "memberships" add constraint "memberships_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "zone_memberships" add constraint "zone_memberships_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "memberships" drop constraint "memberships_organization_id_foreign";`);

    this.addSql(`alter table "zone_memberships" drop constraint "zone_memberships_organization_id_foreign";`);

    this.addSql(`alter table "memberships" drop constraint "memberships_user_id_foreign";`);

    this.addSql(`drop table if exists "organizations" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "memberships" cascade;`);

    this.addSql(`drop table if exists "zone_memberships" cascade;`);

    this.addSql(`drop type "organization_kind";`);
    this.addSql(`drop type "member_role";`);
    this.addSql(`drop type "zone";`);
  }

}
