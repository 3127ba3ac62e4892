import path from 'node:path';
import fs from 'node:fs';
import { loadPackageMetadata } from '../../../../test/metadata/package-metadata.ts';
import type { CanonicalRecord, Deletion, RecordType } from '../../sync/model.ts';
import { deletionWrites, toSalesforceWrites } from './mapping.ts';
import { withShippedFields } from './mapped-fields.ts';
import { MAPPED_FIELDS } from './records.ts';
import {
  AS_SHIPPED,
  NOT_REMAPPABLE,
  SHIPPED_BY_NAME,
  SHIPPED_MAPPINGS,
  shippedChange,
  shippedPlan,
} from './shipped-mappings.ts';

const meta = loadPackageMetadata(path.resolve(import.meta.dirname, '../../../../force-app/main/default'));
const fixtures = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'canonical-records.json'), 'utf8'),
) as Record<string, CanonicalRecord>;
const ctx = { connectionKey: 'acme', today: '2026-11-22' };

/** The package's own fields (and references) are the package's, not remappable. */
const PACKAGE = /^QuickBooks_\w+__(c|r)$/;

const shippedRecords = meta.customMetadataRecords.filter((r) => r.type === 'QuickBooks_Field_Mapping__mdt');
const recordOf = (name: string) => {
  const r = shippedRecords.find((x) => x.developerName === name);
  return r && { label: r.label, ...Object.fromEntries(r.values) };
};

describe('the shipped default field mappings', () => {
  it.each(SHIPPED_MAPPINGS.map((m) => [m.name, m] as const))('ships %s as a record equal to its row', (name, m) => {
    expect(recordOf(name)).toStrictEqual({
      label: m.label,
      Active__c: 'true',
      Default_Value__c: undefined,
      Direction__c: m.direction,
      Format__c: undefined,
      QuickBooks_Field_Kind__c: 'Standard',
      QuickBooks_Field__c: m.booksField,
      QuickBooks_Object__c: m.booksObject,
      Salesforce_Field__c: m.field,
      Salesforce_Object__c: m.object,
      Shipped__c: 'true',
      Transform__c: 'Copy',
      Value_Map__c: undefined,
    });
  });

  it('ships no record marked shipped that the table lacks', () => {
    const marked = shippedRecords.filter((r) => Object.fromEntries(r.values).Shipped__c === 'true');
    expect(marked.map((r) => r.developerName).sort()).toEqual(SHIPPED_MAPPINGS.map((m) => m.name).sort());
  });

  it("names every standard object's field the mapping writes, or knows why it is not remappable", () => {
    const known = (object: string, field: string) =>
      SHIPPED_MAPPINGS.some((m) => m.object === object && m.field === field) ||
      Object.hasOwn(NOT_REMAPPABLE[object] ?? {}, field) ||
      PACKAGE.test(field);
    const records = Object.values(fixtures);
    const writes = [
      ...records.flatMap((r) => toSalesforceWrites(r, ctx)),
      ...records.flatMap((r) => toSalesforceWrites(r, { ...ctx, knownId: '001000000000001AAA' })),
      ...(['customer', 'vendor', 'item', 'invoice'] as RecordType[]).flatMap((t) =>
        deletionWrites(
          { type: 'deletion', recordType: t, id: 'X1', deletedAt: '2026-11-20T10:00:00Z' } as Deletion,
          ctx,
        ),
      ),
    ];
    const standard = writes.filter((w) => !w.sobject.endsWith('__c'));
    const unknown = standard.flatMap((w) =>
      Object.keys(w.fields).flatMap((f) => (known(w.sobject, f) ? [] : [`${w.sobject}.${f}`])),
    );
    expect([...new Set(unknown)]).toEqual([]);
    expect(standard.length).toBeGreaterThan(0);
  });
});

describe('shipped mappings an admin changed', () => {
  const phone = SHIPPED_BY_NAME.get('Account_Phone')!;
  const asShipped = {
    Salesforce_Object__c: 'Account',
    Salesforce_Field__c: 'Phone',
    QuickBooks_Object__c: 'Customer',
    QuickBooks_Field__c: 'Phone',
    QuickBooks_Field_Kind__c: 'Standard',
    Direction__c: 'Both',
    Transform__c: 'Copy',
    Value_Map__c: null,
    Default_Value__c: null,
    Format__c: null,
    Active__c: true,
  };
  const described = (name: string) =>
    ({
      Main_Phone__c: { name, type: 'phone', length: 12, updateable: true },
      Rank__c: { name, type: 'double', length: 0, updateable: true },
    })[name];

  it('is as shipped, off, moved, or refused in words', () => {
    expect(shippedChange(phone, asShipped, described)).toBe('shipped');
    expect(shippedChange(phone, { ...asShipped, Active__c: false }, described)).toBeNull();
    expect(shippedChange(phone, { ...asShipped, Salesforce_Field__c: 'Main_Phone__c' }, described)).toEqual({
      field: 'Main_Phone__c',
      length: 12,
    });
    expect(shippedChange(phone, { ...asShipped, Salesforce_Field__c: 'Rank__c' }, described)).toEqual({
      problem: "Account.Rank__c is a double field, which cannot hold Account.Phone's value (Account.Phone is used)",
    });
    expect(shippedChange(phone, { ...asShipped, Salesforce_Field__c: 'Fax' }, described)).toEqual({
      problem: 'the relay writes Account.Fax itself, so it cannot take this mapping too (Account.Phone is used)',
    });
    expect(shippedChange(phone, { ...asShipped, Transform__c: 'Truncate' }, described)).toEqual({
      problem:
        'it is a shipped mapping, of which only Active and Salesforce Field can change: Account.Phone is used, as shipped',
    });
    const memo = SHIPPED_BY_NAME.get('Opportunity_Description')!;
    const memoRecord = {
      ...asShipped,
      Salesforce_Object__c: 'Opportunity',
      QuickBooks_Object__c: 'Invoice',
      QuickBooks_Field__c: 'Memo',
    };
    expect(shippedChange(memo, { ...memoRecord, Salesforce_Field__c: 'Name' }, described)).toEqual({
      problem:
        'the relay writes Opportunity.Name itself, so it cannot take this mapping too (Opportunity.Description is used)',
    });
    const name = SHIPPED_BY_NAME.get('Account_Name')!;
    expect(
      shippedChange(
        name,
        { ...asShipped, Salesforce_Field__c: 'Name', Active__c: false, QuickBooks_Field__c: 'Name' },
        described,
      ),
    ).toEqual({
      problem:
        'Salesforce needs an Account Name to create the record, so this mapping can be neither turned off nor moved: it is used as shipped',
    });
  });

  it('writes as shipped when nothing changed, and drops or moves the fields of rows changed', () => {
    const customer = Object.values(fixtures).find((r) => r.type === 'customer')!;
    const writes = toSalesforceWrites(customer, ctx);
    expect(withShippedFields(writes, AS_SHIPPED.toCrm)).toBe(writes);
    const plan = shippedPlan([
      [phone, { field: 'Main_Phone__c', length: 5 }],
      [SHIPPED_BY_NAME.get('Contact_Title')!, null],
    ]);
    const [account, contact] = withShippedFields(writes, plan.toCrm);
    expect(account!.fields).not.toHaveProperty('Phone');
    expect(account!.fields[MAPPED_FIELDS]).toEqual({ Main_Phone__c: String(writes[0]!.fields.Phone).slice(0, 5) });
    expect(contact!.fields).not.toHaveProperty('Title');
    expect(plan.toBooks.get('Account')?.get('Phone')).toEqual({ field: 'Main_Phone__c', length: 5 });
  });
});
