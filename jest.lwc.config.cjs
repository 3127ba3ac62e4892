/**
 * Jest for the Lightning components (sfdx-lwc-jest preset: .ts components and tests, lightning/* stubs),
 * with real Custom Label text, the accessibility matcher, and mocks for modules the preset lacks
 * (and for the Apex methods components wire).
 */
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  ...jestConfig,
  roots: ['<rootDir>/force-app'],
  testMatch: ['**/__tests__/**/*.test.ts'],
  setupFilesAfterEnv: [
    ...(jestConfig.setupFilesAfterEnv || []),
    '<rootDir>/jest-sa11y-setup.cjs',
    '<rootDir>/force-app/test/jest-mocks/setup-labels.cjs',
  ],
  moduleNameMapper: {
    ...(jestConfig.moduleNameMapper || {}),
    // One engine for compiler and runtime: the top-level @lwc/engine-dom is older than lwc's compiler.
    '^lwc$': '<rootDir>/node_modules/lwc/node_modules/@lwc/engine-dom/dist/index.cjs',
    '^lightning/uiListsApi$': '<rootDir>/force-app/test/jest-mocks/lightning/uiListsApi.cjs',
    '^lightning/actions$': '<rootDir>/force-app/test/jest-mocks/lightning/actions.cjs',
    // The Apex methods components wire (custom metadata types are not in User Interface API).
    '^@salesforce/apex/FieldPolicyController.getPolicies$':
      '<rootDir>/force-app/test/jest-mocks/apex/FieldPolicyController.getPolicies.cjs',
    '^@salesforce/apex/FieldMappingController.getMappings$':
      '<rootDir>/force-app/test/jest-mocks/apex/FieldMappingController.getMappings.cjs',
  },
  testTimeout: 10000,
};
