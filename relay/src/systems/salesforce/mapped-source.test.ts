/**
 * The Account fields the org's mappings send to QuickBooks, read with an Account page: by the
 * org's own names (a customer's `Region__c` never takes the package's namespace, even in a
 * namespaced org), in QuickBooks' terms with the mapping's facts, and not at all without a page or
 * a mapping.
 */
import type { FieldMapping } from '../../sync/custom-fields.ts';
import { createNamer } from './names.ts';
import { withMappedValues } from './mapped-source.ts';
import { AS_SHIPPED } from './shipped-mappings.ts';

const REGION: FieldMapping = {
  name: 'Account_Region',
  recordType: 'customer',
  booksField: 'Sales Region',
  crmField: 'Region__c',
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
};

function org(values: Record<string, unknown>) {
  const soql: string[] = [];
  const sf = {
    namer: createNamer('lbr'),
    query: async <T>(q: string) => {
      soql.push(q);
      return { ok: true as const, value: Object.entries(values).map(([Id, Region__c]) => ({ Id, Region__c })) as T[] };
    },
  };
  return { sf, soql };
}
const reader = (mappings: FieldMapping[]) => ({
  read: async () => ({ mappings, shipped: AS_SHIPPED, problems: undefined }),
});

describe('mapped Account fields read for QuickBooks', () => {
  it("selects the customer's own field unprefixed in a namespaced org, and gives QuickBooks' values", async () => {
    const { sf, soql } = org({ '001A': 'West', '001B': 'North', '001C': null, '001D': 'Unassigned' });
    const rows = ['001A', '001B', '001C', '001D'].map((Id) => ({ Id }));
    const got = await withMappedValues(sf, rows, reader([REGION]));
    expect(soql).toEqual([`SELECT Id, Region__c FROM Account WHERE Id IN ('001A', '001B', '001C', '001D')`]);
    // With what the mapping writes, for the check against the company's definitions.
    const facts = { mapping: 'Account_Region', holds: 'text', longest: 1 };
    expect(got.ok && got.value.map((r) => r.Custom)).toEqual([
      [{ name: 'Sales Region', value: 'W', facts }],
      [{ name: 'Sales Region', value: 'U', facts }],
      [{ name: 'Sales Region', value: '', facts }],
      // The default stands for a QuickBooks value the map lacks: QuickBooks keeps its own.
      [],
    ]);
  });

  it('asks nothing more without rows or without a mapping towards QuickBooks', async () => {
    const { sf, soql } = org({});
    expect(await withMappedValues(sf, [], reader([REGION]))).toEqual({ ok: true, value: [] });
    expect(await withMappedValues(sf, [{ Id: '001A' }], reader([{ ...REGION, toBooks: false }]))).toEqual({
      ok: true,
      value: [{ Id: '001A' }],
    });
    expect(await withMappedValues(sf, [{ Id: '001A' }], undefined)).toEqual({ ok: true, value: [{ Id: '001A' }] });
    expect(soql).toEqual([]);
  });
});
