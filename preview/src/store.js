/**
 * The preview's stand-in for the Lightning Data Service cache: records by id, related lists and list
 * views as lists of ids (or an error), what wired Apex methods answer, and what createRecord/updateRecord should do. Scenarios fill
 * it from the Jest fixtures; the shim adapters re-emit whenever it changes. `window.__preview.store`
 * lets the browser tests move a sync request or replay along, as the relay would.
 */
const records = new Map();
const collections = new Map();
const apexAnswers = new Map();
const listeners = new Set();
let createOutcome = { error: undefined, result: undefined };
let updateError;

const clone = (value) => JSON.parse(JSON.stringify(value));

function changed() {
  for (const listener of [...listeners]) listener();
}

/** A UI API error as LDS hands it to a wire or a rejected promise. */
export function uiApiError(message, status = 400, statusText = 'Bad Request') {
  return { body: { message }, status, statusText, ok: false };
}

export const store = {
  reset() {
    records.clear();
    collections.clear();
    apexAnswers.clear();
    createOutcome = { error: undefined, result: undefined };
    updateError = undefined;
    changed();
  },
  putRecord(record) {
    records.set(record.id, clone(record));
    changed();
  },
  /** Sets field values on a stored record, as the relay's updates would. */
  patchRecord(id, values) {
    const record = records.get(id);
    if (!record) throw new Error(`No record ${id} in the preview store`);
    for (const [name, value] of Object.entries(values)) {
      record.fields[name] = { value, displayValue: typeof value === 'string' ? value : null };
    }
    changed();
    return clone(record);
  },
  getRecord(id) {
    const record = records.get(id);
    return record ? clone(record) : undefined;
  },
  /** A related list or list view: the records it holds, or the error it answers with. */
  setCollection(key, { records: list = [], error, nextPageToken = null } = {}) {
    for (const record of list) records.set(record.id, clone(record));
    collections.set(key, { ids: list.map((r) => r.id), error, nextPageToken });
    changed();
  },
  getCollection(key) {
    const entry = collections.get(key);
    if (!entry) return undefined;
    if (entry.error) return { error: clone(entry.error) };
    const list = entry.ids
      .map((id) => records.get(id))
      .filter(Boolean)
      .map(clone);
    return { data: { records: list, count: list.length, nextPageToken: entry.nextPageToken, currentPageToken: '0' } };
  },
  setCreateOutcome(outcome) {
    createOutcome = outcome;
  },
  get createOutcome() {
    return createOutcome;
  },
  setUpdateError(error) {
    updateError = error;
  },
  get updateError() {
    return updateError;
  },
  /** What a wired Apex method (`Class.method`) answers: `{ data }` or `{ error }`. */
  setApex(method, answer) {
    apexAnswers.set(method, clone(answer));
    changed();
  },
  getApex(method) {
    const answer = apexAnswers.get(method);
    return answer ? clone(answer) : undefined;
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
