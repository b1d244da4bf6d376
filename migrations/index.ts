/** Every migration in order; kept in step by `npm run db:migration:create`. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123131926_initial } from './Migration20261123131926_initial';
import { Migration20261123133346_partnerships } from './Migration20261123133346_partnerships';
import { Migration20261123133523_learning } from './Migration20261123133523_learning';
import { Migration20261123133710_waivers } from './Migration20261123133710_waivers';
import { Migration20261123134412_audit } from './Migration20261123134412_audit';
import { Migration20261201204254_waiver_text_version } from './Migration20261201204254_waiver_text_version';
import { Migration20261201232459_documents } from './Migration20261201232459_documents';
import { Migration20261201233230_zone_applications } from './Migration20261201233230_zone_applications';
import { Migration20261201234108_notifications } from './Migration20261201234108_notifications';
import { Migration20261202000646_cotyping } from './Migration20261202000646_cotyping';
import { Migration20261202010327_application_notifications } from './Migration20261202010327_application_notifications';
import { Migration20261202094656_suggestions } from './Migration20261202094656_suggestions';
import { Migration20261202100554_cotyping_bursts } from './Migration20261202100554_cotyping_bursts';
import { Migration20261202150500_waiver_signed_text } from './Migration20261202150500_waiver_signed_text';
import { Migration20261202151000_narrative_cotyping } from './Migration20261202151000_narrative_cotyping';
import { Migration20261202184502_bursts_per_author } from './Migration20261202184502_bursts_per_author';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123131926_initial', class: Migration20261123131926_initial },
  { name: 'Migration20261123133346_partnerships', class: Migration20261123133346_partnerships },
  { name: 'Migration20261123133523_learning', class: Migration20261123133523_learning },
  { name: 'Migration20261123133710_waivers', class: Migration20261123133710_waivers },
  { name: 'Migration20261123134412_audit', class: Migration20261123134412_audit },
  { name: 'Migration20261201204254_waiver_text_version', class: Migration20261201204254_waiver_text_version },
  { name: 'Migration20261201232459_documents', class: Migration20261201232459_documents },
  { name: 'Migration20261201233230_zone_applications', class: Migration20261201233230_zone_applications },
  { name: 'Migration20261201234108_notifications', class: Migration20261201234108_notifications },
  { name: 'Migration20261202000646_cotyping', class: Migration20261202000646_cotyping },
  { name: 'Migration20261202010327_application_notifications', class: Migration20261202010327_application_notifications },
  { name: 'Migration20261202094656_suggestions', class: Migration20261202094656_suggestions },
  { name: 'Migration20261202100554_cotyping_bursts', class: Migration20261202100554_cotyping_bursts },
  { name: 'Migration20261202150500_waiver_signed_text', class: Migration20261202150500_waiver_signed_text },
  { name: 'Migration20261202151000_narrative_cotyping', class: Migration20261202151000_narrative_cotyping },
  { name: 'Migration20261202184502_bursts_per_author', class: Migration20261202184502_bursts_per_author },
];
