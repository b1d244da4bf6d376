import { defineConfig } from 'vitest/config';
import base from './vitest.config.mts';

/**
 * Browser tests (`npm run test:web`): the hub driven through Debian's
 * chromium with playwright-core. Kept out of `npm test` so a machine with
 * only Node.js runs the suite; they skip themselves when chromium is absent.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/web/**/*.test.ts'],
    // The database, then the web app's build (once, before any browser test file).
    globalSetup: [...(base.test?.globalSetup as string[]), 'test/web/global-setup.ts'],
    exclude: [],
    testTimeout: 60_000,
  },
});
