/**
 * @module
 * An order (a CRM's activated Order) as the write into QuickBooks Online it owes, as a pure
 * function: what its journal entry books, with the customer and the products' items by the
 * SOURCE's ids and the department and class by name — all resolved when the write is sent
 * (`journal-send.ts`), since an item's income account, the receivable account and a department's
 * Id are the company's to say at that moment. A cancelled order's write asks only that its booking
 * be undone. The fields are what the outbox keeps (and hashes: a change of any of them is a new
 * version of the order's booking); `versionOf` names that version for the `requestid`s.
 */
import { contentHash } from '../../../sync/hash.ts';
import type { Order } from '../../../sync/model.ts';
import type { SourceRef } from './fields.ts';

/** One product line: its item by the source's product id, its exact amount (negative: a reduction). */
export interface JournalLineFields {
  readonly ItemRef?: SourceRef;
  /** The product's name, for words about the line. */
  readonly Product?: string;
  readonly Description?: string;
  readonly Amount: string;
}

/** What an activated order's journal entry books. */
export interface BookedFields {
  readonly Status: 'activated';
  readonly OrderId: string;
  readonly OrderNumber?: string;
  readonly CustomerRef: SourceRef;
  readonly TxnDate: string;
  /** By its full name (`Parent:Child`), looked up when sent. */
  readonly Department?: string;
  readonly Class?: string;
  readonly CurrencyRef?: { readonly value: string };
  readonly Line: readonly JournalLineFields[];
}

/** A cancelled order: its booking is undone (reversed), nothing new is booked. */
export interface CancelledFields {
  readonly Status: 'cancelled';
  readonly OrderId: string;
  readonly OrderNumber?: string;
}

export type JournalFields = BookedFields | CancelledFields;

/**
 * The fields of an order's write.
 * @example journalFields(order).Line.map((l) => l.Amount) // ['300.00', '0.10']
 */
export function journalFields(o: Order): JournalFields {
  const number = o.number ? { OrderNumber: o.number } : {};
  if (o.status === 'cancelled') return { Status: 'cancelled', OrderId: o.id, ...number };
  return {
    Status: 'activated',
    OrderId: o.id,
    ...number,
    CustomerRef: { sourceId: o.customerId },
    TxnDate: o.txnDate,
    ...(o.department ? { Department: o.department } : {}),
    ...(o.className ? { Class: o.className } : {}),
    ...(o.currency ? { CurrencyRef: { value: o.currency } } : {}),
    Line: o.lines.map((l) => ({
      ...(l.itemId ? { ItemRef: { sourceId: l.itemId } } : {}),
      ...(l.productName ? { Product: l.productName } : {}),
      ...(l.description ? { Description: l.description } : {}),
      Amount: l.amount,
    })),
  };
}

/** The version of what an order books: a hash of its booked fields (12 hex digits). */
export const versionOf = (f: BookedFields): string => contentHash(f).slice(0, 12);

/** How the order is named to a person: its number, else its id. */
export const orderName = (f: Pick<JournalFields, 'OrderId' | 'OrderNumber'>): string =>
  `Salesforce Order ${f.OrderNumber ?? f.OrderId}`;
