/**
 * @module
 * A save in the simulated org as its API makes it (the org's rules apply: required fields, price
 * book checks, drafts before activation), for tests that edit the CRM side by hand.
 */
import { insert, prepare, update, type SaveResult } from '../../simulators/salesforce/dml.ts';
import type { SalesforceSimulator } from '../../simulators/salesforce/index.ts';

/** @example const id = saveRecord(r.org, 'Account', { Name: 'Acme', QuickBooks_Sync_Enabled__c: true }); */
export function saveRecord(
  sim: SalesforceSimulator,
  object: string,
  body: Record<string, unknown>,
  id?: string,
): string {
  const org = sim.org;
  const o = org.objectOrThrow(object);
  const result: SaveResult = id
    ? update(org.dml, o, id, prepare(org.dml, o, body))
    : insert(org.dml, o, prepare(org.dml, o, body));
  if (!result.success) throw new Error(`${object}: ${JSON.stringify(result.errors)}`);
  return result.id;
}
