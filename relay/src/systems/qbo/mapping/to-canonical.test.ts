import fs from 'node:fs';
import path from 'node:path';
import { parseExactJson } from '../api/json.ts';
import type { QboJson } from '../api/types.ts';
import { decimal, sum, toMoneyString } from '../../../lib/money.ts';
import type { Invoice } from '../../../sync/model.ts';
import { readCompanyInfo } from './company.ts';
import { departmentOrClassName, toCanonical, type QboMappingContext } from './to-canonical.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');
/** A recorded sample as the client parses it; a read's `{ "<Entity>": {...}, "time" }` is unwrapped. */
function fixture(file: string): QboJson {
  const json = parseExactJson(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as QboJson;
  const [entity] = Object.keys(json).filter((k) => k !== 'time');
  return 'time' in json && entity ? (json[entity] as QboJson) : json;
}
const USD: QboMappingContext = { homeCurrency: 'USD' };

function mapped(entity: string, json: unknown, ctx = USD) {
  const r = toCanonical(entity, json, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
function failure(entity: string, json: unknown) {
  const r = toCanonical(entity, json, USD);
  if (r.ok) throw new Error(`${entity} was read: ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('QuickBooks Online recorded records → canonical', () => {
  it('a customer: DisplayName, company, addresses, phone, email, balance exact, the person from the name parts', () => {
    expect(mapped('Customer', fixture('customer.read.nango.json'))).toEqual({
      type: 'customer',
      id: '1',
      version: '3',
      updatedAt: '2026-05-05T03:13:07-07:00',
      name: 'Test Customer Updated Final',
      fullName: 'Test Customer Updated Final',
      companyName: "Amy's Bird Sanctuary",
      isActive: true,
      billing: { street: '4581 Finch St.', city: 'Bayshore', state: 'CA', postalCode: '94326' },
      shipping: { street: '4581 Finch St.', city: 'Bayshore', state: 'CA', postalCode: '94326' },
      phone: '(650) 555-3311',
      email: 'Birds@Intuit.com',
      balance: '-261.00',
      currency: 'USD',
      contact: {
        firstName: 'Amy',
        lastName: 'Lauterbach',
        email: 'Birds@Intuit.com',
        phone: '(650) 555-3311',
      },
    });
  });

  it('a job: its own name, Parent:Job as full name, its parent by Id, terms by name (or from the context)', () => {
    const job = {
      ...fixture('customer.read.nango.json'),
      DisplayName: 'Kitchen',
      FullyQualifiedName: 'Amy:Kitchen',
      Job: true,
      Level: '1',
      ParentRef: { value: '7' },
      SalesTermRef: { value: '3' },
    };
    const r = mapped('Customer', job, { homeCurrency: 'USD', nameOf: (k, id) => `${k} ${id}` });
    expect(r).toMatchObject({ name: 'Kitchen', fullName: 'Amy:Kitchen', parentId: '7', terms: 'Term 3' });
  });

  it('a vendor without a person or company name, an item, an account in Desktop words', () => {
    expect(mapped('Vendor', fixture('vendor.read.nango.json'))).toEqual({
      type: 'vendor',
      id: '56',
      version: '0',
      updatedAt: '2026-04-22T14:28:52-07:00',
      name: "Bob's Burger Joint",
      isActive: true,
      balance: '0.00',
      currency: 'USD',
    });
    expect(mapped('Item', fixture('item.read.nango.json'))).toEqual({
      type: 'item',
      id: '19',
      version: '0',
      updatedAt: '2026-05-05T02:10:35-07:00',
      name: 'Test Service Item',
      fullName: 'Test Service Item',
      itemType: 'Service',
      price: '0.00',
      isActive: true,
    });
    const acct = fixture('account.read.nango.json');
    expect(mapped('Account', acct)).toMatchObject({ accountType: 'Income', balance: '0.00', fullName: 'Test Account' });
    expect(mapped('Account', { ...acct, AccountType: 'Accounts Receivable' })).toMatchObject({
      accountType: 'AccountsReceivable',
    });
    expect(mapped('Account', { ...acct, AccountType: 'Cost of Goods Sold' })).toMatchObject({
      accountType: 'CostOfGoodsSold',
    });
    expect(mapped('Account', { ...acct, AccountType: 'Non-Posting' })).toMatchObject({ accountType: 'NonPosting' });
  });

  it('an item Category is not an item; a Group is, in Desktop’s word', () => {
    const i = fixture('item.read.nango.json');
    expect(mapped('Item', { ...i, Type: 'Category' })).toBeUndefined();
    expect(mapped('Item', { ...i, Type: 'Group' })).toMatchObject({ itemType: 'Group' });
  });

  it('an invoice: number, dates, total and balance to the cent, terms, PrivateNote as memo, lines with unique ids', () => {
    const inv = mapped('Invoice', fixture('invoice.read.nango.json')) as Invoice;
    expect(inv).toEqual({
      type: 'invoice',
      id: '130',
      version: '3',
      updatedAt: '2026-05-05T03:13:29-07:00',
      number: '1037',
      customerId: '24',
      txnDate: '2026-04-08',
      dueDate: '2026-05-08',
      total: '362.07',
      balance: '362.07',
      isPaid: false,
      currency: 'USD',
      terms: 'Net 30',
      memo: 'Test update from Nango action retry',
      lines: [
        { id: '130-1', itemId: '5', description: 'Rock Fountain', quantity: '1', rate: '275', amount: '275.00' },
        { id: '130-2', itemId: '11', description: 'Fountain Pump', quantity: '1', rate: '12.75', amount: '12.75' },
        {
          id: '130-3',
          itemId: '3',
          description: 'Concrete for fountain installation',
          quantity: '5',
          rate: '9.5',
          amount: '47.50',
        },
      ],
    });
  });

  it("an invoice's sales-form custom fields are custom values by the definition's Name; one it lists without a value is empty", () => {
    const json = fixture('invoice.with-customfield.intuit-docs.json');
    expect((mapped('Invoice', json) as Invoice).custom).toEqual([{ name: 'sales1', value: 'my custom value' }]);
    const listed = {
      ...json,
      CustomField: [...(json.CustomField as QboJson[]), { DefinitionId: '3', Name: 'Crew #', Type: 'StringType' }],
    };
    expect((mapped('Invoice', listed) as Invoice).custom).toEqual([
      { name: 'sales1', value: 'my custom value' },
      { name: 'Crew #', value: '' },
    ]);
    expect((mapped('Invoice', fixture('invoice.read.nango.json')) as Invoice).custom).toBeUndefined();
  });

  it('a discount line is a line of the negative amount it takes off; the lines add up to the total before tax', () => {
    const json = fixture('invoice.with-discountline.nango.json');
    const inv = mapped('Invoice', json) as Invoice;
    expect(inv.lines.map((l) => l.id)).toEqual(['49-1', '49-2', '49-3', '49-4', '49-L6']);
    expect(inv.lines[4]).toEqual({ id: '49-L6', amount: '-50.25' });
    expect(toMoneyString(sum(inv.lines.map((l) => decimal(l.amount))))).toBe(inv.total);
    expect(inv.total).toBe('954.75');
  });

  it('a multicurrency invoice keeps its exchange rate exactly; a bill; an unapplied payment and its method by name', () => {
    expect(mapped('Invoice', fixture('invoice.read.java-sdk-2015.json'))).toMatchObject({
      total: '100055.55',
      exchangeRate: '1',
      currency: 'USD',
      memo: 'Opening Balance',
    });
    expect(mapped('Bill', fixture('bill.read.nango.json'))).toEqual({
      type: 'bill',
      id: '1',
      version: '1',
      updatedAt: '2026-04-05T15:28:48-07:00',
      vendorId: '31',
      txnDate: '2026-04-01',
      dueDate: '2026-04-01',
      total: '2000.00',
      balance: '0.00',
      isPaid: true,
      currency: 'USD',
      memo: 'Opening Balance',
    });
    const method = {
      homeCurrency: 'USD',
      nameOf: (k: string, id: string) => (k === 'PaymentMethod' ? `Check ${id}` : undefined),
    };
    expect(
      mapped('Payment', { ...fixture('payment.read.unapplied.nango.json'), PaymentMethodRef: { value: '2' } }, method),
    ).toMatchObject({ method: 'Check 2' });
    expect(mapped('Payment', fixture('payment.read.unapplied.nango.json'))).toEqual({
      type: 'payment',
      id: '170',
      version: '0',
      updatedAt: '2026-05-05T03:08:49-07:00',
      customerId: '2',
      txnDate: '2026-05-05',
      amount: '100.00',
      unapplied: '100.00',
      currency: 'USD',
      applied: [],
    });
  });

  it('department and class: by the reference’s name, else by the context; line classes when the header has none', () => {
    const json = fixture('invoice.read.nango.json');
    const names: QboMappingContext = {
      homeCurrency: 'USD',
      nameOf: (kind, id) =>
        new Map([
          ['Department:2', 'East:Boston'],
          ['Class:5', 'Retail'],
        ]).get(`${kind}:${id}`),
    };
    expect(
      mapped('Invoice', { ...json, DepartmentRef: { value: '2' }, ClassRef: { value: '9', name: 'Wholesale' } }, names),
    ).toMatchObject({ department: 'East:Boston', className: 'Wholesale' });
    const lines = (json.Line as QboJson[]).map((l) =>
      l.DetailType === 'SalesItemLineDetail'
        ? { ...l, SalesItemLineDetail: { ...(l.SalesItemLineDetail as QboJson), ClassRef: { value: '5' } } }
        : l,
    );
    expect(mapped('Invoice', { ...json, Line: lines }, names)).toMatchObject({ className: 'Retail' });
    const mixed = lines.map((l, i) => (i === 0 ? { ...l, SalesItemLineDetail: { ItemRef: { value: '5' } } } : l));
    expect(mapped('Invoice', { ...json, Line: mixed }, names)).not.toHaveProperty('className');
  });

  it('a voided invoice (amounts zeroed, PrivateNote "Voided") is voided; one of zero that is not, is not', () => {
    const json = fixture('invoice.read.java-sdk-2015.json');
    const zeroed = { ...json, TotalAmt: '0', Balance: '0', Line: [] };
    expect(mapped('Invoice', { ...zeroed, PrivateNote: 'Voided' })).toMatchObject({ isVoided: true, isPaid: true });
    expect(mapped('Invoice', zeroed)).not.toHaveProperty('isVoided');
  });

  it('CDC deletions: a deletion of the entity’s kind; of an entity not mirrored, nothing', () => {
    const cdc = parseExactJson(
      fs.readFileSync(path.join(FIXTURES, 'cdc.customer-estimate-deleted.intuit-docs.json'), 'utf8'),
    ) as { CDCResponse: { QueryResponse: { Estimate?: QboJson[] }[] }[] };
    const deleted = cdc.CDCResponse[0]!.QueryResponse[1]!.Estimate![2]!;
    expect(mapped('Estimate', deleted)).toBeUndefined();
    expect(mapped('Invoice', deleted)).toEqual({
      type: 'deletion',
      recordType: 'invoice',
      id: '979',
      deletedAt: '2015-12-23T12:55:50-08:00',
    });
    expect(mapped('Department', deleted)).toBeUndefined();
  });

  it('departments and classes map to nothing; their names are read for invoices', () => {
    const dept = fixture('department.read.intuit-docs.json');
    expect(mapped('Department', dept)).toBeUndefined();
    expect(departmentOrClassName(dept)).toEqual({
      ok: true,
      value: { id: '2', name: 'Marketing Department', isActive: true },
    });
    expect(departmentOrClassName({ ...dept, FullyQualifiedName: 'Sales:Marketing' }, 'Class')).toMatchObject({
      value: { name: 'Sales:Marketing' },
    });
    expect(departmentOrClassName({ ...dept, Name: undefined }, 'Class')).toMatchObject({
      ok: false,
      error: { code: 'qbo_invalid_record', message: 'QuickBooks Online Class 2 cannot be read: Name is missing.' },
    });
    expect(readCompanyInfo(fixture('companyinfo.read.intuit-docs.json'))).toEqual({
      ok: true,
      value: { companyName: "Larry's Bakery", country: 'US' },
    });
  });
});

describe('QuickBooks Online records that cannot be read', () => {
  const inv = () => fixture('invoice.read.nango.json');

  it('ignores keys Intuit adds', () => {
    expect(mapped('Invoice', { ...inv(), ProjectRef: { value: '1' }, NewField2030: [1, 2] })).toEqual(
      mapped('Invoice', inv()),
    );
  });

  it('names the record and the field: a missing one, a wrong type, an exponent, text that is no number', () => {
    const { CustomerRef: _c, ...noCustomer } = inv();
    expect(failure('Invoice', noCustomer)).toEqual({
      code: 'qbo_invalid_record',
      message: 'QuickBooks Online Invoice 130 cannot be read: CustomerRef is missing.',
      retryable: false,
    });
    expect(failure('Customer', { ...fixture('customer.read.nango.json'), Active: 'yes' }).message).toBe(
      'QuickBooks Online Customer 1 cannot be read: Active should be a boolean, not a string.',
    );
    expect(failure('Invoice', { ...inv(), TotalAmt: '3.6207e2' }).message).toBe(
      'QuickBooks Online Invoice 130 cannot be read: TotalAmt is written with an exponent (3.6207e2); only plain decimals are exact.',
    );
    const lines = [...(inv().Line as QboJson[])];
    lines[1] = { ...lines[1], Amount: 'twelve' };
    expect(failure('Invoice', { ...inv(), Line: lines }).message).toBe(
      'QuickBooks Online Invoice 130 cannot be read: Line[1].Amount is not a decimal number (twelve).',
    );
    expect(failure('Invoice', { ...inv(), Id: undefined, TxnDate: '08/04/2026' }).message).toBe(
      'QuickBooks Online Invoice (no Id) cannot be read: Id is missing; TxnDate is not a date as YYYY-MM-DD (08/04/2026).',
    );
  });

  it('refuses a line type it does not know, and a currency that is not an ISO code', () => {
    const lines = [...(inv().Line as QboJson[]), { DetailType: 'TaxLineDetail', Amount: '1' }];
    expect(failure('Invoice', { ...inv(), Line: lines }).message).toBe(
      'QuickBooks Online Invoice 130 cannot be read: Line[4].DetailType is not one Ledgerbridge reads (TaxLineDetail).',
    );
    expect(failure('Bill', { ...fixture('bill.read.nango.json'), CurrencyRef: { value: 'Dollar' } }).message).toBe(
      'QuickBooks Online Bill 1 cannot be read: CurrencyRef.value is not an ISO 4217 currency code.',
    );
  });
});
