/** `npm run db:migrate`: applies pending migrations. */
import { migrateUp } from '../db/migrate';
import { runScript } from './shared';

runScript('db:migrate', async ({ orm }) => {
  const applied = await migrateUp(orm);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'migrations: up to date');
});
