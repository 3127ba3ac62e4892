/**
 * @module
 * Field mappings onto the package's mirror objects: an admin adds a field of their own on a mirror
 * (`PO_Number__c` on `QuickBooks_Invoice__c`) and maps a QuickBooks field of that record to it — a
 * Desktop invoice's standard `PONumber` or `Other` (qbXML 13: 25 and 29 characters), a Desktop
 * data extension on invoices (`OwnerID` 0, read with every invoice query), or an Online invoice's
 * sales-form custom field. The mirrors are QuickBooks' records, read-only in Salesforce, so such a
 * mapping flows QuickBooks to Salesforce only; it cannot take a field the relay writes on the
 * mirror itself (SCHEMA's). The rest of the check (the field exists, its type takes the transform,
 * the relay can write it) is `field-mappings.ts`' like any mapping's.
 */
import { SCHEMA, type SObjectName } from './schema.ts';

interface Mirror {
  /** The QuickBooks object a mapping onto it names. */
  readonly booksObject: string;
  /** The canonical record it mirrors. */
  readonly recordType: string;
  /** In words. */
  readonly what: string;
  /** The standard fields of that record the relay reads for a mapping, and their lengths in QuickBooks. */
  readonly standard: Readonly<Record<string, number>>;
}

/** The mirror objects a mapping may write, by their (package) API name. */
const MIRRORS: Readonly<Record<string, Mirror>> = {
  QuickBooks_Invoice__c: {
    booksObject: 'Invoice',
    recordType: 'invoice',
    what: 'invoice',
    standard: { PONumber: 25, Other: 29 },
  },
};

/** The only direction onto a mirror. */
const INTO_CRM = 'QuickBooks to Salesforce';

/** What a mapping onto a mirror reads from QuickBooks: the record, and a standard field's length. */
export interface MirrorTarget {
  readonly crmObject: string;
  readonly recordType: string;
  readonly standardLength?: number;
}

/** The parts of a mapping record the check reads. */
export interface MirrorRow {
  readonly Salesforce_Object__c: string;
  readonly Salesforce_Field__c: string;
  readonly QuickBooks_Object__c: string;
  readonly QuickBooks_Field__c: string;
  readonly QuickBooks_Field_Kind__c: string;
  readonly Direction__c: string;
}

export const isMirror = (object: string): boolean => Object.hasOwn(MIRRORS, object);

/**
 * What a mapping onto a mirror reads, or why it cannot apply, in words.
 * @example mirrorTarget({ Salesforce_Object__c: 'QuickBooks_Invoice__c', Salesforce_Field__c: 'PO_Number__c', QuickBooks_Object__c: 'Invoice', QuickBooks_Field__c: 'PONumber', QuickBooks_Field_Kind__c: 'Standard', Direction__c: 'QuickBooks to Salesforce' })
 * // { crmObject: 'QuickBooks_Invoice__c', recordType: 'invoice', standardLength: 25 }
 */
export function mirrorTarget(r: MirrorRow): MirrorTarget | { readonly problem: string } {
  const object = r.Salesforce_Object__c;
  const m = MIRRORS[object]!;
  if (r.Direction__c !== INTO_CRM)
    return {
      problem: `${object} mirrors QuickBooks and is read-only in Salesforce, so its direction can only be ${INTO_CRM}`,
    };
  if (r.QuickBooks_Object__c !== m.booksObject)
    return { problem: `${object} mirrors a QuickBooks ${m.booksObject}, not a ${r.QuickBooks_Object__c}` };
  const spec = SCHEMA[object as SObjectName] as { externalId?: string; fields: readonly string[] };
  if (spec.fields.includes(r.Salesforce_Field__c) || spec.externalId === r.Salesforce_Field__c)
    return {
      problem: `the relay writes ${object}.${r.Salesforce_Field__c} itself, so it cannot take this mapping too`,
    };
  const target = { crmObject: object, recordType: m.recordType };
  if (r.QuickBooks_Field_Kind__c !== 'Standard') return target;
  const length = m.standard[r.QuickBooks_Field__c];
  if (length === undefined) {
    const known = Object.keys(m.standard).join(', ');
    return {
      problem: `"${r.QuickBooks_Field__c}" is not a standard field of a QuickBooks ${m.what} the relay reads onto ${object} (${known} are)`,
    };
  }
  return { ...target, standardLength: length };
}
