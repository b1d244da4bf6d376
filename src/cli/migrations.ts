/**
 * `npm run db:migration:create [name]`: writes a migration for the difference
 * between the entities and the schema the existing migrations build.
 * `npm run db:migration:check`: fails when the entities need a migration.
 * Both work on a scratch database, so the dev database does not matter.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createScratchDatabase } from '../db/scratch';
import { createOrm } from '../db/orm';
import { migrateUp } from '../db/migrate';
import { entities } from '../entities';
import { runScript } from './shared';

const DIR = path.resolve('migrations');

/** Rewrites migrations/index.ts to list every migration file in order. */
function writeIndex(): void {
  const names = fs
    .readdirSync(DIR)
    .filter((file) => /^Migration\d+.*\.ts$/.test(file))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
  const lines = [
    '/** Every migration in order; kept in step by `npm run db:migration:create`. */',
    "import type { MigrationObject } from '@mikro-orm/core';",
    ...names.map((name) => `import { ${name} } from './${name}';`),
    '',
    'export const migrationsList: MigrationObject[] = [',
    ...names.map((name) => `  { name: '${name}', class: ${name} },`),
    '];',
    '',
  ];
  fs.writeFileSync(path.join(DIR, 'index.ts'), lines.join('\n'));
}

runScript('db:migration', async ({ databaseUrl, logger }) => {
  const mode = process.argv[2];
  const scratch = await createScratchDatabase(databaseUrl, 'cnz_migration');
  try {
    const orm = await createOrm({ clientUrl: scratch.url, entities, logger, poolMax: 2 });
    try {
      await migrateUp(orm);
      if (mode === 'check') {
        if (await orm.getMigrator().checkMigrationNeeded()) {
          throw new Error('the entities differ from what migrations/ builds: run `npm run db:migration:create` and commit it');
        }
        console.log('migrations match the entities');
        return;
      }
      const result = await orm.getMigrator().createMigration(DIR, false, false, process.argv[3]);
      if (!result.fileName) {
        console.log('no changes: no migration needed');
        return;
      }
      writeIndex();
      console.log(`wrote migrations/${result.fileName}`);
    } finally {
      await orm.close();
    }
  } finally {
    await scratch.drop();
  }
});
