import { Migration } from '@mikro-orm/migrations';

export class Migration20261201204254_waiver_text_version extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "waiver_requests" add column "layout_version" int not null default 0;`);

    this.addSql(`alter table "waiver_districts" add column "signed_text_version" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "waiver_districts" drop column "signed_text_version";`);

    this.addSql(`alter table "waiver_requests" drop column "layout_version";`);
  }

}
