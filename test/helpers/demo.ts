/** A hub over its own scratch database holding exactly the demo network (as `npm start` loads it). */
import { inject } from 'vitest';
import { startHub, type Hub } from '../../src/app';
import { loadConfig } from '../../src/config';
import { migrateUp } from '../../src/db/migrate';
import { createScratchDatabase } from '../../src/db/scratch';
import { seedDemoNetwork } from '../../src/demo/seed';
import { createLogger } from '../../src/logger';
import { TEST_SECRET } from './hub';

export interface DemoHub {
  hub: Hub;
  close(): Promise<void>;
}

export async function startDemoHub(prefix: string): Promise<DemoHub> {
  const scratch = await createScratchDatabase(inject('databaseUrl'), prefix);
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' });
  const hub = await startHub({ config, databaseUrl: scratch.url, logger: createLogger(config.logLevel) });
  await migrateUp(hub.orm);
  await seedDemoNetwork(hub.orm);
  return {
    hub,
    close: async () => {
      await hub.close();
      await scratch.drop();
    },
  };
}
