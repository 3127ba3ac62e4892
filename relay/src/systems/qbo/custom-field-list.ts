/**
 * @module
 * The sales-form custom fields a company's invoices have, as the CRM's field mappings are checked
 * against them: read from its Preferences at most every {@link FRESH_MS} (a failed read says
 * nothing: no mapping is reported for it), by name. Writes read the definitions afresh
 * (`outbound/send.ts`); this is for the connection's words only.
 */
import type { RecordType } from '../../sync/model.ts';
import type { QboClient } from './api/types.ts';
import { readSalesCustomFields } from './mapping/custom-fields.ts';

/** How long a read of the definitions stands. */
const FRESH_MS = 10 * 60_000;

/** @example const list = createCustomFieldList(client, Date.now); await list('invoice') // ['PO Number'] */
export function createCustomFieldList(client: Pick<QboClient, 'preferences'>, now: () => number) {
  let last: { at: number; names: readonly string[] } | undefined;
  return async (recordType: RecordType): Promise<readonly string[] | undefined> => {
    if (recordType !== 'invoice') return undefined;
    if (last && now() - last.at < FRESH_MS) return last.names;
    const prefs = await client.preferences();
    const read = prefs.ok ? readSalesCustomFields(prefs.value) : undefined;
    if (!read?.ok) return undefined;
    last = { at: now(), names: read.value.map((d) => d.name) };
    return last.names;
  };
}
