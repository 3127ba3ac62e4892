import { invoiceFields } from './fields.ts';
import { holds, refKey, resolved, updateBody } from './bodies.ts';
import { readSalesCustomFields } from '../mapping/custom-fields.ts';
import type { Invoice } from '../../../sync/model.ts';

const invoice: Invoice = {
  type: 'invoice',
  id: '006A',
  updatedAt: '2026-11-30T10:00:00.000Z',
  customerId: '001A',
  txnDate: '2026-11-30',
  total: '10.00',
  balance: '10.00',
  custom: [
    { name: 'PO Number', value: 'PO-7' },
    { name: 'Crew #', value: '12' },
    { name: 'Other', value: 'not for Online', standard: true },
  ],
  lines: [{ id: 'l1', itemId: '01tA', quantity: '1', rate: '10.00', amount: '10.00' }],
};
const refs = new Map([
  [refKey('customer', '001A'), '58'],
  [refKey('item', '01tA'), '3'],
]);
const DEFINITIONS = [
  { id: '1', name: 'PO Number' },
  { id: '3', name: 'Region' },
];
/** Preferences as Intuit gives them: a group of flags, a group of names. */
const PREFERENCES = {
  Id: '1',
  SyncToken: '0',
  MetaData: { LastUpdatedTime: '2026-11-30T10:00:00-08:00' },
  CurrencyPrefs: { HomeCurrency: { value: 'USD' } },
  SalesFormsPrefs: {
    CustomField: [
      {
        CustomField: [
          { Name: 'SalesFormsPrefs.UseSalesCustom3', Type: 'BooleanType', BooleanValue: true },
          { Name: 'SalesFormsPrefs.UseSalesCustom2', Type: 'BooleanType', BooleanValue: false },
          { Name: 'SalesFormsPrefs.UseSalesCustom1', Type: 'BooleanType', BooleanValue: true },
        ],
      },
      {
        CustomField: [
          { Name: 'SalesFormsPrefs.SalesCustomName1', Type: 'StringType', StringValue: 'PO Number' },
          { Name: 'SalesFormsPrefs.SalesCustomName2', Type: 'StringType', StringValue: 'Crew #' },
          { Name: 'SalesFormsPrefs.SalesCustomName3', Type: 'StringType', StringValue: 'Region' },
        ],
      },
    ],
  },
};

describe("an invoice's custom fields sent to QuickBooks Online", () => {
  it('reads the definitions from Preferences: the slots turned on and named, slot N as DefinitionId N', () => {
    expect(readSalesCustomFields(PREFERENCES)).toEqual({ ok: true, value: DEFINITIONS });
    expect(readSalesCustomFields({ ...PREFERENCES, SalesFormsPrefs: undefined })).toEqual({ ok: true, value: [] });
  });

  it('writes the non-standard values by name, and sends them by DefinitionId: a name the company lacks is left out', () => {
    const fields = invoiceFields(invoice) as unknown as Record<string, unknown>;
    expect(fields.CustomField).toEqual([
      { Name: 'PO Number', StringValue: 'PO-7' },
      { Name: 'Crew #', StringValue: '12' },
    ]);
    const body = resolved('Invoice', fields, refs, DEFINITIONS);
    expect(body.ok && body.value.CustomField).toEqual([{ DefinitionId: '1', Type: 'StringType', StringValue: 'PO-7' }]);
    const none = resolved('Invoice', fields, refs, []);
    expect(none.ok && 'CustomField' in none.value).toBe(false);
    expect('CustomField' in invoiceFields({ ...invoice, custom: undefined })).toBe(false);
  });

  it('holds a value by DefinitionId among every field the invoice lists (an empty one has no StringValue)', () => {
    const held = [
      { DefinitionId: '1', Name: 'PO Number', Type: 'StringType', StringValue: 'PO-7' },
      { DefinitionId: '3', Name: 'Region', Type: 'StringType' },
    ];
    const wanted = (v: string, id = '1') => [{ DefinitionId: id, Type: 'StringType', StringValue: v }];
    expect(holds(held, wanted('PO-7'), 'CustomField')).toBe(true);
    expect(holds(held, wanted('', '3'), 'CustomField')).toBe(true);
    expect(holds(held, wanted('PO-8'), 'CustomField')).toBe(false);
    expect(holds({ CustomField: held, TxnDate: '2026-11-30' }, { CustomField: wanted('PO-7') })).toBe(true);
  });

  it('a sparse update carries CustomField only when one changed', () => {
    const current = {
      Id: '130',
      SyncToken: '2',
      CustomField: [{ DefinitionId: '1', Name: 'PO Number', Type: 'StringType', StringValue: 'PO-7' }],
      Line: [],
    };
    const body = (v: string) => ({ TxnDate: '2026-12-01', CustomField: [{ DefinitionId: '1', StringValue: v }] });
    expect(updateBody('Invoice', body('PO-7'), current)).toEqual({
      TxnDate: '2026-12-01',
      Id: '130',
      SyncToken: '2',
      sparse: true,
    });
    expect(updateBody('Invoice', body('PO-8'), current).CustomField).toEqual([
      { DefinitionId: '1', StringValue: 'PO-8' },
    ]);
  });
});
