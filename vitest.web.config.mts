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
    exclude: [],
    testTimeout: 60_000,
  },
});
