/**
 * `ledgerbridge resync --object Account`, over real sockets (org simulator, Web Connector sessions
 * against the company file), on both stores: a field mapping added after the first sync applies to
 * records as they next change, not to history; the resync has the next session read every customer
 * again and write them through the mapping, onto the same Accounts (none created twice), and
 * leaves other objects alone. Its words, and its usage and "nothing carries that" answers.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { runResync } from '../../relay/src/resync-command.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import type { MetadataValue } from '../simulators/salesforce/custom-metadata.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';
import { customerOrg } from './support/customer-org.ts';
import { reverseDriver } from './support/reverse.ts';

const COMPANY: CompanyOptions = { seed: 43, customers: 3, vendors: 1, items: 1, invoices: 2, bills: 0, payments: 0 };

const REGION: Record<string, MetadataValue> = {
  Salesforce_Object__c: 'Account',
  Salesforce_Field__c: 'Region__c',
  QuickBooks_Object__c: 'Customer',
  QuickBooks_Field_Kind__c: 'Data Extension',
  QuickBooks_Field__c: 'Sales Region',
  Direction__c: 'QuickBooks to Salesforce',
  Transform__c: 'Value Map',
  Value_Map__c: 'East=E;West=W',
  Default_Value__c: 'Unassigned',
  Active__c: true,
};

describe.each(testBackends().map((b) => [b.name, b] as const))('ledgerbridge resync, on %s', (_n, backend) => {
  let r: InProcessRelay | undefined;
  let store: Store | undefined;
  let t = Date.parse('2026-12-01T15:00:00Z');
  const now = () => t;

  afterEach(async () => {
    await r?.close();
    await store?.close();
    r = undefined;
  });

  async function start() {
    store = backend.name === 'embedded' ? undefined : await backend.open({ now });
    r = await startInProcessRelay(COMPANY, {
      ...(store ? { store } : {}),
      now,
      org: customerOrg([
        [
          'Account',
          {
            name: 'Region__c',
            type: 'Picklist',
            custom: true,
            required: false,
            values: ['East', 'West', 'Unassigned'],
            restricted: true,
          },
        ],
      ]),
    });
    return r;
  }
  const driver = () => reverseDriver(r!, { advance: (ms) => (t += ms) });
  const resync = async (...args: string[]) => {
    const lines: string[] = [];
    const code = await runResync(args, {} as never, (s) => lines.push(s), { store: r!.relay.runtime.store, now });
    return { code, text: lines.join('') };
  };
  const accountOf = (listId: string) =>
    r!.sim.org.records('Account').find((a) => String(a.QuickBooks_Customer_Id__c).endsWith(`:${listId}`))!;

  it('applies a mapping added after the first sync to every Account when asked, and only then', async () => {
    await start();
    const [east, west, third] = r!.company.list('customer').filter((c) => !c.parent);
    r!.company.edit('customer', east!.listId, { dataExt: [{ ownerId: '0', name: 'Sales Region', value: 'E' }] });
    r!.company.edit('customer', west!.listId, { dataExt: [{ ownerId: '0', name: 'Sales Region', value: 'W' }] });
    await driver().session();
    // Time passes in QuickBooks: the next session's read starts after the customers above.
    r!.company.advanceClock(3600);
    r!.company.edit('customer', third!.listId, { phone: '555-0199' });
    await driver().session();
    const accounts = r!.sim.org.records('Account').length;
    const invoices = r!.sim.org.records('QuickBooks_Invoice__c').map((i) => [i.Id, i.LastModifiedDate]);
    expect(accountOf(east!.listId).Region__c ?? null).toBeNull();

    // The admin adds the mapping; once the relay reads it (within the hour), it applies to records
    // as they next change (a customer edited in QuickBooks an hour later), not to the others.
    customerOrg([], { Account_Region: REGION })(r!.sim);
    t += 61 * 60_000;
    r!.company.advanceClock(3600);
    r!.company.edit('customer', third!.listId, { dataExt: [{ ownerId: '0', name: 'Sales Region', value: 'Pacific' }] });
    await driver().session();
    expect(accountOf(third!.listId).Region__c).toBe('Unassigned');
    expect(accountOf(east!.listId).Region__c ?? null).toBeNull();
    expect(accountOf(west!.listId).Region__c ?? null).toBeNull();

    const asked = await resync('--object', 'Account');
    expect(asked.code).toBe(0);
    expect(asked.text).toMatch(
      /→ .*: \d+ customer and vendor record\(s\) sent again; its next Web Connector session reads Customer, Vendor again from the beginning\./,
    );
    await driver().session();

    expect(accountOf(east!.listId).Region__c).toBe('East');
    expect(accountOf(west!.listId).Region__c).toBe('West');
    expect(accountOf(third!.listId).Region__c).toBe('Unassigned');
    expect(r!.sim.org.records('Account')).toHaveLength(accounts);
    // Invoices were not asked for: none was written again.
    expect(r!.sim.org.records('QuickBooks_Invoice__c').map((i) => [i.Id, i.LastModifiedDate])).toEqual(invoices);
  });

  it('says so when nothing carries the object, and prints its usage', async () => {
    await start();
    await driver().session();
    expect(await resync('--object', 'Campaign')).toEqual({
      code: 1,
      text: 'No flow carries Campaign: see ledgerbridge ping for the connections.\n',
    });
    expect((await resync('--object', 'Account', '--direction', 'sideways')).code).toBe(2);
    expect((await resync()).text).toMatch(/^ledgerbridge resync --object OBJECT/);
  });
});
