/**
 * QuickBooks Desktop → Dynamics 365 Sales over real sockets: the Web Connector simulator delivers a
 * generated company, the relay writes it into the Dataverse simulator (provisioned first). Customers
 * and vendors become accounts keyed by connection and ListID, their contact person a contact set as
 * primary, items active products priced in Ledgerbridge's price list, invoices invoices whose totals
 * agree to the cent. A second session with nothing changed writes nothing; a customer made inactive
 * deactivates its account, never deletes it.
 */
import { decimal, format, sum } from '../../relay/src/lib/money.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import { runReplay } from '../../relay/src/replay-command.ts';
import { connect, type Api } from '../simulators/dynamics/test-client.ts';
import { SALESPERSON_APP, startDynamicsRelay, type DynamicsRelay } from './support/dynamics-relay.ts';

const COMPANY: CompanyOptions = { seed: 14, customers: 4, vendors: 2, items: 3, invoices: 5, bills: 0, payments: 0 };

type Row = Readonly<Record<string, unknown>>;
const ref = (v: unknown) => (v && typeof v === 'object' ? (v as { id: string }).id : undefined);

describe('QuickBooks Desktop → Dynamics 365 Sales', () => {
  let r: DynamicsRelay;
  let api: Api;
  let removedUnit = '';
  const rows = (table: string): Row[] => [...r.dataverse.env.table(table).rows()];
  const linked = (table: string, listId: string) => rows(table).find((x) => x.lb_quickbooksid === listId);
  const one = (table: string, id: string) => r.dataverse.env.table(table).get(id);
  const writes = () => r.dataverse.requests.filter((q) => q.method !== 'GET').length;
  /** Updates that set a row's state to the one it already had (a write that changes nothing). */
  const sameState: string[] = [];

  beforeAll(async () => {
    r = await startDynamicsRelay(COMPANY);
    api = connect(r.dataverse, SALESPERSON_APP);
    r.dataverse.env.onChange((e) => {
      if (e.message !== 'Update' || !e.pre || !e.post || !e.changed.includes('statecode')) return;
      if (e.pre.statecode === e.post.statecode && e.pre.statuscode === e.post.statuscode)
        sameState.push(`${e.table} ${e.id} ${String(e.post.statecode)}`);
    });
  });
  afterAll(() => r.close());

  it('first sync: accounts with their primary contact, active priced products, invoices to the cent', async () => {
    await r.webConnector();
    await r.settle();

    const customers = r.company.list('customer');
    const vendors = r.company.list('vendor');
    const accounts = rows('account');
    expect(accounts).toHaveLength(customers.length + vendors.length);
    const key = String(accounts[0]!.lb_quickbooksconnection);
    expect(key).not.toBe('');
    for (const c of customers) {
      const account = linked('account', c.listId);
      expect(account).toMatchObject({ name: c.fullName, customertypecode: 3, lb_quickbooksconnection: key });
      expect(account!.statecode).toBe(c.isActive ? 0 : 1);
    }
    for (const v of vendors) expect(linked('account', v.listId)).toMatchObject({ name: v.name, customertypecode: 11 });
    // Each contact under its account, and the account's primary contact.
    for (const contact of rows('contact')) {
      const account = accounts.find((a) => a.accountid === ref(contact.parentcustomerid));
      expect(account).toBeDefined();
      expect(ref(account!.primarycontactid)).toBe(contact.contactid);
    }
    expect(rows('contact').length).toBeGreaterThan(0);

    const items = r.company.list('item');
    const products = rows('product');
    expect(products).toHaveLength(items.length);
    for (const p of products) expect(p.statecode).toBe(0); // published, not left Draft
    const [priceList] = rows('pricelevel');
    expect(priceList).toMatchObject({ name: 'Ledgerbridge' });
    for (const price of rows('productpricelevel')) expect(ref(price.pricelevelid)).toBe(priceList!.pricelevelid);

    const invoices = r.company.list('invoice');
    expect(rows('invoice')).toHaveLength(invoices.length);
    for (const inv of invoices) {
      const row = linked('invoice', inv.txnId)!;
      expect(ref(row.customerid)).toBe(linked('account', inv.customer.listId!)!.accountid);
      const lines = rows('invoicedetail').filter((l) => ref(l.invoiceid) === row.invoiceid);
      expect(lines).toHaveLength(inv.lines.length);
      // Dataverse's own total of the lines it computed is QuickBooks' subtotal, to the cent.
      expect(format(decimal(String(row.totallineitemamount)), 2)).toBe(
        format(sum(inv.lines.map((l) => decimal(l.amount ?? '0'))), 2),
      );
    }
    expect(sameState).toEqual([]); // a new row is Active already: no state sent to it
  });

  it('nothing echoes: the rows the relay wrote, read back from Dynamics, queue nothing for QuickBooks', async () => {
    // Their webhooks were the relay's own writes (not read back); change tracking reads them all.
    await r.relay.runtime.tick({ pollNow: true });
    await r.settle();
    const toBooks = await r.relay.runtime.store.db.query<{ object: string; external_id: string; payload: string }>(
      `SELECT o.object, o.external_id, o.payload FROM outbox o JOIN connections c ON c.id = o.target_connection_id WHERE c.system = 'qbd'`,
    );
    expect(toBooks).toEqual([]);
    const [read] = await r.relay.runtime.store.db.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM inbox i JOIN connections c ON c.id = i.connection_id WHERE c.system = 'dynamics'`,
    );
    expect(Number(read!.n)).toBeGreaterThan(0); // the feed did read them back
  });

  it('a second session with nothing changed writes nothing into Dynamics', async () => {
    const before = writes();
    await r.webConnector();
    await r.settle();
    expect(writes()).toBe(before);
  });

  it('a customer made inactive in QuickBooks deactivates its account; nothing is deleted', async () => {
    const customer = r.company.list('customer').find((c) => c.isActive && !c.parent)!;
    r.company.edit('customer', customer.listId, { isActive: false });
    const accounts = rows('account').length;
    await r.webConnector();
    await r.settle();
    expect(linked('account', customer.listId)).toMatchObject({ statecode: 1, statuscode: 2 });
    expect(rows('account')).toHaveLength(accounts);

    // Made active again, its account is reactivated: the state last written was Inactive.
    r.company.edit('customer', customer.listId, { isActive: true });
    await r.webConnector();
    await r.settle();
    expect(linked('account', customer.listId)).toMatchObject({ statecode: 0, statuscode: 1 });
  });

  it('a customer deleted in QuickBooks deactivates its account and contact; nothing is deleted', async () => {
    const customer = r.company.list('customer').find((c) => c.isActive && !c.parent && c.lastName)!;
    const accounts = rows('account').length;
    r.company.delete('customer', customer.listId);
    await r.webConnector();
    await r.settle();
    expect(linked('account', customer.listId)).toMatchObject({ statecode: 1, statuscode: 2 });
    expect(linked('contact', customer.listId)).toMatchObject({ statecode: 1 });
    expect(rows('account')).toHaveLength(accounts);
  });

  it('a 429 storm with Retry-After costs no record and duplicates none', async () => {
    const edited = r.company
      .list('customer')
      .filter((c) => c.isActive)
      .slice(0, 2);
    for (const [i, c] of edited.entries()) r.company.edit('customer', c.listId, { phone: `555-010${i}` });
    const accounts = rows('account').length;
    r.dataverse.faults.inject('throttle', { times: 3, retryAfter: 1 });
    await r.webConnector();
    await r.settle();
    expect(r.dataverse.faults.pending()).toEqual([]);
    for (const [i, c] of edited.entries())
      expect(linked('account', c.listId)).toMatchObject({ telephone1: `555-010${i}` });
    expect(rows('account')).toHaveLength(accounts);
  }, 30_000);

  it('an edited customer rewrites its account, not the state it already has', async () => {
    const customer = r.company.list('customer').find((c) => c.isActive)!;
    r.company.edit('customer', customer.listId, { phone: '555-0142' });
    await r.webConnector();
    await r.settle();
    expect(linked('account', customer.listId)).toMatchObject({ telephone1: '555-0142', statecode: 0 });
    expect(sameState).toEqual([]);
  });

  it('a row Dynamics refuses fails alone, with its reason in words in the sync log', async () => {
    const [item, other] = r.company.list('item').filter((i) => i.isActive);
    // An admin deleted Ledgerbridge's unit: a product naming it cannot be written.
    const unit = rows('uom').find((u) => u.name === 'Each')!;
    removedUnit = String(unit.uomid);
    r.dataverse.env.table('uom').delete(removedUnit);
    r.company.edit('item', item!.listId, { name: 'Install premium' });
    const customer = r.company.list('customer').find((c) => c.isActive)!;
    r.company.edit('customer', customer.listId, { phone: '555-0199' });
    await r.webConnector();
    await r.settle();
    expect(linked('account', customer.listId)).toMatchObject({ telephone1: '555-0199' }); // the rest went through
    const logs = rows('lb_synclog');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      lb_quickbooksid: item!.listId,
      lb_errorcode: 'dyn_not_found',
      lb_status: 100000000, // Failed
      lb_replayrequested: false,
    });
    expect(String(logs[0]!.lb_errormessage)).toContain('Dynamics has no such record');
    expect(linked('product', other!.listId)).toBeDefined();
  });

  it('a failure is replayed from the command line and from the sync log row; fixed, it is resolved there', async () => {
    const [log] = rows('lb_synclog');
    const id = String(log!.lb_synclogid);
    let said = '';
    expect(await runReplay(['--log', id], r.config, (t) => (said += t))).toBe(0);
    expect(said).toContain('1 failed record(s) queued for replay');
    await r.settle(); // sent again: the unit is still missing
    expect(one('lb_synclog', id)).toMatchObject({ lb_status: 100000000, lb_attempts: 2 });

    // The admin puts the unit back, then ticks Replay requested on the log in Dynamics.
    const group = rows('uomschedule').find((g) => g.name === 'Ledgerbridge')!;
    r.dataverse.env.table('uom').insert({
      uomid: removedUnit,
      name: 'Each',
      uomscheduleid: { table: 'uomschedule', id: String(group.uomscheduleid) },
      quantity: '1.0000000000',
    });
    expect((await api('PATCH', `lb_synclogs(${id})`, { lb_replayrequested: true })).status).toBe(204);
    await r.relay.runtime.tick({ pollNow: true }); // the relay looks for replay requests
    await r.settle();
    const item = r.company.list('item').find((i) => i.name === 'Install premium')!;
    expect(linked('product', item.listId)).toMatchObject({ name: 'Install premium' });
    expect(one('lb_synclog', id)).toMatchObject({ lb_status: 100000003, lb_replayrequested: false }); // Resolved
  });
});
