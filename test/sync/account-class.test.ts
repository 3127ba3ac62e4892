/**
 * The department and class an Account shows: those of the customer's most recent invoice (by date,
 * then id), the customer's own class while it has no invoice — and a later edit of the customer
 * does not put its own class back over its invoice's.
 */
import { testBackends } from '../qbwc/support/stores.ts';
import { onlyRecord, startEngineHarness, type EngineHarness } from './engine-harness.ts';
import { invoiceRet, smallCompany, type InvoiceSpec } from './small-company.ts';

const rs = (name: string, body: string) =>
  `<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><${name}Rs requestID="1" statusCode="0" statusSeverity="Info" statusMessage="Status OK">${body}</${name}Rs></QBXMLMsgsRs></QBXML>`;

/** An invoice with a class of its own (QuickBooks Desktop's invoice ClassRef). */
const classed = (spec: InvoiceSpec, className: string) =>
  invoiceRet(spec).replace('</CustomerRef>', `</CustomerRef><ClassRef><FullName>${className}</FullName></ClassRef>`);

/** The customers with a class each (Kristy: Remodel, Baker's Dozen: Bakery); `seq` moves their EditSequence. */
function customers(seq = '1700000001', phone = '415-555-6579') {
  return smallCompany()
    .customers.replace(
      '<Name>Abercrombie, Kristy</Name><FullName>Abercrombie, Kristy</FullName><IsActive>true</IsActive>',
      '<Name>Abercrombie, Kristy</Name><FullName>Abercrombie, Kristy</FullName><IsActive>true</IsActive><ClassRef><FullName>Remodel</FullName></ClassRef>',
    )
    .replace(
      "<Name>Baker's Dozen</Name><FullName>Baker's Dozen</FullName><IsActive>true</IsActive>",
      "<Name>Baker's Dozen</Name><FullName>Baker's Dozen</FullName><IsActive>true</IsActive><ClassRef><FullName>Bakery</FullName></ClassRef>",
    )
    .replaceAll('<EditSequence>1700000001</EditSequence>', `<EditSequence>${seq}</EditSequence>`)
    .replace('415-555-6579', phone);
}

const SEPTEMBER: InvoiceSpec = {
  id: 'T-100',
  ref: '1001',
  customer: 'C-1',
  date: '2026-09-01',
  due: '2026-12-31',
  lines: [{ id: 'L-1', item: 'I-1', desc: 'Installation', qty: '3', rate: '35.5', amount: '106.50' }],
  balance: '106.50',
};
const OCTOBER: InvoiceSpec = {
  ...SEPTEMBER,
  id: 'T-200',
  ref: '1200',
  date: '2026-10-01',
  lines: [{ ...SEPTEMBER.lines[0]!, id: 'L-9' }],
};

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'the Account’s department and class on %s',
  (_name, backend) => {
    let h: EngineHarness;
    beforeEach(async () => {
      h = await startEngineHarness(backend);
    });
    afterEach(async () => {
      await h.close();
    });
    const sync = async (session: string, pages: Record<string, string>) => {
      await h.receive(session, pages);
      const summary = await h.engine.drain({ waitForRetriesMs: 1000 });
      expect(summary.dispatched.failed).toBe(0);
    };
    const account = (id: string) => onlyRecord(h, 'Account', 'QuickBooks_Customer_Id__c', `acme:${id}`);

    it('follows the most recent invoice; the customer’s own class while it has none', async () => {
      const company = smallCompany();
      await sync('S1', {
        accounts: company.accounts,
        items: company.items,
        customers: customers(),
        invoices: rs('InvoiceQuery', classed(SEPTEMBER, 'Kitchens')),
      });
      expect([account('C-1').QuickBooks_Class__c, account('C-1').QuickBooks_Department__c ?? null]).toEqual([
        'Kitchens',
        null,
      ]);
      expect(account('C-3').QuickBooks_Class__c).toBe('Bakery');
      expect(onlyRecord(h, 'QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:T-100').Class__c).toBe(
        'Kitchens',
      );
      expect(onlyRecord(h, 'Opportunity', 'QuickBooks_Invoice_Id__c', 'acme:T-100').QuickBooks_Class__c).toBe(
        'Kitchens',
      );

      // A newer invoice: its class. An older one read again changes nothing.
      await sync('S2', { invoices: rs('InvoiceQuery', classed(OCTOBER, 'Repairs') + classed(SEPTEMBER, 'Kitchens')) });
      expect(account('C-1').QuickBooks_Class__c).toBe('Repairs');

      // The customer edited in QuickBooks (a new phone): its invoice's class stays on the Account.
      await sync('S3', { customers: customers('1700000002', '415-555-0000') });
      expect(account('C-1')).toMatchObject({ Phone: '415-555-0000', QuickBooks_Class__c: 'Repairs' });

      // The newest invoice without a class: the customer's own.
      await sync('S4', { invoices: rs('InvoiceQuery', invoiceRet({ ...OCTOBER, seq: '1700000002' })) });
      expect(account('C-1').QuickBooks_Class__c).toBe('Remodel');
    });
  },
);
