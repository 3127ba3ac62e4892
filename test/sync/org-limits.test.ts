/**
 * What a real org refuses, and the relay's answer, end to end through the engine and the org
 * simulator: a text longer than its field lands cut to fit (and the log says so, without the
 * text); a number its field cannot hold fails that record alone, once, with a Sync Log in words;
 * an invoice with an inactive item lands without Opportunity products, at its subtotal.
 */
import { outboxRepo } from '../../relay/src/store/outbox.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import { onlyRecord, startEngineHarness, WRITE_PATHS, type EngineHarness } from './engine-harness.ts';
import { smallCompany, type InvoiceSpec } from './small-company.ts';

const rs = (name: string, body: string) =>
  `<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><${name}Rs requestID="1" statusCode="0" statusSeverity="Info" statusMessage="Status OK">${body}</${name}Rs></QBXMLMsgsRs></QBXML>`;
const stamp = (seq: string) =>
  `<TimeCreated>2026-01-05T09:00:00-08:00</TimeCreated><TimeModified>2026-11-0${seq.slice(-1)}T09:00:00-08:00</TimeModified><EditSequence>${seq}</EditSequence>`;

interface ItemSpec {
  id: string;
  name: string;
  price: string;
  active?: boolean;
  desc?: string;
  seq?: string;
}
const items = (specs: ItemSpec[]) =>
  rs(
    'ItemQuery',
    specs
      .map(
        (i) =>
          `<ItemServiceRet><ListID>${i.id}</ListID>${stamp(i.seq ?? '1700000001')}<Name>${i.name}</Name><FullName>${i.name}</FullName><IsActive>${i.active === false ? 'false' : 'true'}</IsActive><Sublevel>0</Sublevel><SalesOrPurchase><Desc>${i.desc ?? i.name}</Desc><Price>${i.price}</Price><AccountRef><ListID>A-1</ListID></AccountRef></SalesOrPurchase></ItemServiceRet>`,
      )
      .join(''),
  );
const payments = (specs: { id: string; amount: string }[]) =>
  rs(
    'ReceivePaymentQuery',
    specs
      .map(
        (p) =>
          `<ReceivePaymentRet><TxnID>${p.id}</TxnID>${stamp('1700000001')}<CustomerRef><ListID>C-1</ListID></CustomerRef><TxnDate>2026-11-20</TxnDate><RefNumber>${p.id}</RefNumber><TotalAmount>${p.amount}</TotalAmount><UnusedPayment>${p.amount}</UnusedPayment></ReceivePaymentRet>`,
      )
      .join(''),
  );

const INSTALLATION: ItemSpec = { id: 'I-1', name: 'Installation', price: '35.5' };
const RETIRED: ItemSpec = { id: 'I-3', name: 'Old cabinet line', price: '20.00', active: false };

/** Kristy's invoice: one line of an active item, one of an item retired in QuickBooks. */
const WITH_RETIRED: InvoiceSpec = {
  id: 'T-200',
  ref: '2001',
  customer: 'C-1',
  date: '2026-11-02',
  due: '2026-12-02',
  lines: [
    { id: 'L-1', item: 'I-1', desc: 'Installation', qty: '3', rate: '35.5', amount: '106.50' },
    { id: 'L-2', item: 'I-3', desc: 'Cabinet (discontinued)', qty: '1', rate: '20.01', amount: '20.01' },
  ],
  tax: '9.99',
  balance: '136.50',
};

describe.each(testBackends().map((b) => [b.name, b] as const))('what the org refuses, on %s', (_name, backend) => {
  describe.each(WRITE_PATHS)('written through %s', (_path, bulkThreshold) => {
    let h: EngineHarness;
    beforeEach(async () => {
      h = await startEngineHarness(backend, bulkThreshold ? { bulkThreshold } : {});
    });
    afterEach(async () => {
      await h.close();
    });

    const one = (object: string, field: string, value: string) => onlyRecord(h, object, field, value);
    const lineKeys = (object: string) =>
      h
        .records(object)
        .map((r) => String(r.QuickBooks_Line_Id__c))
        .sort();

    it('cuts a 5,000-character item description to the 4,000 Product2 holds, and logs it without the text', async () => {
      const desc = `${'d'.repeat(3999)}\u{1F600}${'e'.repeat(999)}`; // 5,000 characters, an emoji across the limit
      await h.receive('S1', {
        accounts: smallCompany().accounts,
        items: items([
          { ...INSTALLATION, desc },
          { id: 'I-2', name: 'Cabinets', price: '450.00' },
        ]),
      });
      const summary = await h.engine.drain({ waitForRetriesMs: 1000 });
      expect(summary.dispatched.failed).toBe(0);
      const product = one('Product2', 'QuickBooks_Item_Id__c', 'acme:I-1');
      expect(product.Description).toBe('d'.repeat(3999));
      expect(one('Product2', 'QuickBooks_Item_Id__c', 'acme:I-2').Description).toBe('Cabinets');
      const cuts = h.logs
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => /cut to fit/.test(String(l.msg)));
      expect(cuts).toEqual([
        expect.objectContaining({
          level: 'warn',
          object: 'Product2',
          field: 'Description',
          externalId: 'acme:I-1',
          length: 5000,
          limit: 4000,
          kept: 3999,
        }),
      ]);
      expect(h.logs.join('\n')).not.toContain('ddddddddddddddddddddddddddd');
    });

    it('refuses an amount its field cannot hold: a Sync Log in words, no retries, the rest of the batch lands', async () => {
      await h.receive('S1', {
        accounts: smallCompany().accounts,
        customers: smallCompany().customers,
        payments: payments([
          { id: 'P-1', amount: '250.00' },
          { id: 'P-2', amount: '1000000000000000.00' },
          { id: 'P-3', amount: '99999999999999.99' },
        ]),
      });
      const summary = await h.engine.drain({ waitForRetriesMs: 1000 });
      expect(summary.dispatched).toMatchObject({ failed: 1, retrying: 0 });
      expect(
        h
          .records('QuickBooks_Payment__c')
          .map((p) => [p.QuickBooks_Payment_Id__c, p.Amount__c])
          .sort(),
      ).toEqual([
        ['acme:P-1', 250],
        ['acme:P-3', Number('99999999999999.99')],
      ]);
      const log = one('QuickBooks_Sync_Log__c', 'Log_Key__c', 'acme:QuickBooks_Payment__c:acme:P-2');
      expect(log).toMatchObject({
        Status__c: 'Failed',
        Error_Code__c: 'sf_value_out_of_range',
        Object__c: 'Payment',
        QuickBooks_Id__c: 'P-2',
        Attempts__c: 1,
      });
      expect(log.Error_Message__c).toBe(
        'QuickBooks_Payment__c.Amount__c cannot hold 1000000000000000.00: the field takes at most 14 digits before ' +
          'the decimal point (16 digits, 2 after the point; from -99999999999999.99 to 99999999999999.99), so ' +
          'Salesforce would refuse the record. Correct it in QuickBooks; the corrected record is written at the next sync.',
      );
      const row = await outboxRepo(h.store.db, Date.now).findByTarget('acme', 'QuickBooks_Payment__c', 'acme:P-2');
      expect(row).toMatchObject({ status: 'failed', attempts: 1, errorCode: 'sf_value_out_of_range' });
      // Nothing left to send: another round does not try it again.
      const again = await h.engine.drain({ waitForRetriesMs: 200 });
      expect(again.dispatched.sent).toBe(0);
    });

    it('refuses a due date that is no day: that invoice fails in words, the other invoices of the batch land', async () => {
      const good: InvoiceSpec = { ...WITH_RETIRED, id: 'T-300', ref: '3000', lines: [WITH_RETIRED.lines[0]!] };
      const company = smallCompany([good, { ...good, id: 'T-301', ref: '3001', due: '2026-02-31' }]);
      await h.receive('S1', {
        accounts: company.accounts,
        items: items([INSTALLATION]),
        customers: company.customers,
        invoices: company.invoices,
      });
      await h.engine.drain({ waitForRetriesMs: 1000 });
      expect(h.records('QuickBooks_Invoice__c').map((i) => i.QuickBooks_Invoice_Id__c)).toEqual(['acme:T-300']);
      expect(one('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:T-300').Due_Date__c).toBe('2026-12-02');
      expect(lineKeys('QuickBooks_Invoice_Line__c')).toEqual(['acme:T-300:L-1']);
      const log = one('QuickBooks_Sync_Log__c', 'Log_Key__c', 'acme:QuickBooks_Invoice__c:acme:T-301');
      expect(log).toMatchObject({ Status__c: 'Failed', Error_Code__c: 'sf_invalid_date', Attempts__c: 1 });
      expect(log.Error_Message__c).toBe(
        'QuickBooks_Invoice__c.Due_Date__c cannot hold 2026-02-31: it is not a calendar day (YYYY-MM-DD), so ' +
          'Salesforce would refuse the record. Correct it in QuickBooks; the corrected record is written at the next sync.',
      );
    });

    it('lands an invoice with an inactive item: its lines, no Opportunity products, the Opportunity at the subtotal', async () => {
      const company = smallCompany([WITH_RETIRED]);
      await h.receive('S1', {
        accounts: company.accounts,
        items: items([INSTALLATION, RETIRED]),
        customers: company.customers,
        invoices: company.invoices,
      });
      const summary = await h.engine.drain({ waitForRetriesMs: 1000 });
      expect(summary.dispatched.failed).toBe(0);
      expect(one('Product2', 'QuickBooks_Item_Id__c', 'acme:I-3').IsActive).toBe(false);
      expect(lineKeys('QuickBooks_Invoice_Line__c')).toEqual(['acme:T-200:L-1', 'acme:T-200:L-2']);
      expect(one('QuickBooks_Invoice_Line__c', 'QuickBooks_Line_Id__c', 'acme:T-200:L-2').Product__c).toBe(
        one('Product2', 'QuickBooks_Item_Id__c', 'acme:I-3').Id,
      );
      expect(h.records('OpportunityLineItem')).toHaveLength(0);
      expect(String(one('Opportunity', 'QuickBooks_Invoice_Id__c', 'acme:T-200').Amount)).toBe('126.51');
      expect(h.records('QuickBooks_Sync_Log__c')).toHaveLength(0);
    });

    it('a relay started after an item was retired learns it from the writes it queued before', async () => {
      const company = smallCompany([WITH_RETIRED]);
      await h.receive('S1', {
        accounts: company.accounts,
        items: items([INSTALLATION, RETIRED]),
        customers: company.customers,
      });
      expect((await h.engine.drain({ waitForRetriesMs: 1000 })).dispatched.failed).toBe(0);

      // Started again, the relay reads the invoice (and not its items, unchanged since).
      const restarted = h.restarted();
      await h.receive('S2', { invoices: company.invoices });
      expect((await restarted.drain({ waitForRetriesMs: 1000 })).dispatched.failed).toBe(0);
      expect(h.records('OpportunityLineItem')).toHaveLength(0);
      expect(String(one('Opportunity', 'QuickBooks_Invoice_Id__c', 'acme:T-200').Amount)).toBe('126.51');
      expect(h.records('QuickBooks_Sync_Log__c')).toHaveLength(0);

      // Made active again in QuickBooks: the invoice, read again, gets its products.
      await h.receive('S3', {
        items: items([{ ...RETIRED, active: true, seq: '1700000002' }]),
        invoices: smallCompany([{ ...WITH_RETIRED, seq: '1700000002' }]).invoices,
      });
      expect((await restarted.drain({ waitForRetriesMs: 1000 })).dispatched.failed).toBe(0);
      expect(lineKeys('OpportunityLineItem')).toEqual(['acme:T-200:L-1', 'acme:T-200:L-2']);
      expect(String(one('Opportunity', 'QuickBooks_Invoice_Id__c', 'acme:T-200').Amount)).toBe('126.51');
    });

    it('an item made inactive after its products were added: the invoice keeps landing, at its subtotal', async () => {
      const company = smallCompany([WITH_RETIRED]);
      await h.receive('S1', {
        accounts: company.accounts,
        items: items([INSTALLATION, { ...RETIRED, active: true }]),
        customers: company.customers,
        invoices: company.invoices,
      });
      expect((await h.engine.drain({ waitForRetriesMs: 1000 })).dispatched.failed).toBe(0);
      expect(lineKeys('OpportunityLineItem')).toEqual(['acme:T-200:L-1', 'acme:T-200:L-2']);
      expect(String(one('Opportunity', 'QuickBooks_Invoice_Id__c', 'acme:T-200').Amount)).toBe('126.51');

      // The item is retired, then a payment changes the invoice's balance and QuickBooks sends it again.
      await h.receive('S2', {
        items: items([{ ...RETIRED, seq: '1700000002' }]),
        invoices: smallCompany([{ ...WITH_RETIRED, seq: '1700000002', balance: '36.50' }]).invoices,
      });
      const summary = await h.engine.drain({ waitForRetriesMs: 1000 });
      expect(summary.dispatched.failed).toBe(0);
      expect(one('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:T-200').Balance__c).toBe(36.5);
      expect(lineKeys('QuickBooks_Invoice_Line__c')).toEqual(['acme:T-200:L-1', 'acme:T-200:L-2']);
      expect(h.records('OpportunityLineItem')).toHaveLength(0);
      expect(String(one('Opportunity', 'QuickBooks_Invoice_Id__c', 'acme:T-200').Amount)).toBe('126.51');
      expect(h.records('QuickBooks_Sync_Log__c')).toHaveLength(0);
    });
  });
});
