import { Migration } from '@mikro-orm/migrations';

export class Migration20261202094656_suggestions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "waiver_suggestion_kind" as enum ('INSERTION', 'DELETION', 'REPLACEMENT');`);
    this.addSql(`create type "waiver_suggestion_status" as enum ('PENDING', 'ACCEPTED', 'REJECTED');`);
    this.addSql(`create table "waiver_suggestions" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "waiver_request_id" uuid not null, "section_id" uuid not null, "author_id" uuid null, "district_id" uuid null, "kind" "waiver_suggestion_kind" not null, "status" "waiver_suggestion_status" not null default 'PENDING', "text" text not null default '', "deleted_text" text not null default '', "from_position" bytea not null, "to_position" bytea null, "decided_by_id" uuid null, "decided_at" timestamptz null, "accepted_version" int null, constraint "waiver_suggestions_pkey" primary key ("id"));`);
    this.addSql(`create index "waiver_suggestions_request_status_idx" on "waiver_suggestions" ("waiver_request_id", "status");`);
    this.addSql(`create index "waiver_suggestions_section_status_idx" on "waiver_suggestions" ("section_id", "status", "created_at");`);

    this.addSql(`alter table "waiver_suggestions" add constraint "waiver_suggestions_waiver_request_id_foreign" foreign key ("waiver_request_id") references "waiver_requests" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_suggestions" add constraint "waiver_suggestions_section_id_foreign" foreign key ("section_id") references "waiver_sections" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_suggestions" add constraint "waiver_suggestions_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "waiver_suggestions" add constraint "waiver_suggestions_district_id_foreign" foreign key ("district_id") references "organizations" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "waiver_suggestions" add constraint "waiver_suggestions_decided_by_id_foreign" foreign key ("decided_by_id") references "users" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "waiver_suggestions" cascade;`);

    this.addSql(`drop type "waiver_suggestion_kind";`);
    this.addSql(`drop type "waiver_suggestion_status";`);
  }

}
