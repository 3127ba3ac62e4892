import { createLogger } from '../../lib/logger.ts';
import { err, ok, relayError } from '../../lib/result.ts';
import type { Customer } from '../../sync/model.ts';
import type { DescribedField } from './client.ts';
import { createFieldMappingReader } from './field-mappings.ts';
import { withMappedFields } from './mapped-fields.ts';
import { toSalesforceWrites } from './mapping.ts';
import { createNamer } from './names.ts';
import { MAPPED_FIELDS } from './records.ts';
import { AS_SHIPPED } from './shipped-mappings.ts';

const ROW = {
  DeveloperName: 'Account_Region',
  Salesforce_Object__c: 'Account',
  Salesforce_Field__c: 'Region__c',
  QuickBooks_Object__c: 'Customer',
  QuickBooks_Field__c: 'Sales Region',
  QuickBooks_Field_Kind__c: 'Data Extension',
  Direction__c: 'Both',
  Transform__c: 'Value Map',
  Value_Map__c: 'East=E;West=W',
  Default_Value__c: 'East',
  Format__c: null,
  Active__c: true,
};
const FIELDS: DescribedField[] = [
  {
    name: 'Region__c',
    type: 'picklist',
    length: 0,
    updateable: true,
    picklistValues: [
      { value: 'East', active: true },
      { value: 'West', active: true },
    ],
  },
  { name: 'Description', type: 'textarea', length: 32000, updateable: true, picklistValues: [] },
  { name: 'PO_Reference__c', type: 'string', length: 80, updateable: true, picklistValues: [] },
];

/** A customer's own Opportunity text field to a Desktop invoice's standard `Other` field. */
const PO_REFERENCE = {
  ...ROW,
  DeveloperName: 'Deal_PO_Reference',
  Salesforce_Object__c: 'Opportunity',
  Salesforce_Field__c: 'PO_Reference__c',
  QuickBooks_Object__c: 'Invoice',
  QuickBooks_Field__c: 'Other',
  QuickBooks_Field_Kind__c: 'Standard',
  Direction__c: 'Salesforce to QuickBooks',
  Transform__c: 'Truncate',
  Value_Map__c: null,
  Default_Value__c: null,
};

function setup(rows: unknown[][]) {
  let t = 0;
  const calls: string[] = [];
  const lines: string[] = [];
  const sf = {
    namer: createNamer(''),
    query: (soql: string) => {
      calls.push(soql);
      const next = rows.shift();
      return Promise.resolve(next ? ok(next as Record<string, unknown>[]) : err(relayError('sf_unavailable', 'down')));
    },
    describe: (object: string) => {
      calls.push(`describe ${object}`);
      return Promise.resolve(ok({ fields: FIELDS }));
    },
  } as unknown as Parameters<typeof createFieldMappingReader>[0]['sf'];
  const log = createLogger({ level: 'info', write: (l) => lines.push(l) });
  const reader = createFieldMappingReader({ sf, log, now: () => t });
  return { reader, calls, lines, advance: (ms: number) => (t += ms) };
}

describe('the org field mappings', () => {
  it('applies a valid record, describes each object once, and reads again only after an hour', async () => {
    const { reader, calls, advance } = setup([[ROW, { ...ROW, DeveloperName: 'Second', Active__c: false }]]);
    const read = await reader.read();
    expect(read.problems).toBe('');
    expect(read.mappings).toEqual([
      expect.objectContaining({
        name: 'Account_Region',
        booksField: 'Sales Region',
        crmField: 'Region__c',
        toCrm: true,
        toBooks: true,
      }),
    ]);
    await reader.read();
    expect(calls).toEqual([expect.stringContaining('FROM QuickBooks_Field_Mapping__mdt'), 'describe Account']);
    // The org cannot be read an hour later: the last mappings stay in force.
    advance(60 * 60_000);
    expect((await reader.read()).mappings).toHaveLength(1);
  });

  it('says in words why a record is ignored; no active record, no words and no describe', async () => {
    const { reader } = setup([
      [
        { ...ROW, DeveloperName: 'Not_Applied', QuickBooks_Field_Kind__c: 'Online Custom Field' },
        { ...ROW, DeveloperName: 'Bad_Map', Value_Map__c: 'East' },
        { ...ROW, DeveloperName: 'Not_Text', Salesforce_Field__c: 'Description', Transform__c: 'Number Format' },
        { DeveloperName: 'Broken' },
      ],
    ]);
    expect((await reader.read()).problems!.split('\n')).toEqual([
      'a mapping the relay cannot read (Invalid input: expected string, received undefined)',
      "Not_Applied: Account to a QuickBooks Customer online custom field is not applied yet (Account to a Desktop customer's data extension is, Product2 and Contact from a Desktop item's or customer's data extension, Opportunity to a Desktop invoice's standard field, Opportunity to an Online invoice's custom field, and an invoice's fields onto QuickBooks_Invoice__c)",
      'Bad_Map: the value map "East" is not Salesforce value=QuickBooks value pairs',
      'Not_Text: Account.Description is a textarea field, which Number Format cannot write',
    ]);
    const none = setup([[{ ...ROW, Active__c: false }]]);
    expect(await none.reader.read()).toEqual({ mappings: [], shipped: AS_SHIPPED, problems: undefined, at: 0 });
    expect(none.calls).toHaveLength(1);
  });

  it("applies an Opportunity field to an Online invoice's custom field (31 characters), and says why a longer one cannot fit", async () => {
    const online = {
      ...PO_REFERENCE,
      DeveloperName: 'Deal_PO',
      QuickBooks_Field__c: 'PO Number',
      QuickBooks_Field_Kind__c: 'Online Custom Field',
    };
    const { reader } = setup([
      [
        online,
        { ...online, DeveloperName: 'Copied', Transform__c: 'Copy' },
        { ...online, DeveloperName: 'Cut_Both_Ways', Direction__c: 'Both' },
      ],
    ]);
    const read = await reader.read();
    expect(read.mappings).toEqual([
      expect.objectContaining({
        name: 'Deal_PO',
        recordType: 'invoice',
        booksField: 'PO Number',
        length: { crm: 80, books: 31 },
      }),
    ]);
    expect(read.mappings[0]).not.toHaveProperty('standard');
    expect(read.problems!.split('\n')).toEqual([
      'Copied: Opportunity.PO_Reference__c holds 80 characters and a QuickBooks Online custom field 31, which Copy cannot fit: use Truncate, or a field of at most 31 characters',
      'Cut_Both_Ways: Truncate cuts Opportunity.PO_Reference__c to the 31 characters of a QuickBooks Online custom field, and the cut value read back would cut it in Salesforce too: make the direction Salesforce to QuickBooks, or use a field of at most 31 characters',
    ]);
  });

  it("applies an Opportunity field to the invoice's standard Other field (29 characters), and says why others are not", async () => {
    const { reader } = setup([
      [
        { ...PO_REFERENCE, DeveloperName: 'Both_Ways', Direction__c: 'Both' },
        PO_REFERENCE,
        { ...PO_REFERENCE, DeveloperName: 'From_Books', Direction__c: 'QuickBooks to Salesforce' },
        { ...PO_REFERENCE, DeveloperName: 'Shipped_Memo', QuickBooks_Field__c: 'Memo' },
        { ...PO_REFERENCE, DeveloperName: 'Unknown_Field', QuickBooks_Field__c: 'Ship Via' },
      ],
    ]);
    const read = await reader.read();
    expect(read.mappings).toEqual([
      {
        name: 'Deal_PO_Reference',
        recordType: 'invoice',
        booksField: 'Other',
        standard: true,
        crmField: 'PO_Reference__c',
        toCrm: false,
        toBooks: true,
        transform: { kind: 'truncate' },
        length: { crm: 80, books: 29 },
      },
    ]);
    expect(read.problems!.split('\n')).toEqual([
      "Both_Ways: the relay writes a QuickBooks invoice's Other but does not read it back, so its direction can only be Salesforce to QuickBooks",
      "From_Books: the relay writes a QuickBooks invoice's Other but does not read it back, so its direction can only be Salesforce to QuickBooks",
      "Shipped_Memo: the relay already writes a QuickBooks invoice's Memo (from the Opportunity's Description); a mapping cannot write it too",
      'Unknown_Field: "Ship Via" is not a standard field of a QuickBooks invoice the relay can write (Other is)',
    ]);
  });

  it("writes a customer's mapped value on its Account, a text cut to its field logged without the text", async () => {
    const { reader, lines } = setup([
      [
        ROW,
        {
          ...ROW,
          DeveloperName: 'Notes',
          Salesforce_Field__c: 'Description',
          Transform__c: 'Truncate',
          Format__c: '5',
          QuickBooks_Field__c: 'Notes',
        },
      ],
    ]);
    const { mappings } = await reader.read();
    const customer: Customer = {
      type: 'customer',
      id: '80000001-1',
      updatedAt: '2026-12-01T10:00:00Z',
      name: 'Acme',
      fullName: 'Acme',
      isActive: true,
      custom: [
        { name: 'Sales Region', value: 'W' },
        { name: 'Notes', value: 'a secret note' },
      ],
    };
    const writes = toSalesforceWrites(customer, { connectionKey: 'acme', today: '2026-12-01' });
    const log = createLogger({ level: 'info', write: (l) => lines.push(l) });
    const [account] = withMappedFields(customer, writes, mappings, log);
    expect(account!.fields[MAPPED_FIELDS]).toEqual({ Region__c: 'West', Description: 'a sec' });
    expect(lines.join('\n')).toContain(
      '"mapping":"Notes","field":"Description","record":"80000001-1","length":13,"limit":32000',
    );
    expect(lines.join('\n')).not.toContain('secret');
    // No mapping: the writes as they were.
    expect(withMappedFields(customer, writes, [], log)).toBe(writes);
  });
});
