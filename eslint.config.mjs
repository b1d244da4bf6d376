// ESLint with the TypeScript rules; formatting is Prettier's (eslint-config-prettier
// turns off every rule it would fight). Import floors are dependency-cruiser's
// (.dependency-cruiser.cjs), run beside this by `npm run lint`.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/generated/**', 'src/web/generated/**', 'coverage/**', 'test-results/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'smart'],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['test/**', 'src/cli/**', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
