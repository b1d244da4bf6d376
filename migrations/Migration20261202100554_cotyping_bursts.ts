import { Migration } from '@mikro-orm/migrations';

export class Migration20261202100554_cotyping_bursts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "waiver_section_docs" add column "seed" bytea null, add column "burst_revision_id" uuid null, add column "burst_author_id" uuid null, add column "burst_started_at" timestamptz null, add column "burst_last_at" timestamptz null;`);
    this.addSql(`create index "waiver_section_docs_burst_idx" on "waiver_section_docs" ("burst_last_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "waiver_section_docs_burst_idx";`);
    this.addSql(`alter table "waiver_section_docs" drop column "seed", drop column "burst_revision_id", drop column "burst_author_id", drop column "burst_started_at", drop column "burst_last_at";`);
  }

}
