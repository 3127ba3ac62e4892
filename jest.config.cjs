/**
 * Jest for the relay, the simulators and the cross-cutting tests (TypeScript, run under Node 24).
 * Components have their own configuration: jest.lwc.config.cjs (sfdx-lwc-jest).
 */
// By path, not as a function: Jest hands the configuration to its workers as JSON.
const importMetaToCommonJs = require('node:path').join(__dirname, 'test/support/babel-import-meta.cjs');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/relay', '<rootDir>/test', '<rootDir>/scripts'],
  testMatch: ['**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'cjs', 'mjs', 'json'],
  transform: {
    '^.+\\.ts$': [
      'babel-jest',
      {
        babelrc: false,
        configFile: false,
        presets: [['@babel/preset-typescript', { allowDeclareFields: true }]],
        plugins: [
          importMetaToCommonJs,
          '@babel/plugin-transform-dynamic-import',
          '@babel/plugin-transform-modules-commonjs',
        ],
      },
    ],
  },
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/support/jest-global-setup.ts',
};
