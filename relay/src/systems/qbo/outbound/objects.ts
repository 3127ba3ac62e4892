/**
 * @module
 * The outbox objects of writes into QuickBooks Online (each the entity it writes: an order's is its
 * journal entry, see `journal-send.ts`), and the fields
 * a write gives only when it creates the record — as Desktop's: a customer's company name (an
 * existing customer's stays the books', it may differ from its name) and an item's type (the kind
 * of item is chosen when it is added).
 */

export const OBJECTS = {
  customer: 'Customer',
  item: 'Item',
  invoice: 'Invoice',
  journalEntry: 'JournalEntry',
} as const;
export type QboObject = (typeof OBJECTS)[keyof typeof OBJECTS];

export const CREATE_ONLY: Readonly<Record<QboObject, readonly string[]>> = {
  Customer: ['CompanyName'],
  Item: ['Type'],
  Invoice: [],
  JournalEntry: [],
};

/** Name lists are never deleted (made inactive); the field their unique name is in. */
export const NAME_FIELD: Readonly<Partial<Record<QboObject, 'DisplayName' | 'Name'>>> = {
  Customer: 'DisplayName',
  Item: 'Name',
};

export const isQboObject = (object: string): object is QboObject => object in CREATE_ONLY;
