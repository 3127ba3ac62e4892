import { createLogger } from '../../../lib/logger.ts';
import type { Customer } from '../../../sync/model.ts';
import { columnsToRead, CUSTOM_VALUES, mappedColumns, withCustomValues } from './apply.ts';
import type { DynamicsMapping } from './check.ts';

const REGION: DynamicsMapping = {
  name: 'Region',
  recordType: 'customer',
  booksField: 'Sales Region',
  crmField: 'new_region',
  toCrm: true,
  toBooks: true,
  transform: {
    kind: 'value_map',
    pairs: [
      ['East', 'E'],
      ['West', 'W'],
      ['*', 'U'],
    ],
    fallback: 'Unassigned',
  },
  length: { books: 255 },
  options: new Map([
    ['East', 1],
    ['West', 2],
    ['Unassigned', 3],
    ['North', 4],
  ]),
};
const NOTES: DynamicsMapping = {
  name: 'Notes',
  recordType: 'customer',
  booksField: 'Delivery Notes',
  crmField: 'new_notes',
  toCrm: true,
  toBooks: false,
  transform: { kind: 'truncate' },
  length: { crm: 5, books: 255 },
};

const customer = (custom: { name: string; value: string }[]): Customer => ({
  type: 'customer',
  id: '80000001-1',
  name: 'Acme',
  fullName: 'Acme',
  isActive: true,
  updatedAt: '2026-12-01T15:00:00Z',
  custom,
});

describe('field mappings applied', () => {
  it('writes a choice as its option value, an unmapped value as the default, and keeps what the * pair stands for', () => {
    expect(mappedColumns(customer([{ name: 'Sales Region', value: 'W' }]), [REGION])).toEqual({ new_region: 2 });
    expect(mappedColumns(customer([{ name: 'Sales Region', value: 'Pacific' }]), [REGION])).toEqual({ new_region: 3 });
    expect(mappedColumns(customer([{ name: 'Sales Region', value: 'U' }]), [REGION])).toEqual({});
    expect(mappedColumns(customer([]), [REGION])).toEqual({ new_region: null });
  });

  it('cuts a text to its column and logs the cut without the text', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l) });
    expect(mappedColumns(customer([{ name: 'Delivery Notes', value: 'Loading dock' }]), [NOTES], log)).toEqual({
      new_notes: 'Loadi',
    });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ mapping: 'Notes', column: 'new_notes', length: 12, limit: 5 });
    expect(lines[0]).not.toContain('Loading');
  });

  it('reads a choice back as its label in QuickBooks terms, and sends nothing for the default', () => {
    expect(columnsToRead([REGION, NOTES])).toEqual(['new_region']);
    const row = (v: unknown) => withCustomValues({ accountid: 'a', new_region: v }, [REGION, NOTES])[CUSTOM_VALUES];
    expect(row(1)).toEqual([
      { name: 'Sales Region', value: 'E', facts: { mapping: 'Region', holds: 'text', longest: 1 } },
    ]);
    expect(row(4)).toMatchObject([{ value: 'U' }]);
    expect(row(null)).toMatchObject([{ value: '' }]);
    expect(row(3)).toEqual([]);
  });
});
