import { booksFieldProblem, factsOf, fitted, type BooksFieldDefinition, type MappingFacts } from './books-fields.ts';
import type { FieldMapping } from './custom-fields.ts';

const text = (name: string, maxLength = 255, recordTypes = ['customer']): BooksFieldDefinition => ({
  name,
  type: maxLength === 1024 ? 'STR1024TYPE' : 'STR255TYPE',
  holds: 'text',
  maxLength,
  recordTypes,
});
const DEFS: readonly BooksFieldDefinition[] = [
  text('Sales Region'),
  text('Notes', 20),
  text('Item Code', 255, ['item']),
  { name: 'Since', type: 'DATETIMETYPE', holds: 'date', recordTypes: ['customer'] },
  { name: 'Credit Score', type: 'INTTYPE', holds: 'number', recordTypes: ['customer'] },
];

const mapping = (over: Partial<FieldMapping>): FieldMapping => ({
  name: 'Account_Region',
  recordType: 'customer',
  booksField: 'Sales Region',
  crmField: 'Region__c',
  toCrm: true,
  toBooks: true,
  transform: { kind: 'copy' },
  length: { crm: 40, books: 255 },
  ...over,
});

const check = (m: FieldMapping, defs = DEFS) => booksFieldProblem(factsOf(m), m.booksField, m.recordType, defs);

describe('a field mapping checked against the books’ custom field definitions', () => {
  it('takes a mapping whose field exists for the record type and holds what it writes', () => {
    expect(check(mapping({}))).toBeUndefined();
    const map = mapping({ transform: { kind: 'value_map', pairs: [['East', 'E']] } });
    expect(check(map)).toBeUndefined();
    expect(check(mapping({ booksField: 'Since', transform: { kind: 'date', format: 'yyyy-MM-dd' } }))).toBeUndefined();
    expect(check(mapping({ booksField: 'Credit Score', transform: { kind: 'number', format: '0' } }))).toBeUndefined();
    // A formatted date or number is text too.
    expect(check(mapping({ transform: { kind: 'number', format: '2' } }))).toBeUndefined();
  });

  it('says, in words, a field the company lacks, or spells otherwise', () => {
    expect(check(mapping({ booksField: 'Territory' }))).toBe('the company file has no custom field "Territory"');
    expect(check(mapping({ booksField: 'sales region' }))).toBe(
      'the company file names its custom field "Sales Region", not "sales region" (write the name exactly as the company file spells it)',
    );
    expect(check(mapping({}), [])).toBe('the company file has no custom field "Sales Region"');
  });

  it('says a field not assigned to the record type', () => {
    expect(check(mapping({ booksField: 'Item Code' }))).toBe(
      'the company file\'s custom field "Item Code" is not for customers (it is for items)',
    );
  });

  it('says a field that holds another type than the transform writes', () => {
    const picklist = mapping({ booksField: 'Since', transform: { kind: 'value_map', pairs: [['East', 'E']] } });
    expect(check(picklist)).toBe(
      'the company file\'s custom field "Since" holds dates (DATETIMETYPE), and this mapping writes text',
    );
    expect(check(mapping({ booksField: 'Credit Score', transform: { kind: 'date' } }))).toBe(
      'the company file\'s custom field "Credit Score" holds numbers (INTTYPE), and this mapping writes dates',
    );
  });

  it('says a copy of a longer field, and cuts a truncate to what the field takes', () => {
    expect(check(mapping({ booksField: 'Notes' }))).toBe(
      'the company file\'s custom field "Notes" holds 20 characters, and this mapping writes up to 40 (use Truncate, or a shorter field)',
    );
    const truncate = mapping({ booksField: 'Notes', transform: { kind: 'truncate' } });
    expect(check(truncate)).toBeUndefined();
    expect(fitted(factsOf(truncate), 'a'.repeat(30), text('Notes', 20))).toBe('a'.repeat(20));
    expect(fitted(factsOf(mapping({})), 'short', text('Notes', 20))).toBe('short');
    // A value map writes at most its longest QuickBooks value.
    const long = mapping({ booksField: 'Notes', transform: { kind: 'value_map', pairs: [['A', 'x'.repeat(21)]] } });
    expect(check(long)).toContain('writes up to 21');
  });

  it('carries what the check needs of each transform', () => {
    const facts = (t: FieldMapping['transform']): MappingFacts => factsOf(mapping({ transform: t }));
    expect(facts({ kind: 'copy' })).toEqual({ mapping: 'Account_Region', holds: 'text', longest: 40 });
    expect(facts({ kind: 'default', fallback: 'x'.repeat(50) })).toMatchObject({ longest: 50 });
    expect(facts({ kind: 'truncate', format: '10' })).toEqual({ mapping: 'Account_Region', holds: 'text', cut: true });
    expect(facts({ kind: 'date', format: 'MM/dd/yyyy' })).toEqual({
      mapping: 'Account_Region',
      holds: 'date',
      longest: 10,
    });
    expect(facts({ kind: 'number' })).toEqual({ mapping: 'Account_Region', holds: 'number' });
  });
});
