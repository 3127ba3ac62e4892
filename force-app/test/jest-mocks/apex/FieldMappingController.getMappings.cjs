/* global jest */
// @salesforce/apex/FieldMappingController.getMappings for Jest: a wire adapter tests emit the Apex
// method's answer (or an error) through. The preset's transform reads the import's `.default`.
const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');

module.exports = { __esModule: true, default: createApexTestWireAdapter(jest.fn()) };
