/**
 * Field mappings checked against the company file's own custom fields, over real sockets (org
 * simulator, Web Connector sessions against the company file): a session that has customer writes
 * carrying data extensions first asks QuickBooks for its public definitions (DataExtDefQueryRq,
 * OwnerID 0). A mapping to a custom field the company lacks, to one not assigned to customers, or
 * to one holding another type than the mapping writes, is said in words on the connection and its
 * values are not sent (no DataExtModRq, no Sync Log failure); the Account itself syncs, and a
 * mapping that fits still writes. Once the admin adds the missing field in QuickBooks, the next
 * session reads it: the problem is gone and the mapping applies. Both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import type { RunReport } from '../simulators/qbd/webconnector/client.ts';
import type { MetadataValue } from '../simulators/salesforce/custom-metadata.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';
import { customerOrg, type MappingRecords, regionPicklist } from './support/customer-org.ts';
import { reverseDriver } from './support/reverse.ts';

const COMPANY: CompanyOptions = {
  seed: 47,
  customers: 2,
  vendors: 0,
  items: 1,
  invoices: 0,
  bills: 0,
  payments: 0,
  dataExtDefs: [
    { ownerId: '0', name: 'Sales Region', type: 'STR255TYPE', assignTo: ['Customer'] },
    { ownerId: '0', name: 'Item Code', type: 'STR255TYPE', assignTo: ['Item'] },
    { ownerId: '0', name: 'Customer Since', type: 'DATETIMETYPE', assignTo: ['Customer'] },
  ],
};

const REGION: Record<string, MetadataValue> = {
  Salesforce_Object__c: 'Account',
  Salesforce_Field__c: 'Region__c',
  QuickBooks_Object__c: 'Customer',
  QuickBooks_Field_Kind__c: 'Data Extension',
  QuickBooks_Field__c: 'Sales Region',
  Direction__c: 'Salesforce to QuickBooks',
  Transform__c: 'Value Map',
  Value_Map__c: 'East=E;West=W',
  Active__c: true,
};

const customerField = regionPicklist(['East', 'West']);

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'field mappings checked against the company file, on %s',
  (_n, backend) => {
    let r: InProcessRelay | undefined;
    let store: Store | undefined;
    let t = Date.parse('2026-12-01T15:00:00Z');
    const now = () => t;

    async function start(mappings: MappingRecords) {
      store = backend.name === 'embedded' ? undefined : await backend.open({ now });
      r = await startInProcessRelay(COMPANY, {
        ...(store ? { store } : {}),
        now,
        org: customerOrg([customerField], mappings),
      });
      await driver().session();
      await driver().readOrg();
      return r;
    }
    afterEach(async () => {
      await r?.close();
      await store?.close();
      r = undefined;
    });

    const driver = () => reverseDriver(r!, { advance: (ms) => (t += ms) });
    const firstCustomer = () => r!.company.list('customer').find((c) => !c.parent)!;
    const accountOf = (listId: string) =>
      r!.sim.org.records('Account').find((a) => String(a.QuickBooks_Customer_Id__c).endsWith(`:${listId}`))!;
    const extIn = (listId: string, name: string) =>
      r!.company
        .list('customer')
        .find((c) => c.listId === listId)!
        .dataExt?.find((d) => d.name === name)?.value;
    const connection = () => r!.sim.org.records('QuickBooks_Connection__c')[0]!;
    const problems = () => String(connection().Field_Mapping_Problems__c ?? '').split('\n');
    /** The writes a session asked QuickBooks for, and the data extension names it wrote. */
    const sentIn = (report: RunReport) => ({
      writes: report.requests.flatMap((xml) => [...xml.matchAll(/<(\w+(?:Add|Mod|Del))Rq /g)].map((m) => m[1]!)),
      dataExt: report.requests.flatMap((xml) =>
        [...xml.matchAll(/<DataExtModRq [^>]*>[\s\S]*?<DataExtName>([^<]*)</g)].map((m) => m[1]!),
      ),
      definitionQueries: report.requests.filter((xml) => xml.includes('<DataExtDefQueryRq')).length,
    });
    /** An edit of the Account in Salesforce, read, then a Web Connector session: what it sent. */
    async function edit(fields: Record<string, unknown>) {
      const id = String(accountOf(firstCustomer().listId).Id);
      driver().update('Account', id, { QuickBooks_Sync_Enabled__c: true, ...fields });
      await driver().readOrg();
      const sent = sentIn(await driver().session());
      await driver().readOrg();
      return sent;
    }

    it('ignores, in words, mappings to a field the company lacks, not for customers, or of another type; the rest still writes', async () => {
      await start({
        Account_Region: REGION,
        Account_Territory: { ...REGION, QuickBooks_Field__c: 'Territory' },
        Account_Item_Code: { ...REGION, QuickBooks_Field__c: 'Item Code' },
        Account_Since: { ...REGION, QuickBooks_Field__c: 'Customer Since' },
      });
      const id = firstCustomer().listId;

      const sent = await edit({ Region__c: 'East', Phone: '(206) 555-0103' });
      expect(sent).toEqual({ writes: ['CustomerMod', 'DataExtMod'], dataExt: ['Sales Region'], definitionQueries: 1 });
      expect(extIn(id, 'Sales Region')).toBe('E');
      expect(firstCustomer().phone).toBe('(206) 555-0103');
      expect(driver().outboundLogs()).toEqual([]);
      expect(problems()).toEqual([
        'Account_Item_Code: the company file\'s custom field "Item Code" is not for customers (it is for items)',
        'Account_Since: the company file\'s custom field "Customer Since" holds dates (DATETIMETYPE), and this mapping writes text',
        'Account_Territory: the company file has no custom field "Territory"',
      ]);
    });

    it('applies a mapping once the admin adds its field in QuickBooks, and the problem is gone', async () => {
      await start({ Account_Region: REGION, Account_Territory: { ...REGION, QuickBooks_Field__c: 'Territory' } });
      const id = firstCustomer().listId;
      expect(await edit({ Region__c: 'East' })).toEqual({
        writes: ['DataExtMod'],
        dataExt: ['Sales Region'],
        definitionQueries: 1,
      });
      expect(problems()).toEqual(['Account_Territory: the company file has no custom field "Territory"']);

      r!.company.defineDataExt({ ownerId: '0', name: 'Territory', type: 'STR255TYPE', assignTo: ['Customer'] });
      expect(await edit({ Region__c: 'West' })).toEqual({
        writes: ['DataExtMod', 'DataExtMod'],
        dataExt: ['Sales Region', 'Territory'],
        definitionQueries: 1,
      });
      expect(extIn(id, 'Territory')).toBe('W');
      expect(connection().Field_Mapping_Problems__c).toBe('');
      expect(driver().outboundLogs()).toEqual([]);
    });
  },
);
