import { Migration } from '@mikro-orm/migrations';

export class Migration20261202151000_narrative_cotyping extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "zone_application_section_docs" ("section_id" uuid not null, "snapshot" bytea not null, "snapshot_seq" int not null default 0, "seq" int not null default 0, "updated_at" timestamptz not null default now(), "seed" bytea null, constraint "zone_application_section_docs_pkey" primary key ("section_id"));`);

    this.addSql(`create table "zone_application_section_updates" ("id" bigserial primary key, "section_id" uuid not null, "seq" int not null, "update" bytea not null, "version" int not null, "author_id" uuid null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "zone_application_section_updates_author_idx" on "zone_application_section_updates" ("author_id");`);
    this.addSql(`alter table "zone_application_section_updates" add constraint "zone_application_section_updates_section_seq_unique" unique ("section_id", "seq");`);

    this.addSql(`alter table "zone_application_section_docs" add constraint "zone_application_section_docs_section_id_foreign" foreign key ("section_id") references "zone_application_sections" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "zone_application_section_updates" add constraint "zone_application_section_updates_section_id_foreign" foreign key ("section_id") references "zone_application_sections" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "zone_application_section_updates" add constraint "zone_application_section_updates_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "zone_application_section_docs" cascade;`);

    this.addSql(`drop table if exists "zone_application_section_updates" cascade;`);
  }

}
