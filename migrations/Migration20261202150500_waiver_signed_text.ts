import { Migration } from '@mikro-orm/migrations';

/** The exact text of each sign-off (rows signed before this answer null: their text was not kept). */
export class Migration20261202150500_waiver_signed_text extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "waiver_districts" add column "signed_text" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "waiver_districts" drop column "signed_text";`);
  }

}
