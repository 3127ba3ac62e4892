/* global jest */
// lightning/uiListsApi for Jest: the sfdx-lwc-jest stub lacks getListRecordsByName (API 59+).
const { createLdsTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');

module.exports = {
  getListRecordsByName: createLdsTestWireAdapter(jest.fn()),
  getListInfoByName: createLdsTestWireAdapter(jest.fn()),
  getListInfosByName: createLdsTestWireAdapter(jest.fn()),
};
