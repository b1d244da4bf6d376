import { Migration } from '@mikro-orm/migrations';

export class Migration20261123133346_partnerships extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "opportunity_kind" as enum ('INTERNSHIP', 'JOB_SHADOW', 'APPRENTICESHIP', 'CLIENT_PROJECT', 'GUEST_SPEAKER', 'SITE_VISIT', 'MENTORSHIP', 'EXPERT_ADVISOR');`);
    this.addSql(`create type "opportunity_status" as enum ('DRAFT', 'OPEN', 'CLOSED');`);
    this.addSql(`create type "partnership_status" as enum ('REQUESTED', 'ACCEPTED', 'DECLINED', 'ACTIVE', 'COMPLETED', 'CANCELLED');`);
    this.addSql(`create table "opportunities" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "business_id" uuid not null, "kind" "opportunity_kind" not null, "title" text not null, "description" text not null, "skills" text[] not null, "grade_bands" text[] not null, "regions" text[] not null, "capacity" int not null, "seats_taken" int not null default 0, "starts_on" timestamptz null, "ends_on" timestamptz null, "status" "opportunity_status" not null default 'DRAFT', "opened_at" timestamptz null, "closed_at" timestamptz null, constraint "opportunities_pkey" primary key ("id"));`);
    this.addSql(`create index "opportunities_regions_idx" on "opportunities" using gin ("regions");`);
    this.addSql(`create index "opportunities_skills_idx" on "opportunities" using gin ("skills");`);
    this.addSql(`create index "opportunities_search_idx" on "opportunities" using gin (to_tsvector('english', title || ' ' || description));`);
    this.addSql(`create index "opportunities_open_created_idx" on "opportunities" ("created_at" desc, "id" desc) where "status" = 'OPEN';`);
    this.addSql(`create index "opportunities_business_created_idx" on "opportunities" ("business_id", "created_at", "id");`);

    this.addSql(`create table "district_skill_interests" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "district_id" uuid not null, "skills" text[] not null, constraint "district_skill_interests_pkey" primary key ("id"));`);
    this.addSql(`alter table "district_skill_interests" add constraint "district_skill_interests_district_unique" unique ("district_id");`);

    this.addSql(`create table "partnerships" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "opportunity_id" uuid not null, "district_id" uuid not null, "business_id" uuid not null, "status" "partnership_status" not null default 'REQUESTED', "student_count" int not null, "message" text null, "requested_by_id" uuid null, constraint "partnerships_pkey" primary key ("id"));`);
    this.addSql(`create index "partnerships_business_created_idx" on "partnerships" ("business_id", "created_at", "id");`);
    this.addSql(`create index "partnerships_district_created_idx" on "partnerships" ("district_id", "created_at", "id");`);
    this.addSql(`create index "partnerships_opportunity_created_idx" on "partnerships" ("opportunity_id", "created_at", "id");`);

    this.addSql(`create table "partnership_transitions" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "partnership_id" uuid not null, "from_status" "partnership_status" null, "to_status" "partnership_status" not null, "actor_id" uuid null, "acting_for_id" uuid null, "note" text null, "at" timestamptz not null default now(), constraint "partnership_transitions_pkey" primary key ("id"));`);
    this.addSql(`create index "partnership_transitions_partnership_at_idx" on "partnership_transitions" ("partnership_id", "at");`);

    this.addSql(`alter table "opportunities" add constraint "opportunities_business_id_foreign" foreign key ("business_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "district_skill_interests" add constraint "district_skill_interests_district_id_foreign" foreign key ("district_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "partnerships" add constraint "partnerships_opportunity_id_foreign" foreign key ("opportunity_id") references "opportunities" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "partnerships" add constraint "partnerships_district_id_foreign" foreign key ("district_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "partnerships" add constraint "partnerships_business_id_foreign" foreign key ("business_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "partnerships" add constraint "partnerships_requested_by_id_foreign" foreign key ("requested_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "partnership_transitions" add constraint "partnership_transitions_partnership_id_foreign" foreign key ("partnership_id") references "partnerships" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "partnership_transitions" add constraint "partnership_transitions_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "partnership_transitions" add constraint "partnership_transitions_acting_for_id_foreign" foreign key ("acting_for_id") references "organizations" ("id") on update cascade on delete set null;`);

  }

  override async down(): Promise<void> {
    this.addSql(`alter table "partnerships" drop constraint "partnerships_opportunity_id_foreign";`);

    this.addSql(`alter table "partnership_transitions" drop constraint "partnership_transitions_partnership_id_foreign";`);

    this.addSql(`drop table if exists "opportunities" cascade;`);

    this.addSql(`drop table if exists "district_skill_interests" cascade;`);

    this.addSql(`drop table if exists "partnerships" cascade;`);

    this.addSql(`drop table if exists "partnership_transitions" cascade;`);

    this.addSql(`drop type "opportunity_kind";`);
    this.addSql(`drop type "opportunity_status";`);
    this.addSql(`drop type "partnership_status";`);
  }

}
