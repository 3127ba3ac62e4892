/**
 * @module
 * A resync in Salesforce terms: which canonical records an object holds (an Account: a customer
 * or a vendor; a mirror object: what it mirrors), and, where the org is the source, its change
 * reads (`changes.ts`) rewound to the beginning for them, so the next read takes every record of
 * those objects again. The next read comes within the minute when the org is polled, and within
 * the hour (its safety read) when the change feed is in use — at once when the relay restarts.
 */
import type { RecordType } from '../../sync/model.ts';
import type { Resync } from '../registry.ts';

/** The canonical records each object holds, as mirror or as source. */
const TYPES: Readonly<Record<string, readonly RecordType[]>> = {
  Account: ['customer', 'vendor'],
  Contact: ['customer'],
  Product2: ['item'],
  PricebookEntry: ['item'],
  Opportunity: ['invoice'],
  Order: ['order'],
  QuickBooks_Invoice__c: ['invoice'],
  QuickBooks_Invoice_Line__c: ['invoice'],
  QuickBooks_Payment__c: ['payment'],
  QuickBooks_Bill__c: ['bill'],
  QuickBooks_GL_Account__c: ['account'],
};

/** The change reads (`change-queries.ts` kinds) that carry each canonical record out of the org. */
const READS: Readonly<Partial<Record<RecordType, readonly string[]>>> = {
  customer: ['Account', 'Contact'],
  vendor: ['Account'],
  item: ['Product2', 'PricebookEntry'],
  invoice: ['Opportunity'],
  order: ['Order'],
};

export const salesforceResync: Resync = {
  typesOf: (object) => TYPES[object],
  async readAgain({ store }, connectionId, types) {
    const reads = [...new Set(types.flatMap((t) => READS[t] ?? []))];
    for (const kind of reads) await store.cursors.rewind(connectionId, kind, null);
    return reads.length
      ? `its next read of the org's changes takes every ${reads.join(', ')} again (within the minute when polled, the hour with change events)`
      : 'nothing of it is read from Salesforce';
  },
};
