import type { BooksFieldDefinition } from '../../../sync/books-fields.ts';
import type { OutboxItem } from '../../../store/outbox.ts';
import { dataExtWrites } from './write-data-ext.ts';

const DEFS: readonly BooksFieldDefinition[] = [
  { name: 'Sales Region', type: 'STR255TYPE', holds: 'text', maxLength: 255, recordTypes: ['customer'] },
  { name: 'Code', type: 'STR255TYPE', holds: 'text', maxLength: 3, recordTypes: ['customer'] },
];

const row = (fields: Record<string, unknown>) => ({ id: 'w1', fields }) as unknown as OutboxItem;
const customer = row({
  name: 'Acme',
  dataExt: { 'Sales Region': 'W', Territory: 'W', Code: 'ABCDEF' },
  dataExtFacts: {
    'Sales Region': { mapping: 'Account_Region', holds: 'text', longest: 1 },
    Territory: { mapping: 'Account_Territory', holds: 'text', longest: 1 },
    Code: { mapping: 'Account_Code', holds: 'text', cut: true },
  },
});
const sent = (defs?: readonly BooksFieldDefinition[], r = customer) =>
  dataExtWrites(r, { listId: '80-1' }, undefined, defs).map((w) =>
    w.type === 'DataExtMod' ? [w.name, w.value] : [w.type, null],
  );

describe("a customer write's data extensions against the company's definitions", () => {
  it('sends each value as it is while the definitions are not known (QuickBooks answers each)', () => {
    expect(sent(undefined)).toEqual([
      ['Code', 'ABCDEF'],
      ['Sales Region', 'W'],
      ['Territory', 'W'],
    ]);
  });

  it('leaves out a value whose mapping does not fit, and cuts a truncate to what the field takes', () => {
    expect(sent(DEFS)).toEqual([
      ['Code', 'ABC'],
      ['Sales Region', 'W'],
    ]);
  });

  it('sends a value that came without its facts (queued before they travelled) as it is', () => {
    expect(sent(DEFS, row({ name: 'Acme', dataExt: { Territory: 'W' } }))).toEqual([['Territory', 'W']]);
  });
});
