/**
 * @module
 * Which QuickBooks items are inactive, per connection, for the invoice mapping: Salesforce refuses
 * to add an inactive product (or price book entry) to an Opportunity. Known without asking the org
 * (ingest must not wait on Salesforce): before the relay first maps a connection's records, the
 * engine hands over the last Product2 write the relay queued for each of its items (the outbox
 * keeps one per record), and from then on every item the relay maps keeps it current. QuickBooks
 * items are read before invoices in every session, so an invoice is mapped knowing its items.
 * An item another relay process maps (several relays sharing one store) is seen here only after
 * a restart: an invoice of it mapped here meanwhile tries to add the inactive product, which fails
 * as it did before, in words, and is mapped right at the invoice's next change.
 */
import type { RecalledWrite } from '../../sync/adapters.ts';

export interface InactiveItems {
  /** Learns the connection's items' states from the Product2 writes the relay last queued for them. */
  recall(connectionKey: string, products: readonly RecalledWrite[]): void;
  /** The inactive item ids known for the connection. */
  of(connectionKey: string): ReadonlySet<string>;
  /** Notes an item's state as the relay maps it (a deleted item counts as inactive). */
  note(connectionKey: string, itemId: string, active: boolean): void;
}

/** @example const inactive = createInactiveItems(); inactive.note('acme', '80000020-1', false); inactive.of('acme').has('80000020-1') */
export function createInactiveItems(): InactiveItems {
  const known = new Map<string, Set<string>>();
  const note = (connectionKey: string, itemId: string, active: boolean) => {
    let set = known.get(connectionKey);
    if (!set) known.set(connectionKey, (set = new Set()));
    if (active) set.delete(itemId);
    else set.add(itemId);
  };
  return {
    recall(connectionKey, products) {
      const prefix = `${connectionKey}:`;
      for (const p of products) {
        if (p.externalId.startsWith(prefix))
          note(connectionKey, p.externalId.slice(prefix.length), p.fields.IsActive !== false);
      }
    },
    of: (connectionKey) => known.get(connectionKey) ?? new Set(),
    note,
  };
}
