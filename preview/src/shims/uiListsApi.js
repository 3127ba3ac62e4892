/** lightning/uiListsApi for the preview: list views from the preview store. */
import { store } from '../store.js';
import { storeAdapter } from './wireAdapter.js';

export const getListRecordsByName = storeAdapter((config) => {
  const objectApiName =
    typeof config.objectApiName === 'string' ? config.objectApiName : config.objectApiName?.objectApiName;
  return store.getCollection(`${objectApiName}/${config.listViewApiName}`);
});
