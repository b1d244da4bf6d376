/** `npm run db:seed`: applies migrations and loads the demo network (once). */
import { migrateUp } from '../db/migrate';
import { seedDemoNetwork } from '../demo/seed';
import { runScript } from './shared';

runScript('db:seed', async ({ orm }) => {
  await migrateUp(orm);
  const seeded = await seedDemoNetwork(orm);
  console.log(seeded ? `demo network loaded: ${JSON.stringify(seeded)}` : 'demo network: already loaded');
});
