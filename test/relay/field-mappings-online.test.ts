/**
 * Field mappings with QuickBooks Online's sales-form custom fields, over real sockets (org
 * simulator, Online simulator, the relay's callback and rounds), on both stores: an Online
 * invoice's "PO Number" mirrored into the customer's own Opportunity field, edited and cleared in
 * QuickBooks; a won deal's field sent into its new invoice's custom field and a later edit sent as
 * an update, with nothing echoing; a value map's unmapped value taking its default; and a mapping
 * naming a custom field the company has turned off, said on the connection and ignored while the
 * invoice still syncs.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { FieldDef } from '../metadata/package-metadata.ts';
import { DEFAULT_REALM } from '../simulators/qbo/index.ts';
import type { SalesCustomField } from '../simulators/qbo/custom-fields.ts';
import type { JsonObject } from '../simulators/qbo/decode.ts';
import type { MetadataValue } from '../simulators/salesforce/custom-metadata.ts';
import { startSalesforceSimulator } from '../simulators/salesforce/index.ts';
import { customerOrg, type MappingRecords } from './support/customer-org.ts';
import { saveRecord } from './support/org-save.ts';
import { startQboRelay, type QboRelay } from './support/qbo-relay.ts';

type Row = Record<string, unknown>;

const SLOTS: readonly SalesCustomField[] = [
  { name: 'PO Number', enabled: true },
  { name: 'Crew #', enabled: false },
  { name: 'Region', enabled: true },
];

/** Both ways, copied: the Opportunity's field holds what QuickBooks' does (31 characters). */
const PO_NUMBER: Record<string, MetadataValue> = {
  Salesforce_Object__c: 'Opportunity',
  Salesforce_Field__c: 'PO_Number__c',
  QuickBooks_Object__c: 'Invoice',
  QuickBooks_Field_Kind__c: 'Online Custom Field',
  QuickBooks_Field__c: 'PO Number',
  Direction__c: 'Both',
  Transform__c: 'Copy',
  Active__c: true,
};
/** Into QuickBooks only, cut to its 31 characters: the deal's longer reference. */
const JOB_REFERENCE: Record<string, MetadataValue> = {
  ...PO_NUMBER,
  Salesforce_Field__c: 'Job_Reference__c',
  QuickBooks_Field__c: 'Job Reference',
  Direction__c: 'Salesforce to QuickBooks',
  Transform__c: 'Truncate',
};
const REGION: Record<string, MetadataValue> = {
  ...PO_NUMBER,
  Salesforce_Field__c: 'Region__c',
  QuickBooks_Field__c: 'Region',
  Direction__c: 'QuickBooks to Salesforce',
  Transform__c: 'Value Map',
  Value_Map__c: 'East=E;West=W',
  Default_Value__c: 'Unassigned',
};

/** The customer's own Opportunity fields. */
const FIELDS: readonly (readonly [string, FieldDef])[] = [
  ['Opportunity', { name: 'PO_Number__c', type: 'Text', length: 31, custom: true, required: false }],
  ['Opportunity', { name: 'Job_Reference__c', type: 'Text', length: 80, custom: true, required: false }],
  [
    'Opportunity',
    {
      name: 'Region__c',
      type: 'Picklist',
      custom: true,
      required: false,
      values: ['East', 'West', 'Unassigned'],
      restricted: true,
    },
  ],
];

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'field mappings with QuickBooks Online custom fields, on %s',
  (_n, backend) => {
    let r: QboRelay | undefined;
    let store: Store | undefined;

    async function start(mappings: MappingRecords, slots = SLOTS) {
      store = backend.name === 'embedded' ? undefined : await backend.open();
      const org = await startSalesforceSimulator({
        clientId: 'relay-test-client',
        clientSecret: 'sf-secret-for-qbo-tests',
      });
      customerOrg(FIELDS, mappings)(org);
      r = await startQboRelay({
        org,
        ...(store ? { store } : {}),
        companies: [{ realmId: DEFAULT_REALM, salesCustomFields: slots }],
      });
      await r.connect();
      await r.settle({ force: true });
    }
    afterEach(async () => {
      const org = r?.org;
      await r?.close();
      await org?.close();
      await store?.close();
      r = undefined;
    });

    const company = () => r!.qbo.company(DEFAULT_REALM);
    const writesToQbo = () => r!.qbo.requests.filter((q) => q.method === 'POST' && !q.path.includes('/query')).length;
    const mirrorOf = (invoiceId: string) =>
      r!.org.org.records('Opportunity').find((o) => String(o.QuickBooks_Invoice_Id__c).endsWith(`:${invoiceId}`));
    const connection = () => r!.org.org.records('QuickBooks_Connection__c')[0]!;
    const settle = async () => {
      await r!.settle({ force: true });
      await r!.settle({ force: true });
    };

    /** An invoice the bookkeeper enters in QuickBooks for a new customer (its Account synced first). */
    async function entered(customer: string, custom: JsonObject[]) {
      const c = company().create('Customer', { DisplayName: customer });
      await settle();
      return company().create('Invoice', {
        CustomerRef: { value: String(c.Id) },
        Line: [{ DetailType: 'SalesItemLineDetail', Amount: 120, SalesItemLineDetail: { ItemRef: { value: '1' } } }],
        CustomField: custom,
      });
    }

    it("mirrors an Online invoice's PO Number into the Opportunity's own field; an edit in QuickBooks updates it, clearing it clears it, and nothing goes back", async () => {
      await start({ Invoice_PO: PO_NUMBER });
      const inv = await entered('Fabrikam', [{ DefinitionId: '1', StringValue: 'PO-1' }]);
      await settle();
      expect(mirrorOf(String(inv.Id))).toMatchObject({ PO_Number__c: 'PO-1' });
      expect(connection().Field_Mapping_Problems__c).toBe('');
      const before = writesToQbo();

      company().update('Invoice', String(inv.Id), { CustomField: [{ DefinitionId: '1', StringValue: 'PO-2' }] });
      await settle();
      expect(mirrorOf(String(inv.Id))).toMatchObject({ PO_Number__c: 'PO-2' });

      company().update('Invoice', String(inv.Id), { CustomField: [{ DefinitionId: '1', StringValue: '' }] });
      await settle();
      expect(mirrorOf(String(inv.Id))!.PO_Number__c ?? null).toBeNull();
      expect(writesToQbo()).toBe(before);
    });

    it('a value map: a QuickBooks value it does not name takes the default', async () => {
      await start({ Invoice_Region: REGION });
      const east = await entered('Contoso', [{ DefinitionId: '3', StringValue: 'E' }]);
      const north = await entered('Tailspin', [{ DefinitionId: '3', StringValue: 'N' }]);
      await settle();
      expect(mirrorOf(String(east.Id))).toMatchObject({ Region__c: 'East' });
      expect(mirrorOf(String(north.Id))).toMatchObject({ Region__c: 'Unassigned' });
    });

    it("sends a won deal's PO Number into its new invoice's custom field; an edit goes as an update, and nothing echoes", async () => {
      await start({ Invoice_PO: PO_NUMBER, Deal_Job_Reference: JOB_REFERENCE }, [
        { name: 'PO Number', enabled: true },
        { name: 'Crew #', enabled: false },
        { name: 'Job Reference', enabled: true },
      ]);
      const save = (object: string, body: Row, id?: string) => saveRecord(r!.org, object, body, id);
      const book = String(r!.org.org.find('Pricebook2', 'IsStandard', true)!.Id);
      const product = save('Product2', { Name: 'Onboarding', IsActive: true });
      const entry = save('PricebookEntry', { Pricebook2Id: book, Product2Id: product, UnitPrice: 500, IsActive: true });
      const account = save('Account', { Name: 'Northwind Traders', QuickBooks_Sync_Enabled__c: true });
      const deal = save('Opportunity', {
        Name: 'Northwind onboarding',
        AccountId: account,
        StageName: 'Prospecting',
        CloseDate: '2026-12-01',
        Pricebook2Id: book,
        PO_Number__c: 'PO-2026-0042',
        Job_Reference__c: 'Northwind East / Dock 7B / second floor',
      });
      save('OpportunityLineItem', { OpportunityId: deal, PricebookEntryId: entry, Quantity: 1, UnitPrice: 500 });
      save('Opportunity', { StageName: 'Closed Won' }, deal);
      await settle();
      const [inv] = company().list('Invoice');
      expect(inv!.CustomField).toEqual([
        { DefinitionId: '1', Name: 'PO Number', Type: 'StringType', StringValue: 'PO-2026-0042' },
        {
          DefinitionId: '3',
          Name: 'Job Reference',
          Type: 'StringType',
          StringValue: 'Northwind East / Dock 7B / seco',
        },
      ]);
      const cut = r!.logs.filter((l) => l.includes('a mapped value cut to fit its QuickBooks field'));
      expect(cut.length).toBeGreaterThan(0);
      expect(JSON.parse(cut[0]!)).toMatchObject({
        mapping: 'Deal_Job_Reference',
        field: 'Job Reference',
        length: 39,
        limit: 31,
      });
      expect(r!.logs.join('\n')).not.toContain('Dock 7B');
      // What QuickBooks holds comes back: the deal keeps its values.
      expect(r!.org.org.records('Opportunity').find((o) => o.Id === deal)).toMatchObject({
        QuickBooks_Invoice_Id__c: expect.stringContaining(`:${String(inv!.Id)}`),
        PO_Number__c: 'PO-2026-0042',
        Job_Reference__c: 'Northwind East / Dock 7B / second floor',
      });

      const before = writesToQbo();
      save('Opportunity', { PO_Number__c: 'PO-7' }, deal);
      await settle();
      // One update of the invoice in place: its lines as they were, the next SyncToken.
      const updated = company().get('Invoice', String(inv!.Id))!;
      expect(updated).toMatchObject({ SyncToken: String(Number(inv!.SyncToken) + 1), Line: inv!.Line });
      expect(updated.CustomField).toEqual([
        { DefinitionId: '1', Name: 'PO Number', Type: 'StringType', StringValue: 'PO-7' },
        {
          DefinitionId: '3',
          Name: 'Job Reference',
          Type: 'StringType',
          StringValue: 'Northwind East / Dock 7B / seco',
        },
      ]);
      expect(company().list('Invoice')).toHaveLength(1);
      const after = writesToQbo();
      expect(after).toBe(before + 1);
      // Its own write read back changes nothing on either side.
      await settle();
      r!.qbo.clock.advance(2 * 3_600_000);
      await settle();
      expect(writesToQbo()).toBe(after);
      expect(r!.org.org.records('Opportunity').find((o) => o.Id === deal)).toMatchObject({ PO_Number__c: 'PO-7' });

      // The bookkeeper corrects it in QuickBooks: the deal follows, and nothing goes back.
      company().update('Invoice', String(inv!.Id), { CustomField: [{ DefinitionId: '1', StringValue: 'PO-7A' }] });
      await settle();
      await settle();
      expect(r!.org.org.records('Opportunity').find((o) => o.Id === deal)).toMatchObject({
        PO_Number__c: 'PO-7A',
        Job_Reference__c: 'Northwind East / Dock 7B / second floor',
      });
      expect(writesToQbo()).toBe(after);
    });

    it('ignores a mapping to a custom field the company has turned off, says so on the connection, and the invoice still syncs', async () => {
      await start({ Invoice_Crew: { ...PO_NUMBER, QuickBooks_Field__c: 'Crew #' } });
      const inv = await entered('Litware', [{ DefinitionId: '1', StringValue: 'PO-9' }]);
      await settle();
      expect(mirrorOf(String(inv.Id))).toBeDefined();
      expect(mirrorOf(String(inv.Id))!.PO_Number__c ?? null).toBeNull();
      expect(connection().Field_Mapping_Problems__c).toBe(
        'Invoice_Crew: QuickBooks Online has no invoice custom field "Crew #" turned on (its invoices have PO Number, Region)',
      );
    });
  },
);
