import path from 'node:path';
import fs from 'node:fs';
import { loadPackageMetadata } from '../../../../test/metadata/package-metadata.ts';
import type { CanonicalRecord } from '../../sync/model.ts';
import { cut, FIELD_LIMITS, fitWrite, invalidDate, outOfRange, unsendable, type FieldLimit } from './field-limits.ts';
import { toSalesforceWrites } from './mapping.ts';
import type { SObjectName } from './schema.ts';

const meta = loadPackageMetadata(path.resolve(import.meta.dirname, '../../../../force-app/main/default'));
const fixtures = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'canonical-records.json'), 'utf8'),
) as Record<string, CanonicalRecord>;
const ctx = { connectionKey: 'acme', today: '2026-11-22' };

const TEXT = new Set(['Text', 'TextArea', 'LongTextArea', 'Phone', 'Url']);
/** Phone fields, standard or custom, hold 40 characters; their metadata states no length. */
const PHONE_LENGTH = 40;
const NUMBER = new Set(['Number', 'Currency', 'Percent']);
const DATES = new Set(['Date', 'DateTime']);

describe('field limits', () => {
  it('equal what the package declares (custom fields, from force-app XML) and the org defines (standard fields)', () => {
    const disagreements: string[] = [];
    let checked = 0;
    for (const [sobject, fields] of Object.entries(FIELD_LIMITS)) {
      for (const [name, limit] of Object.entries(fields)) {
        const def = meta.objects.get(sobject)?.fields.get(name);
        checked++;
        if (!def) {
          disagreements.push(`${sobject}.${name}: not in the package or the standard objects`);
          continue;
        }
        const declared: FieldLimit | undefined =
          def.type === 'Date' || def.type === 'DateTime'
            ? { kind: def.type === 'Date' ? 'date' : 'datetime' }
            : def.type === 'Email'
              ? { kind: 'email', length: 80 }
              : NUMBER.has(def.type)
                ? { kind: 'number', precision: def.precision!, scale: def.scale ?? 0 }
                : TEXT.has(def.type)
                  ? { kind: 'text', length: def.length ?? (def.type === 'Phone' ? PHONE_LENGTH : NaN) }
                  : undefined;
        if (JSON.stringify(declared) !== JSON.stringify(limit)) {
          disagreements.push(`${sobject}.${name}: table ${JSON.stringify(limit)}, package ${JSON.stringify(declared)}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(checked).toBe(81);
  });

  it('cover every text, number and date field the mapping writes', () => {
    const writes = Object.values(fixtures).flatMap((r) => toSalesforceWrites(r, ctx));
    expect(writes.length).toBeGreaterThan(10);
    const missing = new Set<string>();
    for (const w of writes) {
      for (const key of Object.keys(w.fields)) {
        const def = meta.objects.get(w.sobject)?.fields.get(key);
        const sized =
          def && (TEXT.has(def.type) || NUMBER.has(def.type) || DATES.has(def.type) || def.type === 'Email');
        if (sized && !FIELD_LIMITS[w.sobject]?.[key]) missing.add(`${w.sobject}.${key}`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  describe('cut', () => {
    it('keeps a text that fits, and cuts one that does not at the limit', () => {
      expect(cut('abcd', 4)).toBe('abcd');
      expect(cut('abcde', 4)).toBe('abcd');
      expect(cut('', 0)).toBe('');
      expect(cut('a', 0)).toBe('');
    });

    it('never splits a surrogate pair: the whole character goes when only its first half would fit', () => {
      const grin = '\u{1F600}'; // two UTF-16 code units
      expect(cut(`ab${grin}`, 3)).toBe('ab');
      expect(cut(`ab${grin}`, 4)).toBe(`ab${grin}`);
      expect(cut(`ab${grin}c`, 4)).toBe(`ab${grin}`);
      expect(cut(`a${grin}${grin}`, 4)).toBe(`a${grin}`);
      expect(cut(`${grin}`, 1)).toBe('');
    });
  });

  describe('fitWrite', () => {
    it('cuts texts over their field, leaves the rest as they were, and says what it changed (not the value)', () => {
      const description = 'x'.repeat(3999) + '\u{1F600}' + 'y'.repeat(1000);
      const r = fitWrite('Product2', { Name: 'Widget', Description: description, IsActive: true });
      expect(r.fields).toEqual({ Name: 'Widget', Description: 'x'.repeat(3999), IsActive: true });
      expect(r.fitted).toEqual([{ field: 'Description', action: 'truncated', length: 5001, limit: 4000, kept: 3999 }]);
      const exact = fitWrite('Product2', { Description: 'x'.repeat(4000) });
      expect(exact.fitted).toEqual([]);
      expect((exact.fields.Description as string).length).toBe(4000);
    });

    it('leaves out an email address too long for the field instead of cutting it', () => {
      const r = fitWrite('Contact', { LastName: 'Doe', Email: `${'a'.repeat(70)}@example.com` });
      expect(r.fields).toEqual({ LastName: 'Doe', Email: null });
      expect(r.fitted).toEqual([{ field: 'Email', action: 'omitted', length: 82, limit: 80, kept: 0 }]);
    });

    it('fits nothing on objects and fields it has no limit for', () => {
      const fields = { Status__c: 'x'.repeat(500) };
      expect(fitWrite('QuickBooks_Sync_Log__c' as SObjectName, fields).fields).toBe(fields);
    });
  });

  describe('outOfRange', () => {
    it('Currency(16, 2): 14 digits before the point, whatever the sign; exactly at the limit fits', () => {
      const total = (v: string) => outOfRange('QuickBooks_Invoice__c', { Total_Amount__c: v });
      expect(total('99999999999999.99')).toBeUndefined();
      expect(total('-99999999999999.99')).toBeUndefined();
      expect(total('0.00')).toBeUndefined();
      expect(total('100000000000000.00')?.code).toBe('sf_value_out_of_range');
      expect(total('-100000000000000.00')?.code).toBe('sf_value_out_of_range');
      // Rounded to the scale first, as the org does: a carry can add a digit.
      expect(total('99999999999999.994')).toBeUndefined();
      expect(total('99999999999999.995')?.code).toBe('sf_value_out_of_range');
    });

    it('Currency(18, 2) and Number(6, 0): 16 and 6 integer digits', () => {
      expect(outOfRange('Opportunity', { Amount: '9999999999999999.99' })).toBeUndefined();
      expect(outOfRange('Opportunity', { Amount: '10000000000000000.00' })?.code).toBe('sf_value_out_of_range');
      expect(outOfRange('QuickBooks_Invoice_Line__c', { Line_Number__c: 999999 })).toBeUndefined();
      expect(outOfRange('QuickBooks_Invoice_Line__c', { Line_Number__c: 1000000 })?.code).toBe('sf_value_out_of_range');
      expect(outOfRange('QuickBooks_Invoice_Line__c', { Quantity__c: '-9999999999999.99999' })).toBeUndefined();
      expect(outOfRange('QuickBooks_Invoice_Line__c', { Quantity__c: '-10000000000000' })?.code).toBe(
        'sf_value_out_of_range',
      );
    });

    it('says in words which field, which value and what the field holds; it is not retryable', () => {
      expect(outOfRange('Opportunity', { Name: 'x', Amount: '12345678901234567.00' })).toEqual({
        code: 'sf_value_out_of_range',
        retryable: false,
        message:
          'Opportunity.Amount cannot hold 12345678901234567.00: the field takes at most 16 digits before the decimal ' +
          'point (18 digits, 2 after the point; from -9999999999999999.99 to 9999999999999999.99), so Salesforce ' +
          'would refuse the record. Correct it in QuickBooks; the corrected record is written at the next sync.',
      });
    });

    it('ignores empty values, texts and fields without a number limit', () => {
      expect(outOfRange('QuickBooks_Invoice__c', { Due_Date__c: '2026-02-31' })).toBeUndefined();
      expect(outOfRange('Opportunity', { Amount: null, Name: '1'.repeat(30) })).toBeUndefined();
      expect(outOfRange('QuickBooks_Sync_Log__c' as SObjectName, { Attempts__c: 10_000_000 })).toBeUndefined();
    });
  });

  describe('invalidDate', () => {
    const due = (v: string) => invalidDate('QuickBooks_Invoice__c', { Due_Date__c: v })?.code;
    const updated = (v: string) => invalidDate('QuickBooks_Invoice__c', { QuickBooks_Updated_At__c: v })?.code;

    it('dates: a day of the calendar, as YYYY-MM-DD', () => {
      expect(due('2028-02-29')).toBeUndefined();
      expect(due('2026-12-31')).toBeUndefined();
      for (const bad of [
        '2026-02-29',
        '2026-02-31',
        '2026-04-31',
        '2026-13-01',
        '2026-00-10',
        '2026-2-1',
        '2026-01-01x',
      ])
        expect([bad, due(bad)]).toEqual([bad, 'sf_invalid_date']);
    });

    it('datetimes: a real day and time, with or without an offset', () => {
      for (const good of [
        '2026-11-01T09:00:00-08:00',
        '2026-01-31T23:59:59.000+0000',
        '2026-01-31T23:59:59Z',
        '2026-01-31',
      ])
        expect([good, updated(good)]).toEqual([good, undefined]);
      for (const bad of ['2026-01-01T24:00:00Z', '2026-02-30T10:00:00.000+0000', '2026-01-01T10:60:00Z', 'yesterday'])
        expect([bad, updated(bad)]).toEqual([bad, 'sf_invalid_date']);
    });

    it('says which field and value, in words; unsendable reports numbers and dates alike', () => {
      expect(invalidDate('Opportunity', { CloseDate: '2026-02-31' })).toEqual({
        code: 'sf_invalid_date',
        retryable: false,
        message:
          'Opportunity.CloseDate cannot hold 2026-02-31: it is not a calendar day (YYYY-MM-DD), so Salesforce would ' +
          'refuse the record. Correct it in QuickBooks; the corrected record is written at the next sync.',
      });
      expect(unsendable('Opportunity', { CloseDate: '2026-02-28', Amount: '1.00' })).toBeUndefined();
      expect(unsendable('Opportunity', { CloseDate: '2026-02-31' })?.code).toBe('sf_invalid_date');
      expect(unsendable('Opportunity', { Amount: '1e3' })).toBeUndefined();
      expect(unsendable('Opportunity', { Amount: '10000000000000000' })?.code).toBe('sf_value_out_of_range');
    });
  });
});
