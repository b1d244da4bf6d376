/** `npm run db:seed`: applies migrations and loads the demo network (once). */
import { migrateUp } from '../db/migrate';
import { seedDemoNetwork } from '../demo/seed';
import { runScript } from './shared';

runScript('db:seed', async ({ config, orm }) => {
  if (config.production) throw new Error('the demo network is refused with NODE_ENV=production: it holds well-known accounts');
  await migrateUp(orm);
  const seeded = await seedDemoNetwork(orm);
  console.log(seeded ? `demo network loaded: ${JSON.stringify(seeded)}` : 'demo network: already loaded');
});
