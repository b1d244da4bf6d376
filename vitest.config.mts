import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // Vite's Oxc transform emits legacy decorators with their metadata, which
  // type-graphql and MikroORM read; class fields keep assignment semantics
  // (tsconfig's useDefineForClassFields: false).
  oxc: {
    decorator: { legacy: true, emitDecoratorMetadata: true },
    typescript: { removeClassFieldsWithoutInitializer: true },
    assumptions: { setPublicClassFields: true },
  },
  resolve: {
    // One graphql module for all: type-graphql and Apollo load its CommonJS build.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Browser tests need chromium: `npm run test:web` (vitest.web.config.mts).
    exclude: ['test/web/**', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: 'test' },
  },
});
