import { toCanonical as qbdToCanonical } from '../../qbd/mapping.ts';
import type {
  CustomerRecord,
  InvoiceRecord,
  ItemRecord,
  PaymentRecord,
  VendorRecord,
} from '../../qbd/qbxml/record-types.ts';
import { toCanonical } from './index.ts';

/** The same QuickBooks data, as the Web Connector path parses it and as Conductor sends it. */
const ctx = { homeCurrency: 'USD' };
const created = '2026-01-05T09:00:00-05:00';
const modified = '2026-03-10T14:22:07-05:00';
const stamps = { timeCreated: created, timeModified: modified, editSequence: '1741634527' };
const system = { objectType: 'qbd_x', createdAt: created, updatedAt: modified, revisionNumber: '1741634527' };
const addr = { addr1: 'Acme Ltd', addr2: '12 Quay St', city: 'Leeds', postalCode: 'LS1 4AP', country: 'UK' };
const conductorAddr = {
  line1: 'Acme Ltd',
  line2: '12 Quay St',
  line3: '',
  line4: null,
  line5: null,
  city: 'Leeds',
  state: null,
  postalCode: 'LS1 4AP',
  country: 'UK',
  note: null,
};

describe('Conductor and the Web Connector give the same canonical record for the same QuickBooks data', () => {
  it('a job of a customer, in a foreign currency, with additional contacts', () => {
    const qbd: CustomerRecord = {
      kind: 'customer',
      listId: '80000002-1741634527',
      ...stamps,
      name: 'Roof 2026',
      fullName: 'Acme Ltd:Roof 2026',
      parent: { listId: '80000001-1741634000', fullName: 'Acme Ltd' },
      sublevel: 1,
      isActive: true,
      class: { listId: '8-1', fullName: 'Commercial' },
      companyName: 'Acme Ltd',
      firstName: 'Ada',
      lastName: 'Byrne',
      jobTitle: 'Director',
      billAddress: addr,
      phone: '0113 496 0000',
      altPhone: '07700 900123',
      email: 'ada@acme.example',
      contacts: [
        { listId: 'C1', editSequence: '1', firstName: 'Ben' },
        { listId: 'C2', editSequence: '1', salutation: 'Ms', firstName: 'Cat', lastName: 'Doyle' },
      ],
      terms: { listId: 'T1', fullName: 'Net 30' },
      salesRep: { listId: 'R1', fullName: 'JD' },
      balance: '1200.5',
      currency: { listId: 'CUR1', fullName: 'British Pound Sterling' },
    };
    const conductor = {
      id: '80000002-1741634527',
      ...system,
      name: 'Roof 2026',
      fullName: 'Acme Ltd:Roof 2026',
      isActive: true,
      class: { id: '8-1', fullName: 'Commercial' },
      parent: { id: '80000001-1741634000', fullName: 'Acme Ltd' },
      sublevel: 1,
      companyName: 'Acme Ltd',
      salutation: null,
      firstName: 'Ada',
      middleName: null,
      lastName: 'Byrne',
      jobTitle: 'Director',
      billingAddress: conductorAddr,
      shippingAddress: null,
      phone: '0113 496 0000',
      alternatePhone: '07700 900123',
      fax: '',
      email: 'ada@acme.example',
      additionalContacts: [
        { id: 'C1', firstName: 'Ben', lastName: null, salutation: null, jobTitle: null },
        { id: 'C2', salutation: 'Ms', firstName: 'Cat', lastName: 'Doyle', jobTitle: null },
      ],
      terms: { id: 'T1', fullName: 'Net 30' },
      salesRepresentative: { id: 'R1', fullName: 'JD' },
      balance: '1200.5',
      totalBalance: '1200.5',
      currency: { id: 'CUR1', fullName: 'British Pound Sterling' },
      customFields: [],
    };
    const expected = qbdToCanonical(qbd, ctx);
    expect(expected).toMatchObject({ ok: true, value: { currency: 'GBP', parentId: '80000001-1741634000' } });
    expect(toCanonical('customers', conductor, ctx)).toEqual(expected);
  });

  it('a vendor in the home currency', () => {
    const qbd: VendorRecord = {
      kind: 'vendor',
      listId: '80000020-1',
      ...stamps,
      name: 'Lumber Co',
      isActive: false,
      companyName: 'Lumber Co Ltd',
      lastName: 'Oak',
      vendorAddress: { addr1: 'Yard 3', city: 'York' },
      fax: '01904 000000',
      terms: { listId: 'T2', fullName: 'Net 15' },
      balance: '0.00',
    };
    const conductor = {
      id: '80000020-1',
      ...system,
      name: 'Lumber Co',
      isActive: false,
      companyName: 'Lumber Co Ltd',
      firstName: null,
      lastName: 'Oak',
      billingAddress: { line1: 'Yard 3', line2: '', city: 'York', state: null, postalCode: null, country: null },
      shippingAddress: null,
      phone: null,
      fax: '01904 000000',
      terms: { id: 'T2', fullName: 'Net 15' },
      balance: '0.00',
      currency: null,
    };
    expect(toCanonical('vendors', conductor, ctx)).toEqual(qbdToCanonical(qbd, ctx));
  });

  it('a service item priced in salesOrPurchaseDetails, and one priced as a percentage', () => {
    const qbd: ItemRecord = {
      kind: 'item',
      itemType: 'Service',
      listId: '80000040-1',
      ...stamps,
      name: 'Labor',
      fullName: 'Services:Labor',
      sublevel: 1,
      isActive: true,
      salesDesc: 'Labour, per hour',
      salesPrice: '65.5',
    };
    const conductor = {
      id: '80000040-1',
      ...system,
      name: 'Labor',
      fullName: 'Services:Labor',
      isActive: true,
      sublevel: 1,
      salesOrPurchaseDetails: { description: 'Labour, per hour', price: '65.5', pricePercentage: null },
      salesAndPurchaseDetails: null,
    };
    expect(toCanonical('service-items', conductor, ctx)).toEqual(qbdToCanonical(qbd, ctx));
    const percent = {
      ...conductor,
      salesOrPurchaseDetails: { description: 'Markup', price: null, pricePercentage: '10' },
    };
    expect(toCanonical('service-items', percent, ctx)).toEqual(
      qbdToCanonical({ ...qbd, salesDesc: 'Markup', salesPrice: undefined, salesPricePercent: '10' }, ctx),
    );
  });

  it('an invoice with two lines and a payment applied to it', () => {
    const invoice: InvoiceRecord = {
      kind: 'invoice',
      txnId: '1A2B-1741634527',
      ...stamps,
      txnDate: '2026-03-10',
      refNumber: '1042',
      customer: { listId: '80000002-1741634527', fullName: 'Acme Ltd:Roof 2026' },
      terms: { listId: 'T1', fullName: 'Net 30' },
      dueDate: '2026-04-09',
      salesRep: { listId: 'R1', fullName: 'JD' },
      subtotal: '1331.00',
      salesTaxTotal: '0.10',
      balanceRemaining: '331.10',
      currency: { listId: 'CUR1', fullName: 'British Pound Sterling' },
      exchangeRate: '1.27',
      memo: 'Phase one',
      isPaid: false,
      linkedTxns: [],
      lines: [
        {
          txnLineId: 'L1',
          item: { listId: '80000040-1', fullName: 'Services:Labor' },
          desc: 'Labour',
          quantity: '20.5',
          rate: '65',
          class: { listId: '8-1', fullName: 'Commercial' },
          amount: '1332.5',
        },
        {
          txnLineId: 'L2',
          item: { listId: '80000041-1', fullName: 'Discount' },
          ratePercent: '-10',
          rate: '-1.5',
          class: { listId: '8-1', fullName: 'Commercial' },
          amount: '-1.50',
        },
      ],
    };
    const ref = (id: string, fullName: string) => ({ id, fullName });
    const conductorInvoice = {
      id: '1A2B-1741634527',
      ...system,
      customer: ref('80000002-1741634527', 'Acme Ltd:Roof 2026'),
      class: null,
      transactionDate: '2026-03-10',
      refNumber: '1042',
      terms: ref('T1', 'Net 30'),
      dueDate: '2026-04-09',
      salesRepresentative: ref('R1', 'JD'),
      subtotal: '1331.00',
      salesTaxTotal: '0.10',
      balanceRemaining: '331.10',
      currency: ref('CUR1', 'British Pound Sterling'),
      exchangeRate: '1.27',
      memo: 'Phase one',
      isPaid: false,
      lines: [
        {
          id: 'L1',
          item: ref('80000040-1', 'Services:Labor'),
          description: 'Labour',
          quantity: '20.5',
          rate: '65',
          ratePercent: null,
          class: ref('8-1', 'Commercial'),
          amount: '1332.5',
        },
        {
          id: 'L2',
          item: ref('80000041-1', 'Discount'),
          description: null,
          quantity: null,
          rate: '-1.5',
          ratePercent: '-10',
          class: ref('8-1', 'Commercial'),
          amount: '-1.50',
        },
      ],
      lineGroups: [],
    };
    const expected = qbdToCanonical(invoice, ctx);
    expect(expected).toMatchObject({ ok: true, value: { className: 'Commercial', lines: [{}, {}] } });
    expect(toCanonical('invoices', conductorInvoice, ctx)).toEqual(expected);

    const payment: PaymentRecord = {
      kind: 'payment',
      txnId: '1A3C-1741634600',
      ...stamps,
      txnDate: '2026-03-12',
      refNumber: 'CHK 88',
      customer: { listId: '80000002-1741634527' },
      totalAmount: '1100',
      currency: { fullName: 'GBP' },
      paymentMethod: { listId: 'PM1', fullName: 'Check' },
      unusedPayment: '100.00',
      appliedTo: [
        { txnId: '1A2B-1741634527', txnType: 'Invoice', amount: '1000.00' },
        { txnId: '1A9Z-1', txnType: 'Invoice' },
      ],
    };
    const conductorPayment = {
      id: '1A3C-1741634600',
      ...system,
      customer: { id: '80000002-1741634527', fullName: null },
      transactionDate: '2026-03-12',
      refNumber: 'CHK 88',
      totalAmount: '1100',
      currency: { id: null, fullName: 'GBP' },
      paymentMethod: ref('PM1', 'Check'),
      memo: null,
      unusedPayment: '100.00',
      appliedToTransactions: [
        { transactionId: '1A2B-1741634527', transactionType: 'invoice', amount: '1000.00', discountAmount: null },
        { transactionId: '1A9Z-1', transactionType: 'invoice', amount: null },
      ],
    };
    expect(toCanonical('receive-payments', conductorPayment, ctx)).toEqual(qbdToCanonical(payment, ctx));
  });
});
