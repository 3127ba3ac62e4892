import { optionValue, MAPPING_DIRECTIONS, MAPPING_KINDS, MAPPING_TRANSFORMS } from '../provision/schema.ts';
import { checkRow, type ColumnFacts, type MappingRow } from './check.ts';

const REGION_OPTIONS = new Map([
  ['East', 100000000],
  ['West', 100000001],
  ['Unassigned', 100000002],
]);
const COLUMNS = new Map<string, ColumnFacts>([
  ['new_region', { name: 'new_region', type: 'Picklist', updatable: true, options: REGION_OPTIONS }],
  ['new_notes', { name: 'new_notes', type: 'String', maxLength: 20, updatable: true }],
  ['new_code', { name: 'new_code', type: 'String', maxLength: 4, updatable: true }],
  ['new_score', { name: 'new_score', type: 'Integer', updatable: true }],
  ['new_computed', { name: 'new_computed', type: 'String', maxLength: 255, updatable: false }],
]);

const row = (more: Partial<MappingRow> & { direction?: string; transform?: string } = {}): MappingRow => {
  const { direction = 'Both', transform = 'Value Map', ...rest } = more;
  return {
    lb_fieldmappingid: '00000000-0000-0000-0000-000000000001',
    lb_name: 'Region',
    lb_crmtable: 'account',
    lb_crmcolumn: 'new_region',
    lb_quickbooksobject: 'Customer',
    lb_quickbookskind: optionValue(MAPPING_KINDS, 'Data Extension'),
    lb_quickbooksfield: 'Sales Region',
    lb_direction: optionValue(MAPPING_DIRECTIONS, direction),
    lb_transform: optionValue(MAPPING_TRANSFORMS, transform),
    lb_valuemap: 'East=E;West=W;*=U',
    lb_defaultvalue: 'Unassigned',
    lb_active: true,
    ...rest,
  };
};

describe('a field mapping row checked against the table', () => {
  it('gives a value map into a choice column, its options with it', () => {
    expect(checkRow(row(), COLUMNS)).toMatchObject({
      name: 'Region',
      recordType: 'customer',
      booksField: 'Sales Region',
      crmField: 'new_region',
      toCrm: true,
      toBooks: true,
      transform: { kind: 'value_map', fallback: 'Unassigned' },
      length: { books: 255 },
      options: REGION_OPTIONS,
    });
  });

  it('says in words why a row cannot apply', () => {
    const cases: [Partial<MappingRow> & { direction?: string; transform?: string }, string][] = [
      [{ lb_crmcolumn: 'new_territory' }, 'the account table has no column new_territory'],
      [
        { lb_crmcolumn: 'new_score', transform: 'Copy' },
        'account.new_score is a whole number column, which Copy cannot write',
      ],
      [{ transform: 'Copy' }, 'account.new_region is a choice column, which Copy cannot write'],
      [{ lb_defaultvalue: 'Pacific' }, 'account.new_region has no choice labelled "Pacific"'],
      [{ lb_valuemap: 'East' }, 'the value map "East" is not Dynamics value=QuickBooks value pairs'],
      [{ lb_crmcolumn: 'new_computed', transform: 'Truncate' }, 'the relay cannot write account.new_computed'],
      [
        { lb_crmcolumn: 'new_code', lb_valuemap: 'Eastern=E', lb_defaultvalue: null },
        'account.new_code holds 4 characters, shorter than "Eastern"',
      ],
      [
        { lb_crmcolumn: 'new_notes', transform: 'Copy', lb_defaultvalue: null },
        'account.new_notes holds 20 characters and a data extension 255, which Copy cannot fit: use Truncate, or a column of at least 255 characters',
      ],
      [
        { lb_crmtable: 'contact' },
        "contact to a QuickBooks Customer data extension is not applied yet (account to a Desktop customer's data extension is)",
      ],
      [{ lb_transform: null }, 'it has no transform'],
    ];
    for (const [more, words] of cases) expect([more, checkRow(row(more), COLUMNS)]).toEqual([more, words]);
  });

  it('lets a short text column take a value one way into QuickBooks, and a truncate into it', () => {
    expect(
      checkRow(row({ lb_crmcolumn: 'new_notes', direction: 'Dynamics to QuickBooks', transform: 'Copy' }), COLUMNS),
    ).toMatchObject({ toCrm: false, toBooks: true, length: { crm: 20, books: 255 } });
    expect(checkRow(row({ lb_crmcolumn: 'new_notes', transform: 'Truncate' }), COLUMNS)).toMatchObject({
      transform: { kind: 'truncate' },
    });
  });

  it('says when the table could not be read', () => {
    expect(checkRow(row(), undefined)).toBe(
      "the account table's columns could not be read; tried again within the hour",
    );
  });
});
