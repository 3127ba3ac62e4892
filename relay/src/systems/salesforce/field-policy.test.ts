import path from 'node:path';
import { loadPackageMetadata } from '../../../../test/metadata/package-metadata.ts';
import { POLICY_FIELDS } from '../../sync/field-policy.ts';
import type { FieldMapping } from '../../sync/custom-fields.ts';
import { toRules } from './field-policy.ts';

const meta = loadPackageMetadata(path.resolve(import.meta.dirname, '../../../../force-app/main/default'));

/** The shipped records as a query returns them: booleans as JSON booleans, absent values null. */
const shipped = meta.customMetadataRecords
  .filter((r) => r.type === 'QuickBooks_Field_Policy__mdt')
  .map((r) => {
    const values = Object.fromEntries(r.values.map(([f, v]) => [f, v ?? null]));
    return {
      DeveloperName: r.developerName,
      MasterLabel: r.label ?? r.developerName,
      Object__c: values.Object__c ?? null,
      Field__c: values.Field__c ?? null,
      Owner__c: values.Owner__c ?? null,
      On_Conflict__c: values.On_Conflict__c ?? null,
      Active__c: values.Active__c === 'true',
      Reason__c: values.Reason__c ?? null,
    };
  });

describe('the field policy records', () => {
  it('applies every record the package ships, or knows why it need not', () => {
    const { rules, skipped } = toRules(shipped);
    expect(shipped.length).toBeGreaterThanOrEqual(18);
    expect(skipped).toEqual([]);
    const rule = (recordType: string, field: string) =>
      rules.find((r) => r.recordType === recordType && r.field === field);
    expect(rule('customer', 'name')).toMatchObject({ owner: 'latest', onConflict: 'review', label: 'Account Name' });
    expect(rule('vendor', 'address')).toMatchObject({ owner: 'latest', onConflict: 'review' });
    expect(rule('customer', 'terms')).toMatchObject({ owner: 'books', onConflict: 'books' });
    expect(rule('customer', 'contact.lastName')).toMatchObject({ owner: 'latest' });
    expect(rule('item', 'price')).toMatchObject({ owner: 'crm', onConflict: 'crm' });
    // Every field a record names is one the engine keeps from a record's first crossing on.
    expect(rules.filter((r) => !POLICY_FIELDS[r.recordType]?.includes(r.field))).toEqual([]);
    // QuickBooks-only mirrors and the Opportunity's fields are not decided again.
    expect(rules.some((r) => r.recordType === 'invoice')).toBe(false);
  });

  it('leaves out inactive records, and says which records it cannot apply', () => {
    const base = shipped.find((r) => r.DeveloperName === 'Account_Phone')!;
    const { rules, skipped } = toRules([
      { ...base, Active__c: false },
      { ...base, DeveloperName: 'Fax', Field__c: 'Fax' },
      { ...base, DeveloperName: 'Odd', Owner__c: 'Whoever' },
      { ...base, DeveloperName: 'Amount', Object__c: 'Opportunity', Field__c: 'Amount', Owner__c: 'QuickBooks' },
      { DeveloperName: 'Broken' },
    ]);
    expect(rules).toEqual([]);
    expect(skipped).toEqual([
      'Fax: Account.Fax is not a field the relay syncs',
      'Odd: owner "Whoever"',
      "Amount: an Opportunity's Amount makes its invoice",
      expect.stringMatching(/^a record the relay cannot read/),
    ]);
  });

  /** An Account field mapped to a customer's data extension, as the mapping reader gives it. */
  const region = (more: Partial<FieldMapping> = {}): FieldMapping => ({
    name: 'Account_Region',
    recordType: 'customer',
    booksField: 'Sales Region',
    crmField: 'Region__c',
    toCrm: true,
    toBooks: true,
    transform: { kind: 'copy' },
    ...more,
  });

  it('gives a record naming a mapped field the rule of its custom field in QuickBooks', () => {
    const base = shipped.find((r) => r.DeveloperName === 'Account_Phone')!;
    const record = { ...base, DeveloperName: 'Account_Region', MasterLabel: 'Account Region', Field__c: 'Region__c' };
    const { rules, skipped } = toRules(
      [{ ...record, Owner__c: 'QuickBooks', On_Conflict__c: 'Keep QuickBooks' }],
      [region()],
    );
    expect(skipped).toEqual([]);
    expect(rules).toEqual([
      expect.objectContaining({
        recordType: 'customer',
        field: 'Sales Region',
        custom: true,
        owner: 'books',
        onConflict: 'books',
        label: 'Account Region',
      }),
    ]);
    // Without the mapping, the field is not one the relay syncs.
    expect(toRules([record]).skipped).toEqual(['Account_Region: Account.Region__c is not a field the relay syncs']);
    // A standard field's record stays the canonical field's, wherever a moved shipped row keeps it.
    expect(toRules([base], [region()]).rules.filter((r) => !r.custom)).toEqual([
      expect.objectContaining({ recordType: 'customer', field: 'phone' }),
      expect.objectContaining({ recordType: 'vendor', field: 'phone' }),
    ]);
  });

  it('gives a mapped field both ways that no record names Most Recent, flagged for review; one way, nothing', () => {
    const { rules } = toRules([], [region(), region({ name: 'One_Way', booksField: 'Rep', toCrm: false })]);
    expect(rules).toEqual([
      {
        recordType: 'customer',
        field: 'Sales Region',
        custom: true,
        owner: 'latest',
        onConflict: 'review',
        label: 'Account Region__c',
        reason: 'A QuickBooks Field Policy record for Account.Region__c can say who owns it.',
      },
    ]);
  });
});
