/**
 * A field mapping onto the invoice mirror from QuickBooks Online, over real sockets (org simulator,
 * Online simulator, the relay's rounds), on both stores: an Online invoice's "PO Number"
 * sales-form custom field mirrored into the customer's own `PO_Number__c` on
 * `QuickBooks_Invoice__c`, edited and cleared in QuickBooks, nothing going back.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { FieldDef } from '../metadata/package-metadata.ts';
import { DEFAULT_REALM } from '../simulators/qbo/index.ts';
import type { MetadataValue } from '../simulators/salesforce/custom-metadata.ts';
import { startSalesforceSimulator } from '../simulators/salesforce/index.ts';
import { customerOrg } from './support/customer-org.ts';
import { startQboRelay, type QboRelay } from './support/qbo-relay.ts';

const PO_NUMBER: Record<string, MetadataValue> = {
  Salesforce_Object__c: 'QuickBooks_Invoice__c',
  Salesforce_Field__c: 'PO_Number__c',
  QuickBooks_Object__c: 'Invoice',
  QuickBooks_Field_Kind__c: 'Online Custom Field',
  QuickBooks_Field__c: 'PO Number',
  Direction__c: 'QuickBooks to Salesforce',
  Transform__c: 'Copy',
  Active__c: true,
};

const FIELDS: readonly (readonly [string, FieldDef])[] = [
  ['QuickBooks_Invoice__c', { name: 'PO_Number__c', type: 'Text', length: 31, custom: true, required: false }],
];

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'a mapping onto the Online invoice mirror, on %s',
  (_n, backend) => {
    let r: QboRelay | undefined;
    let store: Store | undefined;

    afterEach(async () => {
      const org = r?.org;
      await r?.close();
      await org?.close();
      await store?.close();
      r = undefined;
    });

    const company = () => r!.qbo.company(DEFAULT_REALM);
    const settle = async () => {
      await r!.settle({ force: true });
      await r!.settle({ force: true });
    };
    const mirrorOf = (invoiceId: string) =>
      r!.org.org
        .records('QuickBooks_Invoice__c')
        .find((m) => String(m.QuickBooks_Invoice_Id__c).endsWith(`:${invoiceId}`));

    it("mirrors an Online invoice's PO Number into the mirror's own field; an edit and its clearing follow, and nothing goes back", async () => {
      store = backend.name === 'embedded' ? undefined : await backend.open();
      const org = await startSalesforceSimulator({
        clientId: 'relay-test-client',
        clientSecret: 'sf-secret-for-qbo-tests',
      });
      customerOrg(FIELDS, { Invoice_Mirror_PO: PO_NUMBER })(org);
      r = await startQboRelay({
        org,
        ...(store ? { store } : {}),
        companies: [{ realmId: DEFAULT_REALM, salesCustomFields: [{ name: 'PO Number', enabled: true }] }],
      });
      await r.connect();
      await settle();
      const c = company().create('Customer', { DisplayName: 'Fabrikam' });
      await settle();
      const inv = company().create('Invoice', {
        CustomerRef: { value: String(c.Id) },
        Line: [{ DetailType: 'SalesItemLineDetail', Amount: 120, SalesItemLineDetail: { ItemRef: { value: '1' } } }],
        CustomField: [{ DefinitionId: '1', StringValue: 'PO-1' }],
      });
      await settle();
      expect(mirrorOf(String(inv.Id))).toMatchObject({ PO_Number__c: 'PO-1' });
      expect(r.org.org.records('QuickBooks_Connection__c')[0]!.Field_Mapping_Problems__c).toBe('');
      const writes = () => r!.qbo.requests.filter((q) => q.method === 'POST' && !q.path.includes('/query')).length;
      const before = writes();

      company().update('Invoice', String(inv.Id), { CustomField: [{ DefinitionId: '1', StringValue: 'PO-2' }] });
      await settle();
      expect(mirrorOf(String(inv.Id))).toMatchObject({ PO_Number__c: 'PO-2' });

      company().update('Invoice', String(inv.Id), { CustomField: [{ DefinitionId: '1', StringValue: '' }] });
      await settle();
      expect(mirrorOf(String(inv.Id))!.PO_Number__c ?? null).toBeNull();
      expect(writes()).toBe(before);
    });
  },
);
