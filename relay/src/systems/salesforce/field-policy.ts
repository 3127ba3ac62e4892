/**
 * @module
 * The org's field policy: the package's `QuickBooks_Field_Policy__mdt` records (an admin edits them
 * in Setup → Custom Metadata Types), read with one query and kept for an hour, as the engine's
 * canonical rules (see `sync/field-policy.ts`). A record names an object and field of the org;
 * this module knows which canonical field each one is. An Opportunity's fields make its invoice and
 * are not decided again once it exists (the invoice is QuickBooks' then); records the relay cannot
 * apply (an unknown field or owner) are logged once, not guessed at. A record may name an Account
 * field the org's field mappings map to a customer's custom field in QuickBooks (`Account.Region__c`):
 * its rule is that custom field's (`custom`, by its name in QuickBooks), like any other. A shipped
 * row an admin moved (Account Phone → `Main_Phone__c`) keeps the record of the field it replaces:
 * the record names the canonical field (`Account.Phone`), wherever the org keeps it. A mapped field
 * both ways that no record names is Most Recent, flagged for review on a change on both sides (as
 * the package's Account Name and Phone): tracked, so a read of one side older than the other's
 * change on its way there does not overwrite it.
 * When the records cannot be read, the last ones read stay in force; before any were read, none.
 */
import { z } from 'zod';
import type { Logger } from '../../lib/logger.ts';
import type { FieldOwner, FieldPolicy, FieldRule, OnConflict } from '../../sync/field-policy.ts';
import type { FieldMapping } from '../../sync/custom-fields.ts';
import type { SalesforceClient } from './client.ts';
import type { FieldMappingReader } from './field-mappings.ts';

/** How long the records read stay in force before they are read again. */
const REFRESH_MS = 60 * 60_000;

/** `Object.Field` of the org → the canonical fields it is, by record kind. */
const CANONICAL: Readonly<Record<string, readonly (readonly [recordType: string, field: string])[]>> = {
  'Account.Name': [
    ['customer', 'name'],
    ['vendor', 'name'],
  ],
  'Account.BillingAddress': [
    ['customer', 'billing'],
    ['vendor', 'address'],
  ],
  'Account.ShippingAddress': [['customer', 'shipping']],
  'Account.Phone': [
    ['customer', 'phone'],
    ['vendor', 'phone'],
  ],
  'Account.QuickBooks_Terms__c': [['customer', 'terms']],
  'Contact.FirstName': [['customer', 'contact.firstName']],
  'Contact.LastName': [['customer', 'contact.lastName']],
  'Contact.Email': [
    ['customer', 'email'],
    ['vendor', 'email'],
  ],
  'Contact.Phone': [['customer', 'contact.phone']],
  'Product2.Name': [['item', 'name']],
  'Product2.Description': [['item', 'description']],
  'Product2.QuickBooks_Item_Type__c': [['item', 'itemType']],
  'PricebookEntry.UnitPrice': [['item', 'price']],
};

/** Fields only QuickBooks writes (read-only mirrors in the org): nothing to decide. */
const QUICKBOOKS_ONLY = /^Account\.QuickBooks_(Full_Name|Open_Balance|Overdue_Balance)__c$/;

const OWNER: Record<string, FieldOwner> = { QuickBooks: 'books', Salesforce: 'crm', 'Most Recent': 'latest' };
const ON_CONFLICT: Record<string, OnConflict> = {
  'Keep QuickBooks': 'books',
  'Keep Salesforce': 'crm',
  'Flag for Review': 'review',
};

const rowSchema = z.object({
  DeveloperName: z.string(),
  MasterLabel: z.string(),
  Object__c: z.string().nullable(),
  Field__c: z.string().nullable(),
  Owner__c: z.string().nullable(),
  On_Conflict__c: z.string().nullable(),
  Active__c: z.boolean(),
  Reason__c: z.string().nullable(),
});

/** The canonical rules of the records read (`mappings`: the org's, in force); what cannot be applied, in words. */
export function toRules(
  rows: readonly unknown[],
  mappings: readonly FieldMapping[] = [],
): { rules: FieldRule[]; skipped: string[] } {
  const rules: FieldRule[] = [];
  const skipped: string[] = [];
  for (const raw of rows) {
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) {
      skipped.push(`a record the relay cannot read (${parsed.error.issues[0]?.message ?? 'invalid'})`);
      continue;
    }
    const r = parsed.data;
    if (!r.Active__c) continue;
    const name = `${r.Object__c ?? ''}.${r.Field__c ?? ''}`;
    const owner = OWNER[r.Owner__c ?? ''];
    const onConflict = ON_CONFLICT[r.On_Conflict__c ?? ''] ?? 'review';
    const mapped = mappings.find(
      (m) => m.recordType === 'customer' && !m.crmObject && `Account.${m.crmField}` === name,
    );
    const canonical = CANONICAL[name] ?? (mapped ? [['customer', mapped.booksField] as const] : undefined);
    if (QUICKBOOKS_ONLY.test(name)) {
      if (owner !== 'books') skipped.push(`${r.DeveloperName}: ${name} is written by QuickBooks only`);
      continue;
    }
    // A won deal's amount and date make its invoice; once made, the invoice is QuickBooks' record.
    if (r.Object__c === 'Opportunity') {
      if (owner !== 'crm') skipped.push(`${r.DeveloperName}: an Opportunity's ${r.Field__c} makes its invoice`);
      continue;
    }
    if (!canonical || !owner) {
      skipped.push(`${r.DeveloperName}: ${owner ? `${name} is not a field the relay syncs` : `owner "${r.Owner__c}"`}`);
      continue;
    }
    for (const [recordType, field] of canonical)
      rules.push({
        recordType,
        field,
        owner,
        onConflict,
        ...(!CANONICAL[name] ? { custom: true as const } : {}),
        label: r.MasterLabel,
        ...(r.Reason__c ? { reason: r.Reason__c } : {}),
      });
  }
  // A mapped field both ways no record names: whichever side changed it last, a change on both flagged.
  for (const m of mappings) {
    const named = rules.some((r) => r.custom && r.recordType === m.recordType && r.field === m.booksField);
    if (m.recordType !== 'customer' || !m.toCrm || !m.toBooks || named) continue;
    rules.push({
      recordType: 'customer',
      field: m.booksField,
      custom: true,
      ...UNNAMED_MAPPED,
      label: `Account ${m.crmField}`,
      reason: `A QuickBooks Field Policy record for Account.${m.crmField} can say who owns it.`,
    });
  }
  return { rules, skipped };
}

/** The policy of a mapped field both ways that no record names (as the package's Account Name and Phone). */
const UNNAMED_MAPPED = { owner: 'latest', onConflict: 'review' } as const;

const SOQL_FIELDS = [
  'DeveloperName',
  'MasterLabel',
  'Object__c',
  'Field__c',
  'Owner__c',
  'On_Conflict__c',
  'Active__c',
  'Reason__c',
];

/** @example const policy = createFieldPolicyReader({ sf, log, now, mappings }); await policy.read(); */
export function createFieldPolicyReader(d: {
  readonly sf: Pick<SalesforceClient, 'query' | 'namer'>;
  /** The org's field mappings: a record may name a mapped field. */
  readonly mappings?: Pick<FieldMappingReader, 'read'>;
  readonly log: Logger;
  readonly now: () => number;
}) {
  let current: { rules: FieldPolicy; at: number } | undefined;
  let reading: Promise<FieldPolicy | undefined> | undefined;
  let reported = '';
  const n = d.sf.namer;
  async function load(): Promise<FieldPolicy | undefined> {
    const soql = `SELECT ${SOQL_FIELDS.map((f) => n(f)).join(', ')} FROM ${n('QuickBooks_Field_Policy__mdt')} ORDER BY DeveloperName`;
    const found = await d.sf.query<Record<string, unknown>>(soql);
    if (!found.ok) {
      d.log.warn('the field policy cannot be read: the last one read stays in force', { code: found.error.code });
      // Tried again at the next refresh, not on every record.
      current = { rules: current?.rules ?? [], at: d.now() };
      return current.rules;
    }
    const rows = found.value.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [n.local(k), v])));
    const { rules, skipped } = toRules(rows, d.mappings ? (await d.mappings.read()).mappings : []);
    const words = skipped.join('; ');
    if (words && words !== reported) d.log.warn('field policy records not applied', { records: words });
    reported = words;
    current = { rules, at: d.now() };
    return rules;
  }
  return {
    /** The rules in force (read again once an hour). */
    read(): Promise<FieldPolicy | undefined> {
      if (current && d.now() - current.at < REFRESH_MS) return Promise.resolve(current.rules);
      reading ??= load().finally(() => (reading = undefined));
      return reading;
    },
  };
}
