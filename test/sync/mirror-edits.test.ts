/**
 * Edits made in QuickBooks after the first mirror: values emptied, a job moved to the top level,
 * a payment re-applied, invoice lines removed and re-numbered. The org must end equal to
 * QuickBooks — through sObject Collections (JSON `null`) and through Bulk API 2.0 (`#N/A`) alike —
 * while fields the mapping never owns keep what Salesforce users put there.
 */
import { testBackends } from '../qbwc/support/stores.ts';
import { onlyRecord, startEngineHarness, WRITE_PATHS, type EngineHarness } from './engine-harness.ts';
import { smallCompany, type InvoiceSpec } from './small-company.ts';

const rs = (name: string, body: string) =>
  `<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><${name}Rs requestID="1" statusCode="0" statusSeverity="Info" statusMessage="Status OK">${body}</${name}Rs></QBXMLMsgsRs></QBXML>`;
const stamp = (seq: string) =>
  `<TimeCreated>2026-01-05T09:00:00-08:00</TimeCreated><TimeModified>2026-11-0${seq.slice(-1)}T09:00:00-08:00</TimeModified><EditSequence>${seq}</EditSequence>`;

/** Kristy with everything filled in, and her Kitchen job under her. */
const FULL_CUSTOMERS = rs(
  'CustomerQuery',
  `<CustomerRet><ListID>C-1</ListID>${stamp('1700000001')}<Name>Abercrombie, Kristy</Name><FullName>Abercrombie, Kristy</FullName><IsActive>true</IsActive><ClassRef><FullName>Remodel</FullName></ClassRef><Sublevel>0</Sublevel><CompanyName>Abercrombie Homes</CompanyName><FirstName>Kristy</FirstName><LastName>Abercrombie</LastName><BillAddress><Addr1>5647 Cypress Hill Rd</Addr1><City>Bayshore</City><State>CA</State><PostalCode>94326</PostalCode></BillAddress><Phone>415-555-6579</Phone><Fax>415-555-6580</Fax><Email>kristy@abercrombie.example</Email><TermsRef><FullName>Net 30</FullName></TermsRef><SalesRepRef><FullName>RG</FullName></SalesRepRef><Balance>106.50</Balance><TotalBalance>630.74</TotalBalance></CustomerRet>` +
    `<CustomerRet><ListID>C-2</ListID>${stamp('1700000001')}<Name>Kitchen</Name><FullName>Abercrombie, Kristy:Kitchen</FullName><IsActive>true</IsActive><ParentRef><ListID>C-1</ListID><FullName>Abercrombie, Kristy</FullName></ParentRef><Sublevel>1</Sublevel><Balance>524.24</Balance><TotalBalance>524.24</TotalBalance></CustomerRet>`,
);

/** The same two after the bookkeeper emptied Kristy's details and made Kitchen a customer of its own. */
const CLEARED_CUSTOMERS = rs(
  'CustomerQuery',
  `<CustomerRet><ListID>C-1</ListID>${stamp('1700000002')}<Name>Abercrombie, Kristy</Name><FullName>Abercrombie, Kristy</FullName><IsActive>true</IsActive><Sublevel>0</Sublevel><CompanyName>Abercrombie Homes</CompanyName><FirstName>Kristy</FirstName><LastName>Abercrombie</LastName><BillAddress><City>Bayshore</City><State>CA</State><PostalCode>94326</PostalCode></BillAddress><Balance>106.50</Balance><TotalBalance>106.50</TotalBalance></CustomerRet>` +
    `<CustomerRet><ListID>C-2</ListID>${stamp('1700000002')}<Name>Kitchen</Name><FullName>Kitchen</FullName><IsActive>true</IsActive><Sublevel>0</Sublevel><Balance>524.24</Balance><TotalBalance>524.24</TotalBalance></CustomerRet>`,
);

const INVOICES_BEFORE: InvoiceSpec[] = [
  {
    id: 'T-100',
    ref: '1001',
    customer: 'C-1',
    date: '2026-09-01',
    due: '2026-12-01',
    lines: [{ id: 'L-1', item: 'I-1', desc: 'Installation', qty: '3', rate: '35.5', amount: '106.50' }],
    balance: '106.50',
    memo: 'Second floor',
  },
  {
    id: 'T-101',
    ref: '1002',
    customer: 'C-2',
    date: '2026-11-10',
    due: '2026-12-10',
    lines: [
      { id: 'L-2', item: 'I-2', desc: 'Cabinets', qty: '2', rate: '450', amount: '900.00' },
      { id: 'L-3', item: 'I-1', desc: 'Fitting', qty: '1', rate: '35.5', amount: '35.50' },
    ],
    balance: '935.50',
    memo: 'Rush',
  },
];

/** T-100's line re-entered as two new lines; T-101 lost its fitting line; both memos emptied. */
const INVOICES_AFTER: InvoiceSpec[] = [
  {
    ...INVOICES_BEFORE[0]!,
    seq: '1700000002',
    lines: [
      { id: 'L-9', item: 'I-1', desc: 'Installation, day 1', qty: '2', rate: '35.5', amount: '71.00' },
      { id: 'L-10', item: 'I-2', desc: 'Cabinet', qty: '1', rate: '450', amount: '450.00' },
    ],
    balance: '521.00',
    memo: undefined,
  },
  {
    ...INVOICES_BEFORE[1]!,
    seq: '1700000002',
    lines: [{ id: 'L-2', item: 'I-2', desc: 'Cabinets', qty: '2', rate: '450', amount: '900.00' }],
    balance: '900.00',
    memo: undefined,
  },
];

const payment = (applied: [string, string][], seq: string) =>
  rs(
    'ReceivePaymentQuery',
    `<ReceivePaymentRet><TxnID>P-1</TxnID>${stamp(seq)}<CustomerRef><ListID>C-1</ListID></CustomerRef><TxnDate>2026-11-20</TxnDate><RefNumber>9921</RefNumber><TotalAmount>100.00</TotalAmount><PaymentMethodRef><FullName>Check</FullName></PaymentMethodRef><Memo>Thanks</Memo><UnusedPayment>0.00</UnusedPayment>` +
      applied
        .map(
          ([txn, amount]) =>
            `<AppliedToTxnRet><TxnID>${txn}</TxnID><TxnType>Invoice</TxnType><Amount>${amount}</Amount></AppliedToTxnRet>`,
        )
        .join('') +
      `</ReceivePaymentRet>`,
  );

describe.each(testBackends().map((b) => [b.name, b] as const))('edits in QuickBooks on %s', (_name, backend) => {
  describe.each(WRITE_PATHS)('written through %s', (_path, bulkThreshold) => {
    let h: EngineHarness;
    beforeEach(async () => {
      h = await startEngineHarness(backend, bulkThreshold ? { bulkThreshold } : {});
    });
    afterEach(async () => {
      await h.close();
    });

    const one = (object: string, field: string, value: string) => onlyRecord(h, object, field, value);
    const sync = async (session: string, pages: Record<string, string>) => {
      await h.receive(session, pages);
      const summary = await h.engine.drain({ waitForRetriesMs: 1000 });
      expect(summary.dispatched.failed).toBe(0);
    };
    const lineKeys = (object: string) =>
      h
        .records(object)
        .map((r) => String(r.QuickBooks_Line_Id__c))
        .sort();

    it('writes emptied values as empty and leaves fields it does not own alone', async () => {
      const company = smallCompany(INVOICES_BEFORE);
      await sync('S1', {
        accounts: company.accounts,
        items: company.items,
        customers: FULL_CUSTOMERS,
        invoices: company.invoices,
        payments: payment([['T-100', '100.00']], '1700000001'),
      });
      const kristy = one('Account', 'QuickBooks_Customer_Id__c', 'acme:C-1');
      expect(kristy).toMatchObject({
        Phone: '415-555-6579',
        Fax: '415-555-6580',
        QuickBooks_Email__c: 'kristy@abercrombie.example',
        BillingStreet: '5647 Cypress Hill Rd',
        QuickBooks_Class__c: 'Remodel',
        QuickBooks_Terms__c: 'Net 30',
        QuickBooks_Sales_Rep__c: 'RG',
      });
      expect(one('Account', 'QuickBooks_Customer_Id__c', 'acme:C-2').ParentId).toBe(kristy.Id);
      expect(one('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:T-101').Memo__c).toBe('Rush');
      const t100 = one('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:T-100');
      expect(one('QuickBooks_Payment__c', 'QuickBooks_Payment_Id__c', 'acme:P-1').Invoice__c).toBe(t100.Id);
      // A sales rep fills in what the mirror does not own.
      h.sf.sim.org.store.update(h.sf.sim.org.objectOrThrow('Account'), String(kristy.Id), {
        Industry: 'Construction',
        Description: 'Met at the home show',
      });

      await sync('S2', {
        customers: CLEARED_CUSTOMERS,
        invoices: smallCompany(INVOICES_AFTER).invoices,
        payments: payment(
          [
            ['T-100', '60.00'],
            ['T-101', '40.00'],
          ],
          '1700000002',
        ),
      });

      const after = one('Account', 'QuickBooks_Customer_Id__c', 'acme:C-1');
      for (const field of [
        'Phone',
        'Fax',
        'QuickBooks_Email__c',
        'BillingStreet',
        'QuickBooks_Class__c',
        'QuickBooks_Terms__c',
        'QuickBooks_Sales_Rep__c',
      ]) {
        expect([field, after[field] ?? null]).toEqual([field, null]);
      }
      expect(after).toMatchObject({
        BillingCity: 'Bayshore',
        Industry: 'Construction',
        Description: 'Met at the home show',
      });
      const kitchen = one('Account', 'QuickBooks_Customer_Id__c', 'acme:C-2');
      expect(kitchen.ParentId ?? null).toBeNull();
      expect(kitchen.QuickBooks_Full_Name__c).toBe('Kitchen');
      const t101 = one('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:T-101');
      expect(t101.Memo__c ?? null).toBeNull();
      expect(one('Opportunity', 'QuickBooks_Invoice_Id__c', 'acme:T-101').Description ?? null).toBeNull();
      // Applied to two invoices now: no single invoice to point at.
      expect(one('QuickBooks_Payment__c', 'QuickBooks_Payment_Id__c', 'acme:P-1').Invoice__c ?? null).toBeNull();
    });

    it('removes invoice lines QuickBooks no longer has, and keeps each Opportunity at its invoice subtotal', async () => {
      const company = smallCompany(INVOICES_BEFORE);
      await sync('S1', {
        accounts: company.accounts,
        items: company.items,
        customers: FULL_CUSTOMERS,
        invoices: company.invoices,
      });
      expect(lineKeys('QuickBooks_Invoice_Line__c')).toEqual(['acme:T-100:L-1', 'acme:T-101:L-2', 'acme:T-101:L-3']);
      expect(lineKeys('OpportunityLineItem')).toEqual(['acme:T-100:L-1', 'acme:T-101:L-2', 'acme:T-101:L-3']);
      expect(String(one('Opportunity', 'QuickBooks_Invoice_Id__c', 'acme:T-101').Amount)).toBe('935.5');

      await sync('S2', { invoices: smallCompany(INVOICES_AFTER).invoices });

      const expected = ['acme:T-100:L-10', 'acme:T-100:L-9', 'acme:T-101:L-2'];
      expect(lineKeys('QuickBooks_Invoice_Line__c')).toEqual(expected);
      expect(lineKeys('OpportunityLineItem')).toEqual(expected);
      expect(String(one('Opportunity', 'QuickBooks_Invoice_Id__c', 'acme:T-100').Amount)).toBe('521');
      expect(String(one('Opportunity', 'QuickBooks_Invoice_Id__c', 'acme:T-101').Amount)).toBe('900');

      // A line that comes back (QuickBooks re-uses nothing, but a restore from backup can) is created again.
      await sync('S3', { invoices: smallCompany(INVOICES_BEFORE.map((i) => ({ ...i, seq: '1700000003' }))).invoices });
      expect(lineKeys('OpportunityLineItem')).toEqual(['acme:T-100:L-1', 'acme:T-101:L-2', 'acme:T-101:L-3']);
      expect(String(one('Opportunity', 'QuickBooks_Invoice_Id__c', 'acme:T-100').Amount)).toBe('106.5');
    });
  });
});
