/**
 * @module
 * Reading the org's changes by polling: Accounts marked "Send this account to QuickBooks"
 * (`QuickBooks_Sync_Enabled__c`) changed since the durable cursor, by `SystemModstamp` (indexed,
 * bumped by every change), oldest first, a page of up to 2,000 at a time. The cursor overlaps by a
 * few seconds, since records committed in the same instant may land after a read; records of the
 * overlap already stored (same Id and SystemModstamp) are not stored again. Each page goes to the
 * inbox as it was read, with the cursor it moved, in one transaction, so a crash re-reads it.
 */
import { uuidv7 } from '../../lib/ids.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Store } from '../../store/index.ts';
import type { SalesforceClient } from './client.ts';

/** The inbox kind, and the cursor's object, of a page of Accounts. */
export const ACCOUNT_CHANGES = 'Account';

const OVERLAP_MS = 5_000;
const PAGE = 2_000;

/** The Account fields the customer mapping reads (see `source.ts`). */
export const ACCOUNT_FIELDS = [
  'Id',
  'Name',
  'Phone',
  'BillingStreet',
  'BillingCity',
  'BillingState',
  'BillingPostalCode',
  'BillingCountry',
  'ShippingStreet',
  'ShippingCity',
  'ShippingState',
  'ShippingPostalCode',
  'ShippingCountry',
  'QuickBooks_Email__c',
  'QuickBooks_Customer_Id__c',
  'QuickBooks_Type__c',
  'SystemModstamp',
] as const;

export interface ChangeReaderDeps {
  readonly sf: Pick<SalesforceClient, 'query' | 'namer'>;
  readonly store: Store;
  /** The org's connection. */
  readonly connectionId: string;
  readonly log: Logger;
}

/** A SOQL dateTime literal, to the second (SOQL takes no fractions), rounded down. */
const soqlTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** @example const reader = createChangeReader({ sf, store, connectionId: 'salesforce', log }); await reader.readOnce(); */
export function createChangeReader(d: ChangeReaderDeps) {
  const n = d.sf.namer;
  return {
    /** Reads every Account changed since the cursor into the inbox; returns how many were stored. */
    async readOnce(): Promise<number> {
      let stored = 0;
      for (;;) {
        const cursor = await d.store.cursors.get(d.connectionId, ACCOUNT_CHANGES);
        const seen = new Set((cursor?.boundary ?? []).map(([id, stamp]) => `${id}@${stamp}`));
        const since = cursor?.fromModified
          ? ` AND SystemModstamp >= ${soqlTime(Date.parse(cursor.fromModified) - OVERLAP_MS)}`
          : '';
        const soql =
          `SELECT ${ACCOUNT_FIELDS.map((f) => n(f)).join(', ')} FROM Account ` +
          `WHERE ${n('QuickBooks_Sync_Enabled__c')} = true${since} ORDER BY SystemModstamp, Id LIMIT ${PAGE}`;
        const found = await d.sf.query<Record<string, unknown>>(soql);
        if (!found.ok) {
          d.log.warn('the org’s changed Accounts could not be read; trying again next round', {
            code: found.error.code,
          });
          return stored;
        }
        const rows = found.value;
        const fresh = rows.filter((r) => !seen.has(`${String(r.Id)}@${String(r.SystemModstamp)}`));
        const newest = rows.at(-1)?.SystemModstamp;
        if (fresh.length === 0 || typeof newest !== 'string') return stored;
        const newestMs = Date.parse(newest);
        const boundary = rows
          .filter((r) => Date.parse(String(r.SystemModstamp)) >= newestMs - OVERLAP_MS)
          .map((r) => [String(r.Id), String(r.SystemModstamp)] as const);
        await d.store.transaction(async (tx) => {
          await tx.inbox.add({
            id: uuidv7(),
            connectionId: d.connectionId,
            sessionId: null,
            requestKind: ACCOUNT_CHANGES,
            requestId: `${ACCOUNT_CHANGES}@${newest}`,
            payload: JSON.stringify(fresh.map((r) => localNames(r, n.local))),
          });
          await tx.cursors.put(d.connectionId, { objectType: ACCOUNT_CHANGES, fromModified: newest, boundary });
        });
        stored += fresh.length;
        if (rows.length < PAGE) return stored;
      }
    },
  };
}

/** A row with the package's field names as the mapping knows them (without the namespace). */
function localNames(r: Record<string, unknown>, local: (name: string) => string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(r).flatMap(([k, v]) => (k === 'attributes' ? [] : [[local(k), v]])));
}
