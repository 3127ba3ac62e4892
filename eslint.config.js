// ESLint flat config: typescript-eslint for the relay, simulators and scripts; the Salesforce LWC
// rules (TypeScript variant) for the Lightning components.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import jestPlugin from 'eslint-plugin-jest';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const lwcRecommendedTs = require('@salesforce/eslint-config-lwc/recommended-ts');

const lwcFiles = ['force-app/main/default/lwc/**/*.ts'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'coverage/**',
      '.sfdx/**',
      '.sf/**',
      '.ledgerbridge/**',
      'build/**',
      'preview/dist/**',
      'test-results/**',
      'force-app/main/default/lwc/**/*.js',
      'force-app/main/default/staticresources/**',
    ],
  },
  {
    files: ['**/*.ts'],
    ignores: lwcFiles,
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through relay/src/config.ts only.' },
      ],
    },
  },
  {
    // The edges that are allowed to read the environment.
    files: ['relay/src/cli.ts', 'relay/src/config.ts', 'scripts/**/*.ts', 'test/**/*.ts', '**/*.test.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.test.ts'],
    ignores: lwcFiles,
    ...jestPlugin.configs['flat/recommended'],
    rules: { ...jestPlugin.configs['flat/recommended'].rules, 'jest/expect-expect': 'error' },
  },
  ...lwcRecommendedTs.map((c) => ({ ...c, files: lwcFiles })),
  {
    // The LWC config parses TypeScript with Babel, whose scope analysis cannot see types; tsc checks
    // names and unused locals for these files instead (noUnusedLocals in the lwc tsconfig).
    files: lwcFiles,
    rules: { 'no-undef': 'off', 'no-unused-vars': 'off' },
  },
  {
    files: ['force-app/main/default/lwc/**/__tests__/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: { '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off' },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    ignores: ['force-app/main/default/lwc/**'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
);
