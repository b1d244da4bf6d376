import { Migration } from '@mikro-orm/migrations';

export class Migration20261202184502_bursts_per_author extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "waiver_section_bursts" ("id" uuid not null, "section_id" uuid not null, "author_id" uuid not null, "revision_id" uuid not null, "started_at" timestamptz not null, "last_at" timestamptz not null, constraint "waiver_section_bursts_pkey" primary key ("id"));`);
    this.addSql(`create index "waiver_section_bursts_last_idx" on "waiver_section_bursts" ("last_at");`);
    this.addSql(`alter table "waiver_section_bursts" add constraint "waiver_section_bursts_section_author_unique" unique ("section_id", "author_id");`);

    this.addSql(`alter table "waiver_section_bursts" add constraint "waiver_section_bursts_section_id_foreign" foreign key ("section_id") references "waiver_sections" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_section_bursts" add constraint "waiver_section_bursts_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "waiver_section_bursts" add constraint "waiver_section_bursts_revision_id_foreign" foreign key ("revision_id") references "waiver_revisions" ("id") on update cascade on delete cascade;`);

    // Bursts open at the upgrade carry on as their authors' bursts.
    this.addSql(`insert into "waiver_section_bursts" ("id", "section_id", "author_id", "revision_id", "started_at", "last_at")
      select gen_random_uuid(), d."section_id", d."burst_author_id", d."burst_revision_id", d."burst_started_at", d."burst_last_at"
        from "waiver_section_docs" d
        join "waiver_revisions" r on r."id" = d."burst_revision_id"
        join "users" u on u."id" = d."burst_author_id"
       where d."burst_started_at" is not null and d."burst_last_at" is not null;`);
    this.addSql(`drop index "waiver_section_docs_burst_idx";`);
    this.addSql(`alter table "waiver_section_docs" drop column "burst_revision_id", drop column "burst_author_id", drop column "burst_started_at", drop column "burst_last_at";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "waiver_section_bursts" cascade;`);

    this.addSql(`alter table "waiver_section_docs" add column "burst_revision_id" uuid null, add column "burst_author_id" uuid null, add column "burst_started_at" timestamptz(6) null, add column "burst_last_at" timestamptz(6) null;`);
    this.addSql(`create index "waiver_section_docs_burst_idx" on "waiver_section_docs" ("burst_last_at");`);
  }

}
