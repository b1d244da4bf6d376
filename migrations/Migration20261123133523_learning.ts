import { Migration } from '@mikro-orm/migrations';

export class Migration20261123133523_learning extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "delivery_format" as enum ('IN_PERSON', 'VIRTUAL', 'HYBRID', 'SELF_PACED');`);
    this.addSql(`create type "module_status" as enum ('DRAFT', 'PUBLISHED', 'ARCHIVED');`);
    this.addSql(`create type "module_version_status" as enum ('DRAFT', 'PUBLISHED', 'SUPERSEDED');`);
    this.addSql(`create type "audience" as enum ('PRESERVICE', 'NEW_EDUCATOR', 'VETERAN_EDUCATOR', 'SCHOOL_LEADER');`);
    this.addSql(`create table "learning_modules" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "title" text not null, "summary" text not null, "body" text not null, "competencies" text[] not null, "audiences" text[] not null, "format" "delivery_format" not null, "duration_hours" double precision null, "zones" text[] not null, "publisher_id" uuid not null, "status" "module_status" not null default 'DRAFT', "version" int not null default 1, "published_at" timestamptz null, "archived_at" timestamptz null, "search" tsvector generated always as ((setweight(to_tsvector('english'::regconfig, COALESCE(title, ''::text)), 'A'::"char") || setweight(to_tsvector('english'::regconfig, COALESCE(summary, ''::text)), 'B'::"char")) || setweight(to_tsvector('english'::regconfig, COALESCE(body, ''::text)), 'C'::"char")) stored null, constraint "learning_modules_pkey" primary key ("id"));`);
    this.addSql(`create index "learning_modules_search_idx" on "public"."learning_modules" using gin("search");`);
    this.addSql(`create index "learning_modules_zones_idx" on "learning_modules" using gin ("zones");`);
    this.addSql(`create index "learning_modules_audiences_idx" on "learning_modules" using gin ("audiences");`);
    this.addSql(`create index "learning_modules_competencies_idx" on "learning_modules" using gin ("competencies");`);
    this.addSql(`create index "learning_modules_publisher_idx" on "learning_modules" ("publisher_id", "created_at", "id");`);
    this.addSql(`create index "learning_modules_discovery_idx" on "learning_modules" ("status", "published_at", "id");`);

    this.addSql(`create table "learning_module_versions" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "title" text not null, "summary" text not null, "body" text not null, "competencies" text[] not null, "audiences" text[] not null, "format" "delivery_format" not null, "duration_hours" double precision null, "zones" text[] not null, "module_id" uuid not null, "version" int not null, "status" "module_version_status" not null default 'DRAFT', "prerequisite_ids" text[] not null, "published_at" timestamptz null, constraint "learning_module_versions_pkey" primary key ("id"));`);
    this.addSql(`create index "learning_module_versions_drafts_idx" on "learning_module_versions" ("status", "module_id");`);
    this.addSql(`alter table "learning_module_versions" add constraint "learning_module_versions_module_version_unique" unique ("module_id", "version");`);

    this.addSql(`create table "learning_module_prerequisites" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "module_id" uuid not null, "prerequisite_id" uuid not null, "position" int not null, constraint "learning_module_prerequisites_pkey" primary key ("id"));`);
    this.addSql(`create index "learning_module_prerequisites_prerequisite_idx" on "learning_module_prerequisites" ("prerequisite_id");`);
    this.addSql(`alter table "learning_module_prerequisites" add constraint "learning_module_prerequisites_unique" unique ("module_id", "prerequisite_id");`);

    this.addSql(`create table "learning_plan_items" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "module_id" uuid not null, "completed_at" timestamptz null, "evidence_url" text null, constraint "learning_plan_items_pkey" primary key ("id"));`);
    this.addSql(`create index "learning_plan_items_user_created_idx" on "learning_plan_items" ("user_id", "created_at", "id");`);
    this.addSql(`alter table "learning_plan_items" add constraint "learning_plan_items_user_module_unique" unique ("user_id", "module_id");`);

    this.addSql(`create table "learning_plans" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "audience" "audience" null, constraint "learning_plans_pkey" primary key ("id"));`);
    this.addSql(`alter table "learning_plans" add constraint "learning_plans_user_unique" unique ("user_id");`);

    this.addSql(`alter table "learning_modules" add constraint "learning_modules_publisher_id_foreign" foreign key ("publisher_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "learning_module_versions" add constraint "learning_module_versions_module_id_foreign" foreign key ("module_id") references "learning_modules" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "learning_module_prerequisites" add constraint "learning_module_prerequisites_module_id_foreign" foreign key ("module_id") references "learning_modules" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "learning_module_prerequisites" add constraint "learning_module_prerequisites_prerequisite_id_foreign" foreign key ("prerequisite_id") references "learning_modules" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "learning_plan_items" add constraint "learning_plan_items_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "learning_plan_items" add constraint "learning_plan_items_module_id_foreign" foreign key ("module_id") references "learning_modules" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "learning_plans" add constraint "learning_plans_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "learning_module_versions" drop constraint "learning_module_versions_module_id_foreign";`);

    this.addSql(`alter table "learning_module_prerequisites" drop constraint "learning_module_prerequisites_module_id_foreign";`);

    this.addSql(`alter table "learning_module_prerequisites" drop constraint "learning_module_prerequisites_prerequisite_id_foreign";`);

    this.addSql(`alter table "learning_plan_items" drop constraint "learning_plan_items_module_id_foreign";`);

    this.addSql(`drop table if exists "learning_modules" cascade;`);

    this.addSql(`drop table if exists "learning_module_versions" cascade;`);

    this.addSql(`drop table if exists "learning_module_prerequisites" cascade;`);

    this.addSql(`drop table if exists "learning_plan_items" cascade;`);

    this.addSql(`drop table if exists "learning_plans" cascade;`);

    this.addSql(`drop type "delivery_format";`);
    this.addSql(`drop type "module_status";`);
    this.addSql(`drop type "module_version_status";`);
    this.addSql(`drop type "audience";`);
  }

}
