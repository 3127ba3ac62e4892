/**
 * @module
 * Salesforce as a sync source: a stored page of changed Accounts (see `changes.ts`) → canonical
 * customers (vendors, when the Account's QuickBooks type says so). Each row is checked against the
 * shape the query asked for before it is mapped; a row that does not fit is a failure with the
 * reason, and the rest of the page is used. An Account the QuickBooks → Salesforce flow created
 * says so by its QuickBooks customer ID: it is that customer's mirror (`mirrorOf`).
 */
import { z } from 'zod';
import { err, ok, relayError } from '../../lib/result.ts';
import type { SourceAdapter, SourceFailure } from '../../sync/adapters.ts';
import type { Address, CanonicalRecord } from '../../sync/model.ts';
import { ACCOUNT_CHANGES } from './changes.ts';

const text = z.string().nullish();
/** A dateTime as the REST API writes it: `2026-12-01T15:00:00.000+0000`. */
const SF_DATETIME = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/, 'is not a dateTime')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'is not a dateTime');

const AccountRow = z.object({
  Id: z.string().regex(/^[a-zA-Z0-9]{15,18}$/),
  Name: z.string().min(1),
  Phone: text,
  BillingStreet: text,
  BillingCity: text,
  BillingState: text,
  BillingPostalCode: text,
  BillingCountry: text,
  ShippingStreet: text,
  ShippingCity: text,
  ShippingState: text,
  ShippingPostalCode: text,
  ShippingCountry: text,
  QuickBooks_Email__c: text,
  QuickBooks_Customer_Id__c: text,
  QuickBooks_Type__c: text,
  SystemModstamp: SF_DATETIME,
});
type AccountRow = z.infer<typeof AccountRow>;

const given = (v: string | null | undefined) => (v ? v : undefined);

function address(street: string | null | undefined, rest: (string | null | undefined)[]): Address | undefined {
  const [city, state, postalCode, country] = rest.map(given);
  const a = Object.fromEntries(
    Object.entries({ street: given(street), city, state, postalCode, country }).filter(([, v]) => v !== undefined),
  );
  return Object.keys(a).length ? a : undefined;
}

function toCustomer(r: AccountRow): CanonicalRecord {
  const common = {
    id: r.Id,
    version: r.SystemModstamp,
    updatedAt: r.SystemModstamp,
    name: r.Name,
    isActive: true,
    ...(r.Phone ? { phone: r.Phone } : {}),
    ...(r.QuickBooks_Email__c ? { email: r.QuickBooks_Email__c } : {}),
  };
  const billing = address(r.BillingStreet, [r.BillingCity, r.BillingState, r.BillingPostalCode, r.BillingCountry]);
  if (r.QuickBooks_Type__c === 'Vendor') return { type: 'vendor', ...common, ...(billing ? { address: billing } : {}) };
  const shipping = address(r.ShippingStreet, [r.ShippingCity, r.ShippingState, r.ShippingPostalCode, r.ShippingCountry]);
  return {
    type: 'customer',
    ...common,
    fullName: r.Name,
    companyName: r.Name,
    ...(billing ? { billing } : {}),
    ...(shipping ? { shipping } : {}),
    ...(r.QuickBooks_Customer_Id__c ? { mirrorOf: { object: 'Account', key: r.QuickBooks_Customer_Id__c } } : {}),
  };
}

/** @example const source = createSalesforceSource(); source.decode(page, 'Account', ctx) */
export function createSalesforceSource(): SourceAdapter {
  return {
    system: 'sf',
    serves: 'salesforce',
    // The relay reads the org: nothing arrives by itself, and nothing is still on its way.
    delivery: 'push',
    edition: 'Salesforce',
    receiving: async () => false,
    deliveryOpen: async () => false,
    // Accounts carry no amounts: the currency is never read.
    context: async () => ({ homeCurrency: 'USD' }),
    decode(payload, kind) {
      if (kind !== ACCOUNT_CHANGES)
        return err(relayError('sf_unknown_page', `The relay stores no Salesforce page of kind "${kind}".`));
      let rows: unknown;
      try {
        rows = JSON.parse(payload);
      } catch {
        return err(relayError('sf_page_unreadable', 'The stored page of Accounts is not JSON.'));
      }
      if (!Array.isArray(rows)) return err(relayError('sf_page_unreadable', 'The stored page of Accounts is not a list.'));
      const records: CanonicalRecord[] = [];
      const failures: SourceFailure[] = [];
      for (const row of rows) {
        const parsed = AccountRow.safeParse(row);
        if (parsed.success) {
          records.push(toCustomer(parsed.data));
          continue;
        }
        const id = typeof (row as { Id?: unknown })?.Id === 'string' ? (row as { Id: string }).Id : '';
        const problem = parsed.error.issues[0];
        failures.push({
          sourceType: 'customer',
          sourceId: id,
          error: relayError(
            'sf_account_unreadable',
            `The Account ${id || '(no Id)'} could not be read: ${problem?.path.join('.') || 'the row'} ${problem?.message ?? 'is not as queried'}.`,
          ),
        });
      }
      return ok({ records, failures });
    },
  };
}
