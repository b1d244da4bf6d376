import { Migration } from '@mikro-orm/migrations';

export class Migration20261201232459_documents extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "document_purpose" as enum ('WAIVER_EVIDENCE', 'LEARNING_EVIDENCE', 'APPLICATION_EVIDENCE', 'LETTER_OF_SUPPORT', 'BOARD_RESOLUTION');`);
    this.addSql(`create table "document_content" ("document_id" uuid not null, "chunk" int not null, "bytes" bytea not null, constraint "document_content_pkey" primary key ("document_id", "chunk"));`);

    this.addSql(`create table "documents" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "uploader_id" uuid null, "filename" text not null, "content_type" text not null, "byte_size" int not null, "sha256" text not null, "target_type" text null, "target_id" uuid null, "purpose" "document_purpose" null, "attached_at" timestamptz null, constraint "documents_pkey" primary key ("id"));`);
    this.addSql(`create index "documents_uploader_idx" on "documents" ("uploader_id");`);
    this.addSql(`create index "documents_unattached_idx" on "documents" ("attached_at", "created_at");`);
    this.addSql(`create index "documents_target_idx" on "documents" ("target_type", "target_id");`);

    this.addSql(`alter table "documents" add constraint "documents_uploader_id_foreign" foreign key ("uploader_id") references "users" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "document_content" cascade;`);

    this.addSql(`drop table if exists "documents" cascade;`);

    this.addSql(`drop type "document_purpose";`);
  }

}
