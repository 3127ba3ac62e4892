/**
 * Salesforce → QuickBooks Desktop over real sockets: an Account a rep marks "Send to QuickBooks"
 * becomes a QuickBooks customer at the next Web Connector session, and the customer's ListID comes
 * back onto that Account (no second Account). Nothing echoes: the Account our own write changed is
 * not sent again, and a customer edited in QuickBooks whose change reached the Account is not
 * written back into QuickBooks. Edits flow on later sessions; an existing customer of the same name
 * is linked, not duplicated; a name clash or a name QuickBooks cannot take ends in words. Both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';
import { reverseDriver } from './support/reverse.ts';

const COMPANY: CompanyOptions = { seed: 31, customers: 3, vendors: 1, items: 2, invoices: 2, bills: 0, payments: 0 };

type Row = Readonly<Record<string, unknown>>;

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'Salesforce → QuickBooks Desktop, on %s',
  (_n, backend) => {
    let r: InProcessRelay;
    let store: Store | undefined;
    let companyKey: string;
    let t = Date.parse('2026-12-01T15:00:00Z');
    const now = () => t;

    beforeEach(async () => {
      store = backend.name === 'embedded' ? undefined : await backend.open({ now });
      r = await startInProcessRelay(COMPANY, { ...(store ? { store } : {}), now });
      companyKey = (await r.relay.runtime.store.connections.byUsername('acme'))!.id;
      await session(); // the first sync: QuickBooks' records into the org
    });
    afterEach(async () => {
      await r.close();
      await store?.close();
    });

    const accounts = () => r.sim.org.records('Account');
    const account = (id: string) => accounts().find((a) => a.Id === id)!;
    const customers = () => r.company.list('customer');
    const driver = () => reverseDriver(r, { advance: (ms) => (t += ms) });
    const readOrg = () => driver().readOrg();
    const session = async () => {
      const report = await driver().session();
      expect(report.status).toBe('completed');
      return report;
    };
    /** What a session asked QuickBooks to change for customers (Adds and Mods). */
    const changesIn = (report: Awaited<ReturnType<InProcessRelay['webConnector']>>) =>
      driver()
        .changesIn(report)
        .filter((x) => x.startsWith('Customer'));
    /** A customer entered in QuickBooks itself (qbXML written out here: the simulator's own way in). */
    const addInQuickBooks = (name: string) => {
      r.company.beginSession();
      r.company.process(
        `<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError"><CustomerAddRq><CustomerAdd><Name>${name}</Name></CustomerAdd></CustomerAddRq></QBXMLMsgsRq></QBXML>`,
      );
      r.company.endSession();
    };
    const newAccount = (fields: Row) =>
      r.sim.org.store.insert(r.sim.org.objectOrThrow('Account'), { QuickBooks_Sync_Enabled__c: true, ...fields });

    it('adds the customer, links the Account to it, and echoes nothing back either way', async () => {
      const before = customers().length;
      const zoe = newAccount({
        Name: 'Zoë’s Bakery',
        Phone: '(415) 555-0142',
        BillingStreet: '12 Market St\nSuite 4',
        BillingCity: 'San Francisco',
        BillingState: 'CA',
        BillingPostalCode: '94105',
      });
      newAccount({ Name: 'Not for QuickBooks', QuickBooks_Sync_Enabled__c: false });
      await readOrg();
      const report = await session();

      expect(changesIn(report)).toEqual(['CustomerAdd']);
      expect(customers()).toHaveLength(before + 1);
      // QuickBooks holds Latin-1: the typographic apostrophe is sent as a plain one.
      const added = customers().find((c) => c.name === "Zoë's Bakery")!;
      expect(added).toMatchObject({
        phone: '(415) 555-0142',
        billAddress: {
          addr1: '12 Market St',
          addr2: 'Suite 4',
          city: 'San Francisco',
          state: 'CA',
          postalCode: '94105',
        },
      });
      // The ListID comes back onto the same Account; no second Account for the customer.
      await readOrg();
      expect(account(zoe.Id as string)).toMatchObject({
        QuickBooks_Customer_Id__c: `${companyKey}:${added.listId}`,
        QuickBooks_Sync_Status__c: 'Synced',
      });
      expect(accounts().filter((a) => String(a.Name).includes('Bakery'))).toHaveLength(1);

      // The Account our write changed is read again, and nothing goes back to QuickBooks.
      const quiet = await session();
      expect(changesIn(quiet)).toEqual([]);
      // Not even looked up: the Account our write changed holds nothing QuickBooks lacks.
      expect(quiet.requests.filter((x) => /requestID="(lookup|read-back)/.test(x))).toEqual([]);
      const editSequence = customers().find((c) => c.listId === added.listId)!.editSequence;

      // A phone changed in QuickBooks reaches the Account; the Account's change is not written back.
      r.company.edit('customer', added.listId, { phone: '(415) 555-0199' });
      await session();
      expect(account(zoe.Id as string).Phone).toBe('(415) 555-0199');
      await readOrg();
      const after = await session();
      expect(changesIn(after)).toEqual([]);
      expect(customers().find((c) => c.listId === added.listId)!.editSequence).not.toBe(editSequence);

      // A rename in Salesforce is a CustomerMod of the linked customer at the next session.
      r.sim.org.store.update(r.sim.org.objectOrThrow('Account'), zoe.Id as string, { Name: 'Zoe Bakery & Café' });
      await readOrg();
      const renamed = await session();
      expect(changesIn(renamed)).toEqual(['CustomerMod']);
      expect(customers().find((c) => c.listId === added.listId)!.name).toBe('Zoe Bakery & Café');
      // The audit trail has both values of what the change overwrote in QuickBooks.
      const trail = await r.relay.runtime.store.db.query<{ operation: string; changes: string | null }>(
        "SELECT operation, changes FROM audit_log WHERE direction = 'sf_to_qb' AND target_id = $1 ORDER BY at, id",
        [added.listId],
      );
      expect(trail.map((x) => x.operation)).toEqual(['create', 'update']);
      expect(JSON.parse(trail[1]!.changes!)).toEqual({ name: ["Zoë's Bakery", 'Zoe Bakery & Café'] });
      expect(customers()).toHaveLength(before + 1);
    });

    it("gives the customer its Account's primary contact, and a contact's edit reaches QuickBooks", async () => {
      const acct = newAccount({ Name: 'Contour Design' });
      const first = driver().insert('Contact', {
        AccountId: acct.Id,
        Salutation: 'Ms.',
        FirstName: 'Ada',
        LastName: 'Quintero',
        Title: 'Head of Operations and Facilities Management', // longer than QuickBooks' 41
      });
      t += 1000;
      driver().insert('Contact', { AccountId: acct.Id, FirstName: 'Ben', LastName: 'Later' });
      await readOrg();
      expect(changesIn(await session())).toEqual(['CustomerAdd']);
      const contour = () => customers().find((c) => c.name === 'Contour Design')!;
      expect(contour()).toMatchObject({
        salutation: 'Ms.',
        firstName: 'Ada',
        lastName: 'Quintero',
        jobTitle: 'Head of Operations and Facilities Managem',
      });
      // A contact's edit alone (the Account untouched) is a change of its customer (a moment later:
      // the org stamps changes to the millisecond, and two of one record in one are one change).
      await new Promise((resolve) => setTimeout(resolve, 5));
      driver().update('Contact', first.Id as string, { LastName: 'Quintero-Diaz' });
      await readOrg();
      expect(changesIn(await session())).toEqual(['CustomerMod']);
      expect(contour().lastName).toBe('Quintero-Diaz');
      await readOrg();
      expect(changesIn(await session())).toEqual([]);
    });

    it('an Account edited in Salesforce is not written again when its customer is read back from QuickBooks', async () => {
      const acct = newAccount({ Name: 'Harbor Supply', Phone: '(206) 555-0110', BillingCity: 'Seattle' });
      await readOrg();
      expect(changesIn(await session())).toEqual(['CustomerAdd']);
      // The bookkeeper invoices the new customer: its balance is rolled up onto the Account.
      const harbor = () => customers().find((c) => c.name === 'Harbor Supply')!;
      r.company.beginSession();
      const invoiced = r.company.process(
        `<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError"><InvoiceAddRq><InvoiceAdd><CustomerRef><ListID>${harbor().listId}</ListID></CustomerRef><TxnDate>2026-12-01</TxnDate><RefNumber>QB-88</RefNumber><InvoiceLineAdd><ItemRef><ListID>${r.company.list('item')[0]!.listId}</ListID></ItemRef><Quantity>1</Quantity><Rate>410.00</Rate></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq></QBXMLMsgsRq></QBXML>`,
      );
      r.company.endSession();
      expect(invoiced).toContain('statusCode="0"');
      await session();
      expect(account(acct.Id as string).QuickBooks_Open_Balance__c).toBe(410);
      await readOrg();
      expect(changesIn(await session())).toEqual([]);
      // What the relay writes into the Account from here on that changes none of its fields (an echo).
      const echoes: string[] = [];
      const org = r.sim.org;
      const update = org.store.update.bind(org.store);
      const stamps = new Set(['LastModifiedDate', 'SystemModstamp', 'QuickBooks_Last_Synced_At__c']);
      org.store.update = (object, id, fields, tx) => {
        const before = org.store.get(object, id) as Row | undefined;
        const changed = Object.entries(fields).filter(
          ([f, v]) => !stamps.has(f) && JSON.stringify(before?.[f] ?? null) !== JSON.stringify(v ?? null),
        );
        if (object.name === 'Account' && id === acct.Id && changed.length === 0)
          echoes.push(Object.keys(fields).join());
        return update(object, id, fields, tx);
      };
      try {
        t += 24 * 3_600_000;
        update(org.objectOrThrow('Account'), acct.Id as string, { Phone: '(206) 555-0199' });
        await readOrg();
        expect(changesIn(await session())).toEqual(['CustomerMod']);
        expect(harbor().phone).toBe('(206) 555-0199');
        await readOrg();
        expect(changesIn(await session())).toEqual([]);
        await readOrg();
        expect(echoes).toEqual([]);
        // A change made in QuickBooks afterwards still reaches the Account.
        r.company.edit('customer', harbor().listId, { phone: '(206) 555-0123' });
        await session();
        expect(account(acct.Id as string).Phone).toBe('(206) 555-0123');
      } finally {
        org.store.update = update;
      }
    });

    it('adds a vendor for an Account of QuickBooks type Vendor, and links it back', async () => {
      const vendors = () => r.company.list('vendor');
      const before = vendors().length;
      const supplier = newAccount({ Name: 'Pacific Timber Supply', QuickBooks_Type__c: 'Vendor', Phone: '555-0177' });
      await readOrg();
      const report = await session();
      expect(driver().changesIn(report)).toEqual(['VendorAdd']);
      expect(vendors()).toHaveLength(before + 1);
      const added = vendors().find((v) => v.name === 'Pacific Timber Supply')!;
      expect(added).toMatchObject({ companyName: 'Pacific Timber Supply', phone: '555-0177' });
      await readOrg();
      expect(account(supplier.Id as string)).toMatchObject({
        QuickBooks_Vendor_Id__c: `${companyKey}:${added.listId}`,
        QuickBooks_Sync_Status__c: 'Synced',
      });
      expect(driver().changesIn(await session())).toEqual([]);
      // A phone changed on the Account is a VendorMod; the vendor keeps its QuickBooks name.
      driver().update('Account', supplier.Id as string, { Phone: '555-0178', Name: 'Pacific Timber' });
      await readOrg();
      expect(driver().changesIn(await session())).toEqual(['VendorMod']);
      expect(vendors().find((v) => v.listId === added.listId)).toMatchObject({
        name: 'Pacific Timber Supply',
        phone: '555-0178',
      });
    });

    it('links an Account to the customer of its name when no Account mirrors that one yet', async () => {
      // Bookkeeping added the customer just now; the Account is created before any session read it.
      addInQuickBooks('Harbor Books');
      const harbor = customers().find((c) => c.name === 'Harbor Books')!;
      const before = customers().length;
      const twin = newAccount({ Name: 'HARBOR BOOKS', Phone: '555-0100' });
      await readOrg();
      expect(account(twin.Id as string).QuickBooks_Sync_Status__c).toBe('Queued');
      const report = await session();
      expect(changesIn(report)).toEqual(['CustomerMod']);
      expect(customers()).toHaveLength(before);
      expect(customers().find((c) => c.listId === harbor.listId)).toMatchObject({
        name: 'HARBOR BOOKS',
        phone: '555-0100',
      });
      await readOrg();
      expect(account(twin.Id as string)).toMatchObject({
        QuickBooks_Customer_Id__c: `${companyKey}:${harbor.listId}`,
        QuickBooks_Sync_Status__c: 'Synced',
      });
      expect(accounts().filter((a) => /harbor books/i.test(String(a.Name)))).toHaveLength(1);
    });

    it('asks for review when the customer of that name is already mirrored by another Account', async () => {
      const existing = customers().find((c) => !c.parent)!;
      const edits = existing.editSequence;
      const twin = newAccount({ Name: existing.name.toUpperCase(), Phone: '555-0100' });
      await readOrg();
      const report = await session();
      expect(changesIn(report)).toEqual([]);
      expect(customers().find((c) => c.listId === existing.listId)!.editSequence).toBe(edits);
      await readOrg();
      expect(account(twin.Id as string).QuickBooks_Sync_Status__c).toBe('Needs Review');
      const log = r.sim.org.records('QuickBooks_Sync_Log__c').find((l) => l.Account__c === twin.Id)!;
      expect(log).toMatchObject({ Error_Code__c: 'review_record_mirrored', Direction__c: 'Salesforce to QuickBooks' });
      expect(String(log.Error_Message__c)).toContain('another record in the CRM already mirrors it');
    });

    /** A name match asking for review, and a person's decision on its log, as the Needs Review component sets it. */
    async function matched() {
      const existing = customers().find((c) => !c.parent)!;
      const twin = newAccount({ Name: existing.name.toUpperCase(), Phone: '555-0100' });
      await readOrg();
      await session();
      await readOrg();
      const log = r.sim.org.records('QuickBooks_Sync_Log__c').find((l) => l.Account__c === twin.Id)!;
      return { existing, twin: twin.Id as string, log };
    }
    const decide = (logId: unknown, decision: string) => {
      t += 60_000;
      driver().update('QuickBooks_Sync_Log__c', String(logId), {
        Review_Decision__c: decision,
        Decided_At__c: new Date(t).toISOString(),
      });
    };
    const logOf = (id: unknown) => r.sim.org.records('QuickBooks_Sync_Log__c').find((l) => l.Id === id)!;

    it('names the QuickBooks customer a name match found on its log', async () => {
      const { existing, log } = await matched();
      expect(log).toMatchObject({
        Review_Kind__c: 'Match',
        Candidate_Id__c: `${companyKey}:${existing.listId}`,
        Candidate_Name__c: existing.name,
        Status__c: 'Failed',
      });
    });

    it('a name match decided Link: no second customer, the Account linked, its change sent as an update', async () => {
      const { existing, twin, log } = await matched();
      const before = customers().length;
      decide(log.Id, 'Link');
      await readOrg();
      const report = await session();
      expect(changesIn(report)).toEqual(['CustomerMod']);
      expect(customers()).toHaveLength(before);
      expect(customers().find((c) => c.listId === existing.listId)!.phone).toBe('555-0100');
      await readOrg();
      expect(logOf(log.Id)).toMatchObject({ Status__c: 'Resolved', Review_Decision__c: 'Link' });
      // Linked, then written: the log says the latter; the audit trail keeps the decision in words.
      expect(logOf(log.Id).Replay_Result__c).toBe('Written to QuickBooks.');
      expect(account(twin).QuickBooks_Sync_Status__c).not.toBe('Needs Review');
      const [trail] = await r.relay.runtime.store.db.query<{ outcome: string; error_message: string }>(
        "SELECT outcome, error_message FROM audit_log WHERE operation = 'review'",
      );
      expect(trail).toEqual({
        outcome: 'link',
        error_message: expect.stringContaining(`"${existing.name}"`) as string,
      });
    });

    it('a name match decided Skip: nothing written, the log Resolved', async () => {
      const { existing, twin, log } = await matched();
      const edits = customers().find((c) => c.listId === existing.listId)!.editSequence;
      decide(log.Id, 'Skip');
      await readOrg();
      const report = await session();
      expect(changesIn(report)).toEqual([]);
      expect(customers().find((c) => c.listId === existing.listId)!.editSequence).toBe(edits);
      await readOrg();
      expect(logOf(log.Id)).toMatchObject({ Status__c: 'Resolved', Review_Decision__c: 'Skip' });
      expect(account(twin).QuickBooks_Sync_Status__c).toBe('Not Synced');
    });

    it('a name match decided Create New: refused in words, since QuickBooks names are unique', async () => {
      const { existing, log } = await matched();
      const before = customers().length;
      decide(log.Id, 'Create New');
      await readOrg();
      expect(changesIn(await session())).toEqual([]);
      expect(customers()).toHaveLength(before);
      await readOrg();
      expect(logOf(log.Id)).toMatchObject({ Status__c: 'Failed', Error_Code__c: 'review_name_taken' });
      expect(String(logOf(log.Id).Error_Message__c)).toContain(`cannot be added under "${existing.name}"`);
    });

    it('turns a won deal into an invoice of its products, after its items and customer, and links it back', async () => {
      const ins = driver().insert;
      const book = String(r.sim.org.find('Pricebook2', 'IsStandard', true)!.Id);
      const product = (name: string, price: number) => {
        const p = ins('Product2', { Name: name, IsActive: true, QuickBooks_Item_Type__c: 'Service' });
        const entry = ins('PricebookEntry', { Pricebook2Id: book, Product2Id: p.Id, UnitPrice: price, IsActive: true });
        return { product: p, entry };
      };
      const onboarding = product('Onboarding', 150);
      const support = product('Support Hours', 95.5);
      const buyer = ins('Account', { Name: 'Northwind Traders', BillingCity: 'Portland' });
      const deal = ins('Opportunity', {
        Name: 'Northwind onboarding',
        AccountId: buyer.Id,
        StageName: 'Closed Won',
        CloseDate: '2026-11-30',
        Pricebook2Id: book,
      });
      const line = (p: ReturnType<typeof product>, quantity: number, unitPrice: number) =>
        ins('OpportunityLineItem', {
          OpportunityId: deal.Id,
          PricebookEntryId: p.entry.Id,
          Product2Id: p.product.Id,
          Quantity: quantity,
          UnitPrice: unitPrice,
        });
      line(onboarding, 1, 150);
      line(support, 3, 95.5);
      const opportunities = r.sim.org.records('Opportunity').length;
      const invoices = r.company.list('invoice').length;

      await readOrg();
      const report = await session();
      expect(driver().changesIn(report)).toEqual(['ItemServiceAdd', 'ItemServiceAdd', 'CustomerAdd', 'InvoiceAdd']);
      const customer = customers().find((c) => c.name === 'Northwind Traders')!;
      const invoice = r.company.list('invoice').find((i) => i.customer.listId === customer.listId)!;
      expect(r.company.list('invoice')).toHaveLength(invoices + 1);
      expect(invoice).toMatchObject({ txnDate: '2026-11-30', subtotal: '436.50' });
      expect(invoice.lines.map((l) => [l.item?.fullName, l.quantity, l.rate, l.amount])).toEqual([
        ['Onboarding', '1', '150', '150.00'],
        ['Support Hours', '3', '95.5', '286.50'],
      ]);

      // The deal, its Account and products learn their QuickBooks ids; no second deal or product.
      await readOrg();
      const won = r.sim.org.records('Opportunity').find((o) => o.Id === deal.Id)!;
      expect(won).toMatchObject({
        QuickBooks_Invoice_Id__c: `${companyKey}:${invoice.txnId}`,
        StageName: 'Closed Won',
      });
      expect(r.sim.org.records('Opportunity')).toHaveLength(opportunities);
      expect(r.sim.org.records('OpportunityLineItem').filter((l) => l.OpportunityId === deal.Id)).toHaveLength(2);
      const mirror = r.sim.org.records('QuickBooks_Invoice__c').find((i) => i.Opportunity__c === deal.Id);
      expect(mirror).toMatchObject({ Total_Amount__c: 436.5 });
      expect(r.sim.org.records('Product2').filter((p) => p.Name === 'Onboarding')).toHaveLength(1);
      expect(account(buyer.Id as string).QuickBooks_Customer_Id__c).toBe(`${companyKey}:${customer.listId}`);
      expect(changesIn(await session())).toEqual([]);
      expect(r.company.list('invoice')).toHaveLength(invoices + 1);
    });

    it("a product's standard price changed in Salesforce reaches its item at the next session (the price book entry alone changed)", async () => {
      const ins = driver().insert;
      const book = String(r.sim.org.find('Pricebook2', 'IsStandard', true)!.Id);
      const made = ins('Product2', { Name: 'Site survey', IsActive: true, QuickBooks_Item_Type__c: 'Service' });
      const entry = ins('PricebookEntry', { Pricebook2Id: book, Product2Id: made.Id, UnitPrice: 240, IsActive: true });
      // A product goes to QuickBooks with the first won deal that sells it.
      const buyer = ins('Account', { Name: 'Fabrikam' });
      const deal = ins('Opportunity', {
        Name: 'Fabrikam survey',
        AccountId: buyer.Id,
        StageName: 'Closed Won',
        CloseDate: '2026-12-01',
        Pricebook2Id: book,
      });
      ins('OpportunityLineItem', {
        OpportunityId: deal.Id,
        PricebookEntryId: entry.Id,
        Product2Id: made.Id,
        Quantity: 1,
        UnitPrice: 240,
      });
      await readOrg();
      expect(driver().changesIn(await session())).toEqual(['ItemServiceAdd', 'CustomerAdd', 'InvoiceAdd']);
      await readOrg();
      expect(driver().changesIn(await session())).toEqual([]);
      const item = () => r.company.list('item').find((i) => i.name === 'Site survey')!;
      expect(item()).toMatchObject({ salesPrice: '240.00' });

      // Days later a rep raises the price: only the price book entry changes, not the product.
      t += 3 * 24 * 3_600_000;
      driver().update('PricebookEntry', String(entry.Id), { UnitPrice: 265.5 });
      await readOrg();
      expect(driver().changesIn(await session())).toEqual(['ItemServiceMod']);
      expect(item()).toMatchObject({ salesPrice: '265.50' });
      // What the relay wrote back is not a change of the price: nothing more goes to QuickBooks.
      await readOrg();
      expect(driver().changesIn(await session())).toEqual([]);
    });

    it('an invoice the bookkeeper enters in QuickBooks for a product made in Salesforce has that product on its Opportunity', async () => {
      // 'Onboarding' is made in Salesforce with its own standard price, and goes to QuickBooks with a won deal.
      const ins = driver().insert;
      const book = String(r.sim.org.find('Pricebook2', 'IsStandard', true)!.Id);
      const made = ins('Product2', { Name: 'Onboarding', IsActive: true, QuickBooks_Item_Type__c: 'Service' });
      const entry = ins('PricebookEntry', { Pricebook2Id: book, Product2Id: made.Id, UnitPrice: 150, IsActive: true });
      const buyer = ins('Account', { Name: 'Northwind Traders' });
      const deal = ins('Opportunity', {
        Name: 'Northwind onboarding',
        AccountId: buyer.Id,
        StageName: 'Closed Won',
        CloseDate: '2026-11-30',
        Pricebook2Id: book,
      });
      ins('OpportunityLineItem', {
        OpportunityId: deal.Id,
        PricebookEntryId: entry.Id,
        Product2Id: made.Id,
        Quantity: 1,
        UnitPrice: 150,
      });
      await readOrg();
      await session();
      await readOrg();
      const item = r.company.list('item').find((i) => i.name === 'Onboarding')!;
      const customer = customers().find((c) => c.name === 'Northwind Traders')!;
      r.company.beginSession();
      const added = r.company.process(
        `<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError"><InvoiceAddRq><InvoiceAdd><CustomerRef><ListID>${customer.listId}</ListID></CustomerRef><TxnDate>2026-12-01</TxnDate><RefNumber>QB-77</RefNumber><InvoiceLineAdd><ItemRef><ListID>${item.listId}</ListID></ItemRef><Quantity>2</Quantity><Rate>150.00</Rate></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq></QBXMLMsgsRq></QBXML>`,
      );
      r.company.endSession();
      expect(added).toContain('statusCode="0"');
      await session();
      await readOrg();
      const invoice = r.company.list('invoice').find((i) => i.refNumber === 'QB-77')!;
      const opportunity = r.sim.org
        .records('Opportunity')
        .find((o) => o.QuickBooks_Invoice_Id__c === `${companyKey}:${invoice.txnId}`)!;
      const products = r.sim.org.records('OpportunityLineItem').filter((l) => l.OpportunityId === opportunity.Id);
      expect(products.map((l) => [l.Quantity, l.TotalPrice])).toEqual([[2, 300]]);
      expect(opportunity.Amount).toBe(300);
      const logs = r.sim.org.records('QuickBooks_Sync_Log__c').filter((l) => l.Status__c === 'Failed');
      expect(logs.map((l) => l.Error_Message__c).join('\n')).not.toMatch(/PricebookEntry/);
      // Its standard price book entry is Salesforce's own, now named by the item's id: still one.
      const product = r.sim.org.records('Product2').find((x) => x.Name === 'Onboarding')!;
      const entries = r.sim.org.records('PricebookEntry').filter((e) => e.Product2Id === product.Id);
      expect(entries.map((e) => [e.UnitPrice, e.QuickBooks_Item_Id__c])).toEqual([
        [150, `${companyKey}:${item.listId}`],
      ]);
    });

    it('"Push to QuickBooks" on a won deal waits for the next Web Connector run, then completes once the invoice is in', async () => {
      const ins = driver().insert;
      const book = String(r.sim.org.find('Pricebook2', 'IsStandard', true)!.Id);
      const survey = ins('Product2', { Name: 'Site survey', IsActive: true, QuickBooks_Item_Type__c: 'Service' });
      const entry = ins('PricebookEntry', {
        Pricebook2Id: book,
        Product2Id: survey.Id,
        UnitPrice: 240,
        IsActive: true,
      });
      const buyer = ins('Account', { Name: 'Harbor Freight Co' });
      const deal = (name: string, stage: string) =>
        ins('Opportunity', {
          Name: name,
          AccountId: buyer.Id,
          StageName: stage,
          CloseDate: '2026-11-30',
          Pricebook2Id: book,
        });
      const won = deal('Harbor survey', 'Closed Won');
      ins('OpportunityLineItem', {
        OpportunityId: won.Id,
        PricebookEntryId: entry.Id,
        Product2Id: survey.Id,
        Quantity: 2,
        UnitPrice: 240,
      });
      const open = deal('Harbor renewal', 'Prospecting');
      // What the quick action creates: a request naming the deal.
      const push = (opportunity: unknown) =>
        ins('QuickBooks_Sync_Request__c', {
          Scope__c: 'Opportunity',
          Opportunity__c: opportunity,
          Status__c: 'Requested',
        }).Id as string;
      const request = (id: string) => driver().record('QuickBooks_Sync_Request__c', id);
      const pushed = push(won.Id);
      const refused = push(open.Id);
      await readOrg();
      expect(request(pushed)).toMatchObject({ Status__c: 'Waiting for QuickBooks' });
      expect(request(pushed).Completed_At__c ?? null).toBeNull();
      expect(request(pushed).Result__c).toBe(
        'Waiting for the next QuickBooks Web Connector run (it runs every 15 minutes): it sends “Harbor survey” to QuickBooks then.',
      );
      expect(request(pushed).Picked_Up_At__c).toBeTruthy();
      // A deal that is not won is refused in words, and nothing of it goes to QuickBooks.
      expect(request(refused)).toMatchObject({ Status__c: 'Failed' });
      expect(request(refused).Result__c).toBe(
        '“Harbor renewal” is at Prospecting: only won deals (Closed Won) go to QuickBooks. Mark it Closed Won, then push it again.',
      );

      const report = await session();
      expect(driver().changesIn(report)).toEqual(['ItemServiceAdd', 'CustomerAdd', 'InvoiceAdd']);
      const customer = customers().find((c) => c.name === 'Harbor Freight Co')!;
      const invoice = r.company.list('invoice').find((i) => i.customer.listId === customer.listId)!;
      expect(invoice).toMatchObject({ txnDate: '2026-11-30', subtotal: '480.00' });
      await readOrg();
      expect(request(pushed)).toMatchObject({ Status__c: 'Completed', Completed_At__c: expect.any(String) });
      expect(request(pushed).Result__c).toBe(
        'In QuickBooks: the deal was written there, and its QuickBooks id comes back onto the Opportunity.',
      );
      expect(driver().record('Opportunity', won.Id)).toMatchObject({
        QuickBooks_Invoice_Id__c: `${companyKey}:${invoice.txnId}`,
      });

      // Pushed again, the deal QuickBooks holds is not sent twice.
      const again = push(won.Id);
      await readOrg();
      expect(request(again)).toMatchObject({ Status__c: 'Completed' });
      expect(request(again).Result__c).toBe(
        `“Harbor survey” is already in QuickBooks as invoice ${invoice.refNumber}: nothing is sent twice.`,
      );
      expect(driver().changesIn(await session())).toEqual([]);
    });

    it('explains a name QuickBooks refuses or cannot hold, with a log on the Account', async () => {
      const vendor = r.company.list('vendor')[0]!;
      const clash = newAccount({ Name: vendor.name });
      const long = newAccount({ Name: 'A'.repeat(45) });
      await readOrg();
      await session();
      await readOrg();
      const logs = r.sim.org
        .records('QuickBooks_Sync_Log__c')
        .filter((l) => l.Direction__c === 'Salesforce to QuickBooks');
      const logOf = (id: unknown) => logs.find((l) => l.Account__c === id);
      expect(logOf(clash.Id)).toMatchObject({ Status__c: 'Failed', Error_Code__c: 'qbd_name_in_use' });
      expect(account(clash.Id as string).QuickBooks_Sync_Status__c).toBe('Failed');
      expect(String(logOf(clash.Id)?.Error_Message__c)).toContain(`already uses the name "${vendor.name}"`);
      expect(logOf(long.Id)).toMatchObject({ Status__c: 'Failed', Error_Code__c: 'qbxml_field_too_long' });
      expect(String(logOf(long.Id)?.Error_Message__c)).toContain('QuickBooks Desktop allows at most 41');
      expect(customers().some((c) => c.name === vendor.name)).toBe(false);
    });
  },
);
