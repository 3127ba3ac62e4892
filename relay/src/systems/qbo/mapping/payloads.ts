/**
 * @module
 * The name lists and company settings of QuickBooks Online as Intuit sends them (the JSON of
 * `GET /v3/company/{realm}/{entity}/{id}`, a query page or CDC, parsed with `api/json.ts`
 * `parseExactJson`), as zod schemas of what the relay uses: Customer (jobs too), Vendor, Item,
 * Account, Department, Class, CompanyInfo, Preferences. Keys a schema does not name are dropped
 * (Intuit adds fields); a missing required key or a value of the wrong type fails the record, in
 * words that name the record and the field ({@link readPayload}). Amounts are exact decimal strings
 * (`parseExactJson` keeps a number's source text); an exponent or other non-decimal text is refused.
 * The transactions are in `txn-payloads.ts`.
 */
import { z } from 'zod';
import { err, ok, relayError, type Result } from '../../../lib/result.ts';

/** A plain decimal as Intuit writes it: digits, an optional sign and point. */
const PLAIN_DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/** An amount, quantity or rate: the exact decimal text of a JSON number (or a string holding one). */
export const Decimal = z
  .string()
  .refine((v) => !/^[+-]?\d*\.?\d*e[+-]?\d+$/i.test(v), {
    error: (i) => `is written with an exponent (${String(i.input)}); only plain decimals are exact`,
    abort: true,
  })
  .refine((v) => PLAIN_DECIMAL.test(v), { error: (i) => `is not a decimal number (${String(i.input)})` });

/** A whole number Intuit sends as a JSON number (`Level`), kept as its text. */
const Count = z.string().regex(/^\d+$/, 'is not a whole number');

/** `YYYY-MM-DD`. */
export const IsoDate = z.iso.date({ error: (i) => `is not a date as YYYY-MM-DD (${String(i.input)})` });

/** A reference to another record: its Id, and usually its name. */
export const Ref = z.object({ value: z.string().min(1, 'has an empty value'), name: z.string().optional() });
export type Ref = z.infer<typeof Ref>;

const MetaData = z.object({
  CreateTime: z.string().optional(),
  LastUpdatedTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/, 'is not a timestamp'),
});

/** What every entity carries (IntuitEntity). */
export const Entity = { Id: z.string().min(1), SyncToken: z.string().optional(), MetaData };

/** A three-letter ISO 4217 code: Intuit's `CurrencyRef.value`. */
export const CurrencyRef = Ref.extend({ value: z.string().regex(/^[A-Z]{3}$/, 'is not an ISO 4217 currency code') });

export const PhysicalAddress = z.object({
  Line1: z.string().optional(),
  Line2: z.string().optional(),
  Line3: z.string().optional(),
  Line4: z.string().optional(),
  Line5: z.string().optional(),
  City: z.string().optional(),
  CountrySubDivisionCode: z.string().optional(),
  PostalCode: z.string().optional(),
  Country: z.string().optional(),
});
export type PhysicalAddress = z.infer<typeof PhysicalAddress>;

const Phone = z.object({ FreeFormNumber: z.string().optional() });
const Email = z.object({ Address: z.string().optional() });

/** The name parts and contact details Customer and Vendor share. */
const Party = {
  ...Entity,
  DisplayName: z.string().min(1, 'is empty'),
  CompanyName: z.string().optional(),
  /** The honorific (Mr., Ms.): QuickBooks Desktop's Salutation. */
  Title: z.string().optional(),
  GivenName: z.string().optional(),
  MiddleName: z.string().optional(),
  FamilyName: z.string().optional(),
  Suffix: z.string().optional(),
  PrimaryPhone: Phone.optional(),
  AlternatePhone: Phone.optional(),
  Mobile: Phone.optional(),
  Fax: Phone.optional(),
  PrimaryEmailAddr: Email.optional(),
  BillAddr: PhysicalAddress.optional(),
  Balance: Decimal.optional(),
  CurrencyRef: CurrencyRef.optional(),
  Active: z.boolean().optional(),
};

export const QboCustomer = z.object({
  ...Party,
  /** A sub-customer (a job) names its parent, and says so. */
  ParentRef: Ref.optional(),
  Job: z.boolean().optional(),
  /** `Parent:Job`. */
  FullyQualifiedName: z.string().optional(),
  Level: Count.optional(),
  ShipAddr: PhysicalAddress.optional(),
  SalesTermRef: Ref.optional(),
  BalanceWithJobs: Decimal.optional(),
});
export type QboCustomer = z.infer<typeof QboCustomer>;

export const QboVendor = z.object({ ...Party, TermRef: Ref.optional() });
export type QboVendor = z.infer<typeof QboVendor>;

export const QboItem = z.object({
  ...Entity,
  Name: z.string().min(1, 'is empty'),
  FullyQualifiedName: z.string().optional(),
  /** Service, NonInventory, Inventory, Group or Category (others may come). */
  Type: z.string().min(1, 'is empty'),
  Sku: z.string().optional(),
  Description: z.string().optional(),
  PurchaseDesc: z.string().optional(),
  UnitPrice: Decimal.optional(),
  ParentRef: Ref.optional(),
  Active: z.boolean().optional(),
});
export type QboItem = z.infer<typeof QboItem>;

export const QboAccount = z.object({
  ...Entity,
  Name: z.string().min(1, 'is empty'),
  FullyQualifiedName: z.string().optional(),
  /** `Accounts Receivable`, `Income`, ... (words with spaces). */
  AccountType: z.string().min(1, 'is empty'),
  AcctNum: z.string().optional(),
  CurrentBalance: Decimal.optional(),
  CurrentBalanceWithSubAccounts: Decimal.optional(),
  Active: z.boolean().optional(),
});
export type QboAccount = z.infer<typeof QboAccount>;

/** Department (a "location") and Class: names on transactions, `Parent:Child` when nested. */
export const QboNamedList = z.object({
  ...Entity,
  Name: z.string().min(1, 'is empty'),
  FullyQualifiedName: z.string().optional(),
  ParentRef: Ref.optional(),
  Active: z.boolean().optional(),
});
export type QboNamedList = z.infer<typeof QboNamedList>;

export const QboCompanyInfo = z.object({
  ...Entity,
  CompanyName: z.string().min(1, 'is empty'),
  LegalName: z.string().optional(),
  Country: z.string().optional(),
});
export type QboCompanyInfo = z.infer<typeof QboCompanyInfo>;

export const QboPreferences = z.object({
  ...Entity,
  CurrencyPrefs: z.object({
    MultiCurrencyEnabled: z.boolean().optional(),
    HomeCurrency: CurrencyRef,
  }),
});
export type QboPreferences = z.infer<typeof QboPreferences>;

/** A record CDC reports deleted (or merged away): `{ status: 'Deleted', Id, MetaData }`. */
export const QboDeleted = z.object({ ...Entity, status: z.literal('Deleted') });

const path = (p: readonly PropertyKey[]) =>
  p.reduce<string>((out, k) => (typeof k === 'number' ? `${out}[${k}]` : out ? `${out}.${String(k)}` : String(k)), '');

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : `a ${typeof v}`);

/**
 * Validates one entity against its schema; a failure names the record (entity and Id) and each
 * field at fault, in words.
 * @example readPayload(QboItem, 'Item', json) // err: "QuickBooks Online Item 19 cannot be read: UnitPrice is written with an exponent (1e3) …"
 */
export function readPayload<S extends z.ZodType>(schema: S, entity: string, json: unknown): Result<z.infer<S>> {
  const parsed = schema.safeParse(json, {
    error: (i) =>
      i.code === 'invalid_type'
        ? i.input === undefined
          ? 'is missing'
          : `should be ${i.expected === 'object' ? 'an object' : `a ${i.expected}`}, not ${kind(i.input)}`
        : i.code === 'invalid_union'
          ? `is not one Ledgerbridge reads (${String((i.input as { DetailType?: unknown } | undefined)?.DetailType)})`
          : undefined,
  });
  if (parsed.success) return ok(parsed.data);
  const id = (json as { Id?: unknown } | null)?.Id;
  const problems = parsed.error.issues.map((i) => `${path(i.path) || 'the record'} ${i.message}`);
  return err(
    relayError(
      'qbo_invalid_record',
      `QuickBooks Online ${entity} ${typeof id === 'string' && id ? id : '(no Id)'} cannot be read: ${problems.join('; ')}.`,
    ),
  );
}
