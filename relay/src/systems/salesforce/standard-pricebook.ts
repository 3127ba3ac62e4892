/**
 * @module
 * The org's standard price book, as writes name it. Mapping runs at ingest, which must not wait on
 * Salesforce, so a price book entry or an Opportunity names the standard price book by a
 * placeholder ({@link STANDARD_PRICEBOOK}); the target swaps in the org's id as it sends them. The
 * id is read once and kept for an hour (a failed read is tried again at the next send): it only
 * changes if an administrator replaces the org's standard price book. A packed write reads it in
 * its first Composite request ({@link STANDARD_PRICEBOOK_SOQL}, see `composite-batch.ts`) rather
 * than by a call of its own, and tells it here ({@link StandardPricebook.learn}).
 */
import { err, ok, relayError, type RelayError, type Result } from '../../lib/result.ts';
import type { SalesforceClient } from './client.ts';

/** What a mapped write holds where the standard price book's id goes (never an id Salesforce could mistake for one). */
export const STANDARD_PRICEBOOK = '(standard price book)';

const KEEP_MS = 60 * 60_000;

/** Finds the org's standard price book. */
export const STANDARD_PRICEBOOK_SOQL = 'SELECT Id FROM Pricebook2 WHERE IsStandard = true LIMIT 1';

export interface StandardPricebook {
  /** The id, read if not known (or known for over an hour). */
  id(): Promise<Result<string, RelayError>>;
  /** The id if known within the hour, without reading it. */
  known(): string | undefined;
  /** Keeps an id read elsewhere (a packed write's query). */
  learn(id: string): void;
}

/** The error of a write naming the standard price book when the org has none. */
export const noStandardPricebook = relayError(
  'sf_no_standard_pricebook',
  'The org has no standard price book, so products and their prices cannot be written. ' +
    'Add one in Salesforce (Price Books); the relay writes them at the next replay.',
);

/** Whether a write's fields name the standard price book (and so wait for its id). */
export const namesStandardPricebook = (fields: Readonly<Record<string, unknown>>) =>
  Object.values(fields).includes(STANDARD_PRICEBOOK);

/** The fields with the placeholder replaced by the org's id. */
export const withStandardPricebook = (
  fields: Readonly<Record<string, unknown>>,
  id: string,
): Readonly<Record<string, unknown>> =>
  namesStandardPricebook(fields)
    ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === STANDARD_PRICEBOOK ? id : v]))
    : fields;

/** @example const pricebook = createStandardPricebook(sf); const id = await pricebook.id(); */
export function createStandardPricebook(
  sf: Pick<SalesforceClient, 'query'>,
  now: () => number = Date.now,
): StandardPricebook {
  let known: { id: string; at: number } | undefined;
  let reading: Promise<Result<string, RelayError>> | undefined;
  const fresh = () => (known && now() - known.at < KEEP_MS ? known.id : undefined);
  return {
    known: fresh,
    learn(id) {
      known = { id, at: now() };
    },
    id() {
      const id = fresh();
      if (id) return Promise.resolve(ok(id));
      reading ??= sf.query<{ Id: string }>(STANDARD_PRICEBOOK_SOQL).then((r) => {
        reading = undefined;
        if (!r.ok) return err(r.error);
        const found = r.value[0]?.Id;
        if (!found) return err(noStandardPricebook);
        known = { id: found, at: now() };
        return ok(found);
      });
      return reading;
    },
  };
}

/**
 * What a write names as its record's id where it goes to a product's own entry in the standard
 * price book (a product Salesforce made keeps its entry: the relay only names it by the item's
 * QuickBooks id, so the invoice lines of that item find it). The target reads the entry's id as it
 * sends ({@link STANDARD_ENTRY_SOQL}).
 * @example standardEntryOf('01t8d0000000001AAA') // '(standard price book entry of 01t8d0000000001AAA)'
 */
export const standardEntryOf = (productId: string) => `(standard price book entry of ${productId})`;

/** The product a {@link standardEntryOf} placeholder names, or undefined for an id. */
export const productOfEntry = (externalId: string): string | undefined =>
  /^\(standard price book entry of ([A-Za-z0-9]{15,18})\)$/.exec(externalId)?.[1];

/** The standard price book entries of some products (ids checked by {@link productOfEntry}). */
export const STANDARD_ENTRY_SOQL = (productIds: readonly string[]) =>
  `SELECT Id, Product2Id FROM PricebookEntry WHERE Pricebook2.IsStandard = true AND Product2Id IN (${productIds
    .map((id) => `'${id}'`)
    .join(', ')})`;

/** The error of a product with no price in the standard price book. */
export const noStandardEntry = relayError(
  'sf_no_standard_entry',
  'This product has no price in the standard price book, so QuickBooks invoices of its item cannot list it. ' +
    'Give it a standard price in Salesforce; the relay links it at the next replay.',
);
