/**
 * @module
 * The org's field mappings applied to a record's writes into Salesforce: each mapping that flows
 * into Salesforce for the record's kind writes its field on the record's own object (a customer's
 * Account, an invoice's Opportunity, an item's Product2; a customer's primary Contact for a Contact mapping, `crmObject`), its value the
 * record's custom value (`CustomValue`, by the QuickBooks field's name) through the mapping's
 * transform, under `MAPPED_FIELDS` (they are the org's own fields, not the package's) — but for a
 * value the transform says the field keeps (a value map's `*` pair read back), or the field policy
 * holds (`CustomValue.keep`). A value cut to fit
 * its field is logged (mapping, field, record, lengths; never the text). No mapping: the writes as
 * they were. An invoice's mapping whose field the invoice does not list (the company has no such
 * custom field, or it is off: QuickBooks Online lists every one that is on) writes nothing. A
 * mapping onto a mirror object (`crmObject`, `mirror-mappings.ts`) writes the mirror's own write;
 * a Desktop field the record does not list is empty in QuickBooks, and clears the mirror's. The
 * shipped defaults an admin changed ({@link withShippedFields}) move or drop the fields the relay's
 * own mapping writes.
 */
import type { Logger } from '../../lib/logger.ts';
import { transform, type FieldMapping } from '../../sync/custom-fields.ts';
import type { CanonicalRecord } from '../../sync/model.ts';
import { cut } from './field-limits.ts';
import type { SalesforceWrite } from './mapping.ts';
import { MAPPED_FIELDS } from './records.ts';
import type { ShippedChanges } from './shipped-mappings.ts';

/** The Salesforce object each kind's mapped fields are written on. */
const MAPPED_OBJECT: Readonly<Record<string, string>> = {
  customer: 'Account',
  invoice: 'Opportunity',
  item: 'Product2',
};

/** @example withMappedFields(customer, writes, mappings, log) // the Account write with Region__c set */
export function withMappedFields(
  record: CanonicalRecord,
  writes: SalesforceWrite[],
  mappings: readonly FieldMapping[],
  log?: Logger,
): SalesforceWrite[] {
  const applied = mappings.filter((m) => m.toCrm && m.recordType === record.type);
  if (!applied.length) return writes;
  const custom =
    record.type === 'customer' || record.type === 'invoice' || record.type === 'item' ? (record.custom ?? []) : [];
  const byObject = new Map<string, Record<string, string | null>>();
  for (const m of applied) {
    const object = m.crmObject ?? MAPPED_OBJECT[record.type];
    if (!object) continue;
    const held = custom.find((c) => c.name === m.booksField && Boolean(c.standard) === Boolean(m.standard));
    // A mirror's field follows the record: one its books do not list is empty there, unless they list only what is on.
    const listedOnly = m.crmObject ? m.onlyListed : record.type === 'invoice';
    if ((!held && listedOnly) || held?.keep) continue;
    const out = transform(m.transform, held?.value, 'crm', m.length?.crm);
    if (out.cutFrom !== undefined) {
      log?.warn('a mapped value cut to fit its Salesforce field', {
        mapping: m.name,
        field: m.crmField,
        record: record.id,
        length: out.cutFrom,
        limit: m.length?.crm,
      });
    }
    if (!out.keep) byObject.set(object, { ...byObject.get(object), [m.crmField]: out.value });
  }
  return [...byObject].reduce((all, [object, fields]) => {
    // The record's own write (the first of its object), not a write of another record it names.
    const at = all.findIndex((w) => w.sobject === object && w.source.id === record.id && !w.slot);
    if (at < 0) return all;
    return all.map((w, i) => (i === at ? { ...w, fields: { ...w.fields, [MAPPED_FIELDS]: fields } } : w));
  }, writes);
}

/**
 * The writes with the shipped defaults an admin changed applied: a field of a row turned off is
 * not written; a field of a row moved is written to the org's field instead (under
 * `MAPPED_FIELDS`: the org's own name), cut to what it holds. All as shipped: the writes as they were.
 * @example withShippedFields(writes, plan.toCrm) // Account writes with Main_Phone__c for Phone
 */
export function withShippedFields(writes: SalesforceWrite[], changes: ShippedChanges): SalesforceWrite[] {
  if (!changes.size) return writes;
  return writes.map((w) => {
    const of = changes.get(w.sobject);
    if (!of || !Object.keys(w.fields).some((f) => of.has(f))) return w;
    const fields: Record<string, unknown> = {};
    const moved: Record<string, unknown> = { ...(w.fields[MAPPED_FIELDS] as Record<string, unknown> | undefined) };
    for (const [field, value] of Object.entries(w.fields)) {
      if (field === MAPPED_FIELDS) continue;
      const to = of.get(field);
      if (to === undefined) fields[field] = value;
      else if (to !== null)
        moved[to.field] = typeof value === 'string' && to.length !== undefined ? cut(value, to.length) : value;
    }
    return { ...w, fields: Object.keys(moved).length ? { ...fields, [MAPPED_FIELDS]: moved } : fields };
  });
}
