/** The Dynamics source decoding recorded pages (`fixtures/pages.simulator.json`, what the feed stored from the simulator). */
import fs from 'node:fs';
import path from 'node:path';
import { encodePage, type Page } from './feed/page.ts';
import { createDynamicsSource } from './source.ts';

const recorded = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'pages.simulator.json'), 'utf8'),
) as { requestKind: string; payload: Page }[];
const page = (kind: string) => recorded.find((p) => p.requestKind === kind)!.payload;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ctx = { homeCurrency: 'USD' };
const source = createDynamicsSource({ now: () => 0, orderTrigger: 'submitted', productItemType: 'NonInventory' });

function decode(p: Page, kind: string = p.table) {
  const r = source.decode(encodePage(p).payload, kind, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('Dynamics source: stored pages → canonical records', () => {
  it('accounts: a customer with its primary contact, and a vendor that mirrors a QuickBooks vendor', () => {
    expect(decode(page('account'))).toStrictEqual({
      records: [
        {
          type: 'customer',
          id: id(1),
          version: '1000028',
          updatedAt: '2026-11-02T09:30:00Z',
          assignedTo: null,
          name: 'Acme',
          companyName: 'Acme',
          fullName: 'Acme',
          isActive: true,
          phone: '555-0100',
          contact: { firstName: 'Wile', lastName: 'Coyote', email: 'wile@acme.example' },
        },
        {
          type: 'vendor',
          id: id(3),
          version: '1000029',
          updatedAt: '2026-11-02T09:30:00Z',
          mirrorOf: { object: 'accounts', key: '80000002-1271891748' },
          assignedTo: 'acme-desktop',
          name: 'Roadrunner Supply',
          companyName: 'Roadrunner Supply',
          isActive: true,
        },
      ],
      failures: [],
    });
  });

  it('products and orders: an item at its exact price, an order the invoice of its lines; a draft order is none yet', () => {
    expect(decode(page('product')).records).toMatchObject([
      { type: 'item', id: id(4), itemType: 'Service', price: '150.00' },
    ]);
    const order = page('salesorder');
    expect(decode(order).records).toMatchObject([
      {
        type: 'invoice',
        id: id(5),
        customerId: id(1),
        number: 'ORD-01001-XXXXXX',
        total: '300.00',
        lines: [{ id: id(6), itemId: id(4), quantity: '2', rate: '150.00', amount: '300.00' }],
      },
    ]);
    expect(decode({ ...order, rows: order.rows.map((r) => ({ ...r, statecode: 0 })) })).toEqual({
      records: [],
      failures: [],
    });
  });

  it('deletions: an account is its customer’s and its vendor’s, a product its item’s; an order takes nothing out of the books', () => {
    const deleted = [{ id: id(9), deletedAt: '2026-11-03T08:00:00.000Z' }];
    const gone = (table: Page['table']) =>
      decode({ table, rows: [], deleted }).records.map((r) => r.type === 'deletion' && r.recordType);
    expect(gone('account')).toEqual(['customer', 'vendor']);
    expect(gone('product')).toEqual(['item']);
    expect(gone('salesorder')).toEqual([]);
    expect(decode({ table: 'product', rows: [], deleted }).records[0]).toEqual({
      type: 'deletion',
      recordType: 'item',
      id: id(9),
      deletedAt: '2026-11-03T08:00:00.000Z',
    });
  });

  it('a row that does not map is a failure in words naming it; the rest of the page is used', () => {
    const accounts = page('account');
    const broken = { ...accounts, rows: [{ ...accounts.rows[0], name: 42 }, accounts.rows[1]!] };
    const out = decode(broken);
    expect(out.records.map((r) => r.id)).toEqual([id(3)]);
    expect(out.failures).toEqual([
      {
        sourceType: 'customer',
        sourceId: id(1),
        error: {
          code: 'dyn_row_unreadable',
          message: `The account row ${id(1)} could not be read: name: Invalid input: expected string, received number.`,
          retryable: false,
        },
      },
    ]);
    const { productid: _dropped, ...noKey } = page('product').rows[0]!;
    const noId = decode({ table: 'product', rows: [noKey], deleted: [] }).failures[0]!;
    expect([noId.sourceId, noId.error.message]).toEqual([
      '',
      'The product row (without an id) could not be read: productid: Invalid input: expected string, received undefined.',
    ]);
  });

  it('a page it cannot read at all is an error in words, not a throw', () => {
    const bad = [
      ['not json', 'account', 'The stored page of Dynamics 365 rows is not JSON.'],
      [
        JSON.stringify({ table: 'lead', rows: [], deleted: [] }),
        'lead',
        'The stored page of Dynamics 365 rows is not one the relay writes: table: Invalid option: expected one of "account"|"product"|"salesorder".',
      ],
      [
        encodePage(page('product')).payload,
        'account',
        'The stored page says it holds product rows, but was stored as account.',
      ],
    ] as const;
    for (const [payload, kind, message] of bad)
      expect(source.decode(payload, kind, ctx)).toEqual({
        ok: false,
        error: { code: 'dyn_page_unreadable', message, retryable: false },
      });
  });
});
