/**
 * @module
 * Salesforce as a sync source: a stored page of changed records (see `changes.ts`) → canonical
 * customers, items, invoices and orders (`source-rows.ts`). Each row is checked against the shape its
 * query asked for before it is mapped; a row that does not fit is a failure with the reason, and
 * the rest of the page is used.
 */
import { err, ok, relayError } from '../../lib/result.ts';
import type { SourceAdapter, SourceFailure } from '../../sync/adapters.ts';
import type { CanonicalRecord } from '../../sync/model.ts';
import {
  AccountRow,
  OpportunityRow,
  OrderRow,
  ProductRow,
  toCustomer,
  toInvoiceRecords,
  toItem,
  toOrderRecords,
} from './source-rows.ts';

/** Per kind of page: its rows' shape, the kind of record a row is, and its mapping. */
const PAGES = {
  Account: { row: AccountRow, recordType: 'customer', map: (r: AccountRow) => [toCustomer(r)] },
  Product2: { row: ProductRow, recordType: 'item', map: (r: ProductRow) => [toItem(r)] },
  Opportunity: { row: OpportunityRow, recordType: 'invoice', map: toInvoiceRecords },
  Order: { row: OrderRow, recordType: 'order', map: toOrderRecords },
} as const;

const isPageKind = (kind: string): kind is keyof typeof PAGES => Object.hasOwn(PAGES, kind);

/** @example const source = createSalesforceSource(); source.decode(page, 'Account', ctx) */
export function createSalesforceSource(): SourceAdapter {
  return {
    system: 'sf',
    serves: 'salesforce',
    // The relay reads the org: nothing arrives by itself, and nothing is still on its way.
    delivery: 'push',
    name: 'Salesforce',
    edition: 'Salesforce',
    receiving: async () => false,
    deliveryOpen: async () => false,
    // Accounts carry no amounts: the currency is never read.
    context: async () => ({ homeCurrency: 'USD' }),
    decode(payload, kind) {
      if (!isPageKind(kind))
        return err(relayError('sf_unknown_page', `The relay stores no Salesforce page of kind "${kind}".`));
      const page = PAGES[kind];
      let rows: unknown;
      try {
        rows = JSON.parse(payload);
      } catch {
        return err(relayError('sf_page_unreadable', `The stored page of ${kind} records is not JSON.`));
      }
      if (!Array.isArray(rows))
        return err(relayError('sf_page_unreadable', `The stored page of ${kind} records is not a list.`));
      const records: CanonicalRecord[] = [];
      const failures: SourceFailure[] = [];
      for (const row of rows) {
        const parsed = page.row.safeParse(row);
        if (parsed.success) {
          records.push(...page.map(parsed.data as never));
          continue;
        }
        const id = typeof (row as { Id?: unknown })?.Id === 'string' ? (row as { Id: string }).Id : '';
        const problem = parsed.error.issues[0];
        failures.push({
          sourceType: page.recordType,
          sourceId: id,
          error: relayError(
            'sf_record_unreadable',
            `The ${kind} ${id || '(no Id)'} could not be read: ${problem?.path.join('.') || 'the row'} ${problem?.message ?? 'is not as queried'}.`,
          ),
        });
      }
      return ok({ records, failures });
    },
  };
}
