/** Every migration in order; kept in step by `npm run db:migration:create`. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123131926_initial } from './Migration20261123131926_initial';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123131926_initial', class: Migration20261123131926_initial },
];
