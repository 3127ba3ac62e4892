/**
 * Jest for the Lightning components (sfdx-lwc-jest preset: .ts components and tests, lightning/* stubs).
 */
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  ...jestConfig,
  roots: ['<rootDir>/force-app'],
  testMatch: ['**/__tests__/**/*.test.ts'],
  setupFilesAfterEnv: [...(jestConfig.setupFilesAfterEnv || []), '<rootDir>/jest-sa11y-setup.cjs'],
  moduleNameMapper: {
    ...(jestConfig.moduleNameMapper || {}),
    '^@salesforce/label/(.+)$': '<rootDir>/force-app/test/jest-mocks/label.cjs',
  },
  testTimeout: 10000,
};
