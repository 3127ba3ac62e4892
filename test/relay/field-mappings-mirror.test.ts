/**
 * Field mappings onto the package's mirror objects, over real sockets (org simulator, Web Connector
 * sessions against the company file): a custom `PO_Number__c` text field the customer deployed on
 * `QuickBooks_Invoice__c` mapped by a `QuickBooks_Field_Mapping__mdt` record to a Desktop
 * invoice's standard `PONumber` — QuickBooks → Salesforce only, as the mirrors are read-only in the
 * CRM. The value follows an edit in QuickBooks and its clearing; a mapping the other way, or onto
 * a field the relay writes itself, is ignored and said on the connection. Both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import type { MetadataValue } from '../simulators/salesforce/custom-metadata.ts';
import type { FieldDef } from '../metadata/package-metadata.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';
import { customerOrg, type MappingRecords } from './support/customer-org.ts';
import { reverseDriver } from './support/reverse.ts';

const COMPANY: CompanyOptions = { seed: 47, customers: 2, vendors: 0, items: 1, invoices: 2, bills: 0, payments: 0 };

const PO_NUMBER: Record<string, MetadataValue> = {
  Salesforce_Object__c: 'QuickBooks_Invoice__c',
  Salesforce_Field__c: 'PO_Number__c',
  QuickBooks_Object__c: 'Invoice',
  QuickBooks_Field_Kind__c: 'Standard',
  QuickBooks_Field__c: 'PONumber',
  Direction__c: 'QuickBooks to Salesforce',
  Transform__c: 'Truncate',
  Active__c: true,
};

/** An invoice's public data extension `Ship By` (a text custom field, as the bookkeeper types dates) into a date field. */
const SHIP_BY: Record<string, MetadataValue> = {
  ...PO_NUMBER,
  Salesforce_Field__c: 'Ship_By__c',
  QuickBooks_Field_Kind__c: 'Data Extension',
  QuickBooks_Field__c: 'Ship By',
  Transform__c: 'Date Format',
  Format__c: 'MM/dd/yyyy',
};

/** The customer's own fields on the invoice mirror: PO_Number__c (10 characters, shorter than QuickBooks' 25) and Ship_By__c. */
const customerFields: readonly (readonly [string, FieldDef])[] = [
  ['QuickBooks_Invoice__c', { name: 'PO_Number__c', type: 'Text', length: 10, custom: true, required: false }],
  ['QuickBooks_Invoice__c', { name: 'Ship_By__c', type: 'Date', custom: true, required: false }],
];

describe.each(testBackends().map((b) => [b.name, b] as const))('field mappings onto mirrors, on %s', (_n, backend) => {
  let r: InProcessRelay | undefined;
  let store: Store | undefined;
  let t = Date.parse('2026-12-01T15:00:00Z');
  const now = () => t;

  async function start(mappings: MappingRecords) {
    store = backend.name === 'embedded' ? undefined : await backend.open({ now });
    r = await startInProcessRelay(COMPANY, {
      ...(store ? { store } : {}),
      now,
      org: customerOrg(customerFields, mappings),
    });
    return r;
  }
  afterEach(async () => {
    await r?.close();
    await store?.close();
    r = undefined;
  });

  const driver = () => reverseDriver(r!, { advance: (ms) => (t += ms) });
  const connection = () => r!.sim.org.records('QuickBooks_Connection__c')[0]!;
  const mirrorOf = (txnId: string) =>
    r!.sim.org.records('QuickBooks_Invoice__c').find((m) => String(m.QuickBooks_Invoice_Id__c).endsWith(`:${txnId}`))!;

  it("mirrors a Desktop invoice's PONumber into the mirror's own field, cut to fit, then its edit and its clearing", async () => {
    await start({ Invoice_PO_Number: PO_NUMBER });
    const [first, second] = r!.company.list('invoice');
    r!.company.edit('invoice', first!.txnId, { poNumber: 'PO-4471' });
    r!.company.edit('invoice', second!.txnId, { poNumber: 'PO-2026-000123' });
    await driver().session();

    expect(mirrorOf(first!.txnId).PO_Number__c).toBe('PO-4471');
    expect(mirrorOf(second!.txnId).PO_Number__c).toBe('PO-2026-00');
    expect(connection().Field_Mapping_Problems__c).toBe('');

    r!.company.edit('invoice', first!.txnId, { poNumber: 'PO-4472' });
    await driver().session();
    expect(mirrorOf(first!.txnId).PO_Number__c).toBe('PO-4472');

    r!.company.edit('invoice', first!.txnId, { poNumber: undefined });
    await driver().session();
    expect(mirrorOf(first!.txnId).PO_Number__c ?? null).toBeNull();
    expect(mirrorOf(second!.txnId).PO_Number__c).toBe('PO-2026-00');
  });

  it("mirrors an invoice's public data extension through a date format, and empties the field once QuickBooks drops it", async () => {
    await start({ Invoice_Ship_By: SHIP_BY });
    const [first] = r!.company.list('invoice');
    const shipBy = (value: string) => [{ ownerId: '0', name: 'Ship By', value }];
    r!.company.edit('invoice', first!.txnId, { dataExt: shipBy('12/24/2026') });
    await driver().session();
    expect(mirrorOf(first!.txnId).Ship_By__c).toBe('2026-12-24');
    expect(connection().Field_Mapping_Problems__c).toBe('');

    r!.company.edit('invoice', first!.txnId, { dataExt: [] });
    await driver().session();
    expect(mirrorOf(first!.txnId).Ship_By__c ?? null).toBeNull();
  });

  it('refuses a mapping towards QuickBooks on a mirror, or onto a field the relay writes, and syncs every invoice', async () => {
    await start({
      Invoice_PO_Number: PO_NUMBER,
      Po_Both: { ...PO_NUMBER, Direction__c: 'Both' },
      Po_To_Books: { ...PO_NUMBER, Direction__c: 'Salesforce to QuickBooks' },
      Po_Memo: { ...PO_NUMBER, Salesforce_Field__c: 'Memo__c' },
      Po_Fob: { ...PO_NUMBER, QuickBooks_Field__c: 'Shoe_Size' },
    });
    const [first] = r!.company.list('invoice');
    r!.company.edit('invoice', first!.txnId, { poNumber: 'PO-9' });
    await driver().session();

    expect(mirrorOf(first!.txnId).PO_Number__c).toBe('PO-9');
    expect(r!.sim.org.records('QuickBooks_Invoice__c')).toHaveLength(r!.company.list('invoice').length);
    expect(String(connection().Field_Mapping_Problems__c).split('\n')).toEqual([
      'Po_Both: QuickBooks_Invoice__c mirrors QuickBooks and is read-only in Salesforce, so its direction can only be QuickBooks to Salesforce',
      'Po_Fob: "Shoe_Size" is not a standard field of a QuickBooks invoice the relay reads onto QuickBooks_Invoice__c (PONumber, Other are)',
      'Po_Memo: the relay writes QuickBooks_Invoice__c.Memo__c itself, so it cannot take this mapping too',
      'Po_To_Books: QuickBooks_Invoice__c mirrors QuickBooks and is read-only in Salesforce, so its direction can only be QuickBooks to Salesforce',
    ]);
  });
});
