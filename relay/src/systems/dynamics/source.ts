/**
 * @module
 * Dynamics 365 Sales as a sync source: a page the feed stored (`feed/page.ts`) → canonical records
 * and deletions. Accounts become customers or vendors, products items, sales orders the invoices
 * QuickBooks is to make of them (`mapping/to-canonical.ts`; an order still being written, under the
 * `submitted` trigger, or invoiced already, gives nothing); a row that does not map is a failure with the reason in words and
 * the rest of the page is used. A deleted account is a deletion of its customer and of its vendor
 * (ingest deactivates only the one that was mirrored), a product of its item; a deleted
 * order takes nothing out of the books. A row a flow wrote from QuickBooks carries its QuickBooks id (`mirrorOf`): it joins that
 * record's entity, and what it holds unchanged is not sent back. The relay reads Dynamics itself
 * (push delivery): a read of the feed (`dynamics_reads`) is the delivery its runs count.
 */
import { err, ok, relayError, type Result } from '../../lib/result.ts';
import type { Db } from '../../store/db.ts';
import type { SourceAdapter, SourceFailure } from '../../sync/adapters.ts';
import type { CanonicalRecord, Deletion, RecordType } from '../../sync/model.ts';
import { decodePage, type PageTable } from './feed/page.ts';
import { accountToCanonical, productToCanonical, salesOrderToCanonical } from './mapping/to-canonical.ts';
import type { InboundContext, OrderTrigger } from './mapping/to-canonical.ts';
import { dynamicsReadsRepo } from './store/reads.ts';

export interface DynamicsSourceOptions {
  readonly now: () => number;
  /** When a sales order is taken into QuickBooks (`DYNAMICS_ORDER_TRIGGER`). */
  readonly orderTrigger: OrderTrigger;
  /** What a product that is not a service becomes (`DYNAMICS_NEW_ITEMS_AS`). */
  readonly productItemType: InboundContext['productItemType'];
}

type Mapped = Result<CanonicalRecord | Deletion | undefined>;

/** Per table: its rows' key, the kind of record a row is, its mapping, and what its deletion is. */
const TABLES: Readonly<
  Record<
    PageTable,
    {
      key: string;
      recordType: RecordType;
      map: (row: unknown, o: DynamicsSourceOptions) => Mapped;
      deletes: readonly RecordType[];
    }
  >
> = {
  account: {
    key: 'accountid',
    recordType: 'customer',
    map: (r) => accountToCanonical(r),
    deletes: ['customer', 'vendor'],
  },
  product: {
    key: 'productid',
    recordType: 'item',
    map: (r, o) => productToCanonical(r, { productItemType: o.productItemType }),
    deletes: ['item'],
  },
  salesorder: {
    key: 'salesorderid',
    recordType: 'invoice',
    map: (r, o) => salesOrderToCanonical(r, o.orderTrigger),
    // A deleted order is not taken back out of the books (QuickBooks keeps its invoice).
    deletes: [],
  },
};

/** @example const source = createDynamicsSource({ now: Date.now, orderTrigger: 'submitted', productItemType: 'Service' }); */
export function createDynamicsSource(o: DynamicsSourceOptions): SourceAdapter {
  return {
    system: 'dynamics',
    serves: 'dynamics',
    delivery: 'push',
    name: 'Dynamics 365 Sales',
    edition: 'Dynamics 365 Sales',
    receiving: (db: Db, connectionId) => dynamicsReadsRepo(db, o.now).anyOpen(connectionId),
    deliveryOpen: (db: Db, connectionId, readId) => dynamicsReadsRepo(db, o.now).isOpen(connectionId, readId),
    // Rows name their own currency (or none: the company's own); decoding needs none.
    context: async () => ({ homeCurrency: 'USD' }),
    decode(payload, kind) {
      const page = decodePage(payload);
      if (!page.ok) return page;
      const { table, rows, deleted } = page.value;
      if (table !== kind)
        return err(
          relayError('dyn_page_unreadable', `The stored page says it holds ${table} rows, but was stored as ${kind}.`),
        );
      const t = TABLES[table];
      const records: (CanonicalRecord | Deletion)[] = [];
      const failures: SourceFailure[] = [];
      for (const row of rows) {
        const mapped = t.map(row, o);
        if (mapped.ok) {
          if (mapped.value) records.push(mapped.value);
          continue;
        }
        const key = row[t.key];
        failures.push({ sourceType: t.recordType, sourceId: typeof key === 'string' ? key : '', error: mapped.error });
      }
      for (const d of deleted)
        for (const recordType of t.deletes)
          records.push({ type: 'deletion', recordType, id: d.id, deletedAt: d.deletedAt });
      return ok({ records, failures });
    },
  };
}
