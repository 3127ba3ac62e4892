/**
 * @module
 * Which QuickBooks items are inactive, per connection, for the invoice mapping: Salesforce refuses
 * to add an inactive product (or price book entry) to an Opportunity. Read once per connection
 * from the org's inactive products, then kept current by every item the relay maps: QuickBooks
 * items are read before invoices in every session, so an invoice is mapped knowing its items.
 * An item another relay process maps (several relays sharing one store) is seen here only after
 * a restart: an invoice of it mapped here meanwhile tries to add the inactive product, which fails
 * as it did before, in words, and is mapped right at the invoice's next change.
 */
import { err, ok, type Result } from '../../lib/result.ts';
import type { SalesforceClient } from './client.ts';

export interface InactiveItems {
  /** Reads the connection's inactive products from the org, once (again after a failure). */
  load(connectionKey: string): Promise<Result<void>>;
  /** The inactive item ids known for the connection (empty before {@link load}). */
  of(connectionKey: string): ReadonlySet<string>;
  /** Notes an item's state as the relay maps it (a deleted item counts as inactive). */
  note(connectionKey: string, itemId: string, active: boolean): void;
}

/** @example const inactive = createInactiveItems(sf); await inactive.load('acme'); inactive.of('acme').has('80000020-1') */
export function createInactiveItems(sf: Pick<SalesforceClient, 'query' | 'namer'>): InactiveItems {
  const known = new Map<string, Set<string>>();
  const loading = new Map<string, Promise<Result<void>>>();
  return {
    load(connectionKey) {
      if (known.has(connectionKey)) return Promise.resolve(ok(undefined));
      let pending = loading.get(connectionKey);
      if (!pending) {
        const field = sf.namer('QuickBooks_Item_Id__c');
        const prefix = `${connectionKey}:`;
        pending = sf
          .query<Record<string, unknown>>(`SELECT ${field} FROM Product2 WHERE IsActive = false AND ${field} != null`)
          .then((r) => {
            loading.delete(connectionKey);
            if (!r.ok) return err(r.error);
            const keys = r.value.map((p) => String(p[field])).filter((k) => k.startsWith(prefix));
            if (!known.has(connectionKey)) known.set(connectionKey, new Set(keys.map((k) => k.slice(prefix.length))));
            return ok(undefined);
          });
        loading.set(connectionKey, pending);
      }
      return pending;
    },
    of: (connectionKey) => known.get(connectionKey) ?? new Set(),
    note(connectionKey, itemId, active) {
      const set = known.get(connectionKey);
      if (!set) return;
      if (active) set.delete(itemId);
      else set.add(itemId);
    },
  };
}
