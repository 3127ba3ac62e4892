import type { Customer, Invoice, Item } from '../../../sync/model.ts';
import { customerFields, invoiceFields, itemFields, qboAddress } from './fields.ts';

const at = '2026-11-30T10:00:00.000Z';

const account: Customer = {
  type: 'customer',
  id: '001000000000001AAA',
  updatedAt: at,
  name: 'Acme Corp',
  fullName: 'Acme Corp',
  companyName: 'Acme Corporation',
  isActive: true,
  billing: { street: '1 Main St\nSuite 5', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' },
  phone: '555-0100',
  email: 'ap@acme.test',
  contact: { salutation: 'Ms.', firstName: 'Ada', lastName: 'Lovelace' },
};

describe('QuickBooks Online write fields', () => {
  it('a customer: DisplayName, CompanyName, address lines, phone, email, contact name, Active', () => {
    expect(customerFields(account)).toEqual({
      DisplayName: 'Acme Corp',
      CompanyName: 'Acme Corporation',
      Title: 'Ms.',
      GivenName: 'Ada',
      FamilyName: 'Lovelace',
      BillAddr: {
        Line1: '1 Main St',
        Line2: 'Suite 5',
        City: 'Springfield',
        CountrySubDivisionCode: 'IL',
        PostalCode: '62701',
        Country: 'US',
      },
      PrimaryPhone: { FreeFormNumber: '555-0100' },
      PrimaryEmailAddr: { Address: 'ap@acme.test' },
      Active: true,
    });
  });

  it('a job names its parent by the source id and is marked a job; empty fields are left out', () => {
    const job = customerFields({
      type: 'customer',
      id: '001000000000002AAA',
      updatedAt: at,
      name: 'Phase 2',
      fullName: 'Acme Corp:Phase 2',
      parentId: account.id,
      isActive: true,
    });
    expect(job).toEqual({
      DisplayName: 'Phase 2',
      ParentRef: { sourceId: account.id },
      Job: true,
      Active: true,
    });
  });

  it('a street of more than five lines keeps its last lines together on the fifth', () => {
    expect(qboAddress({ street: 'a\nb\nc\nd\ne\nf' })).toEqual({
      Line1: 'a',
      Line2: 'b',
      Line3: 'c',
      Line4: 'd',
      Line5: 'e, f',
    });
    expect(qboAddress({})).toBeUndefined();
  });

  it('an item: a non-inventory product stays one, any other kind is a service; a zero price is left out', () => {
    const item: Item = {
      type: 'item',
      id: '01t000000000001AAA',
      updatedAt: at,
      name: 'Widget',
      fullName: 'Widget',
      itemType: 'NonInventory',
      description: 'A widget',
      price: '12.50',
      sku: 'W-1',
      isActive: true,
    };
    expect(itemFields(item)).toEqual({
      Name: 'Widget',
      Type: 'NonInventory',
      Description: 'A widget',
      UnitPrice: '12.50',
      Sku: 'W-1',
      Active: true,
    });
    expect(
      itemFields({ ...item, itemType: 'Inventory', price: '0.00', description: undefined, sku: undefined }),
    ).toEqual({ Name: 'Widget', Type: 'Service', Active: true });
  });

  it('an invoice: its customer and items by the source ids, exact amounts, a note naming the deal', () => {
    const inv: Invoice = {
      type: 'invoice',
      id: '006000000000001AAA',
      updatedAt: at,
      customerId: account.id,
      txnDate: '2026-11-30',
      dueDate: '2026-12-30',
      number: 'SF-1001',
      total: '300.10',
      balance: '300.10',
      memo: 'Renewal',
      lines: [
        {
          id: '00k1',
          itemId: '01t000000000001AAA',
          description: 'Setup',
          quantity: '2',
          rate: '150.05',
          amount: '300.10',
        },
      ],
    };
    expect(invoiceFields(inv)).toEqual({
      CustomerRef: { sourceId: account.id },
      TxnDate: '2026-11-30',
      DueDate: '2026-12-30',
      DocNumber: 'SF-1001',
      PrivateNote: 'Salesforce Opportunity 006000000000001AAA\nRenewal',
      Line: [
        {
          DetailType: 'SalesItemLineDetail',
          Amount: '300.10',
          Description: 'Setup',
          SalesItemLineDetail: { ItemRef: { sourceId: '01t000000000001AAA' }, Qty: '2', UnitPrice: '150.05' },
        },
      ],
    });
    const bare = invoiceFields({ ...inv, dueDate: undefined, number: undefined, memo: undefined });
    expect(bare).not.toHaveProperty('DocNumber');
    expect(bare).not.toHaveProperty('DueDate');
    expect(bare.PrivateNote).toBe('Salesforce Opportunity 006000000000001AAA');
  });
});
