/** lightning/uiRelatedListApi for the preview: related lists from the preview store. */
import { store } from '../store.js';
import { storeAdapter } from './wireAdapter.js';

export const getRelatedListRecords = storeAdapter((config) =>
  config.parentRecordId ? store.getCollection(`${config.parentRecordId}/${config.relatedListId}`) : undefined,
);
