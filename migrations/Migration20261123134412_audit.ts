import { Migration } from '@mikro-orm/migrations';

export class Migration20261123134412_audit extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_events" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "actor_id" uuid null, "actor_email" text null, "operation" text not null, "target_type" text null, "target_id" uuid null, "organization_id" uuid null, "outcome" text not null, "request_id" text not null, constraint "audit_events_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_events_created_idx" on "audit_events" ("created_at", "id");`);
    this.addSql(`create index "audit_events_organization_idx" on "audit_events" ("organization_id", "created_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_events" cascade;`);
  }

}
