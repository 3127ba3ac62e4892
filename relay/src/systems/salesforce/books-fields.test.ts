import type { FieldMapping } from '../../sync/custom-fields.ts';
import { lengthProblem, type LengthCheck } from './books-custom-lengths.ts';
import { booksFieldProblems, connectionProblems } from './books-field-check.ts';
import { dealValues } from './deal-mapped-values.ts';
import { withMappedFields } from './mapped-fields.ts';
import type { SalesforceWrite } from './mapping.ts';

const ONLINE = 'a QuickBooks Online custom field';
const check = (c: Partial<LengthCheck>): LengthCheck => ({
  name: 'Opportunity.PO__c',
  kind: 'copy',
  transformWords: 'Copy',
  toBooks: true,
  toCrm: false,
  field: { type: 'string', length: 80 },
  booksValues: [],
  ...c,
});

const mapping = (m: Partial<FieldMapping>): FieldMapping => ({
  name: 'Invoice_PO',
  recordType: 'invoice',
  booksField: 'PO Number',
  crmField: 'PO__c',
  toCrm: true,
  toBooks: true,
  transform: { kind: 'copy' },
  length: { crm: 31, books: 31 },
  ...m,
});

const log = { warn: jest.fn(), info: jest.fn(), error: jest.fn(), debug: jest.fn(), child: () => log };

describe("field mappings and the books' own custom fields", () => {
  it('a longer text field needs Truncate; Truncate over it cannot flow both ways; a value map must fit', () => {
    expect(lengthProblem(check({}), 31, ONLINE)).toBe(
      'Opportunity.PO__c holds 80 characters and a QuickBooks Online custom field 31, which Copy cannot fit: use Truncate, or a field of at most 31 characters',
    );
    expect(lengthProblem(check({ kind: 'truncate', transformWords: 'Truncate' }), 31, ONLINE)).toBeUndefined();
    expect(lengthProblem(check({ kind: 'truncate', transformWords: 'Truncate', toCrm: true }), 31, ONLINE)).toContain(
      'the cut value read back would cut it in Salesforce too',
    );
    expect(lengthProblem(check({ field: { type: 'string', length: 31 }, toCrm: true }), 31, ONLINE)).toBeUndefined();
    expect(lengthProblem(check({ toBooks: false }), 31, ONLINE)).toBeUndefined();
    expect(
      lengthProblem(
        check({ kind: 'value_map', field: { type: 'picklist', length: 255 }, booksValues: ['E', 'x'.repeat(32)] }),
        31,
        ONLINE,
      ),
    ).toBe(`the value map gives a QuickBooks Online custom field "${'x'.repeat(32)}", longer than its 31 characters`);
  });

  it("says, per connection, each mapping naming a custom field its company has not turned on; standard ones aren't checked", async () => {
    const lookup = async () =>
      new Map([
        ['qbo-1', { system: 'QuickBooks Online', names: ['PO Number', 'Region'] }],
        ['qbo-2', { system: 'QuickBooks Online', names: [] }],
      ]);
    const problems = await booksFieldProblems(
      [
        mapping({}),
        mapping({ name: 'Invoice_Crew', booksField: 'Crew #' }),
        mapping({ name: 'Other', booksField: 'Other', standard: true }),
      ],
      lookup,
    );
    expect(problems.get('qbo-1')).toEqual([
      'Invoice_Crew: QuickBooks Online has no invoice custom field "Crew #" turned on (its invoices have PO Number, Region)',
    ]);
    expect(problems.get('qbo-2')).toEqual([
      'Invoice_PO: QuickBooks Online has no invoice custom field "PO Number" turned on',
      'Invoice_Crew: QuickBooks Online has no invoice custom field "Crew #" turned on',
    ]);
    expect(connectionProblems('A: x', ['B: y'])).toBe('A: x\nB: y');
    expect(connectionProblems(undefined, undefined)).toBeUndefined();
    expect(connectionProblems('', [])).toBe('');
  });

  it("a deal's emptied custom field is sent as cleared; an emptied standard field is not sent", () => {
    const values = dealValues({}, '006A', [mapping({}), mapping({ booksField: 'Other', standard: true })], log);
    expect(values).toEqual([{ name: 'PO Number', value: '' }]);
  });

  it("an invoice's custom values are written on its Opportunity; one the invoice does not list writes nothing", () => {
    const writes: SalesforceWrite[] = [
      {
        sobject: 'Opportunity',
        externalIdField: 'Id',
        externalId: '006A',
        source: { type: 'invoice', id: '130' },
        fields: {},
      },
    ];
    const inv = {
      type: 'invoice' as const,
      id: '130',
      updatedAt: '2026-11-30T10:00:00Z',
      customerId: '58',
      txnDate: '2026-11-30',
      total: '10.00',
      balance: '10.00',
      lines: [],
      custom: [{ name: 'PO Number', value: '' }],
    };
    expect(withMappedFields(inv, writes, [mapping({})])[0]!.fields).toEqual({ $mapped: { PO__c: null } });
    expect(withMappedFields(inv, writes, [mapping({ booksField: 'Crew #' })])).toBe(writes);
  });
});
