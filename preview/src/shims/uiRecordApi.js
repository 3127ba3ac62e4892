/** lightning/uiRecordApi for the preview: records from the preview store. */
import { store, uiApiError } from '../store.js';
import { storeAdapter } from './wireAdapter.js';

export const getRecord = storeAdapter((config) => {
  if (!config.recordId) return undefined;
  const record = store.getRecord(config.recordId);
  return record
    ? { data: record, error: undefined }
    : { data: undefined, error: uiApiError('The requested resource does not exist', 404, 'Not Found') };
});

export async function createRecord({ apiName, fields }) {
  const { error, result } = store.createOutcome;
  if (error) throw error;
  const record = JSON.parse(JSON.stringify(result ?? { id: `new${Date.now()}`, fields: {} }));
  record.apiName = apiName;
  for (const [name, value] of Object.entries(fields)) record.fields[name] = { value, displayValue: null };
  store.putRecord(record);
  return store.getRecord(record.id);
}

export async function updateRecord({ fields }) {
  if (store.updateError) throw store.updateError;
  const { Id, ...values } = fields;
  return store.patchRecord(Id, values);
}

export async function notifyRecordUpdateAvailable() {
  // The store pushes changes to every adapter already; nothing to fetch.
}
