/**
 * The Conductor target maps records to exactly the writes the Web Connector target gives (so what
 * QuickBooks holds hashes the same for both transports), and like it writes nothing for deletions,
 * roll-ups, due dates or retired records.
 */
import { createQbdTarget } from '../../qbd/target.ts';
import type { CanonicalRecord } from '../../../sync/model.ts';
import { createConductorClient } from '../api/index.ts';
import { createConductorTarget } from './index.ts';

const updatedAt = '2026-03-01T10:00:00Z';
const records: CanonicalRecord[] = [
  {
    type: 'customer',
    id: '001A',
    updatedAt,
    name: 'Globex',
    fullName: 'Globex',
    isActive: true,
    companyName: 'Globex Corporation',
    billing: { street: 'a\nb\nc\nd\ne\nf', city: 'Springfield', country: 'US' },
    shipping: { street: '2 Dock Rd' },
    phone: '555-0100',
    email: 'ap@globex.example',
    contact: { salutation: 'Mr.', firstName: 'Hank', lastName: 'Scorpio', title: 'CEO' },
    contacts: [{ firstName: 'Ben', lastName: 'Okafor', title: 'Buyer' }, { lastName: 'Solo' }],
  },
  {
    type: 'vendor',
    id: '001B',
    updatedAt,
    name: 'Acme Supply',
    companyName: 'Acme',
    isActive: true,
    address: { street: '9 Mill' },
  },
  {
    type: 'item',
    id: '01tA',
    updatedAt,
    name: 'Setup',
    fullName: 'Services:Setup',
    itemType: 'NonInventory',
    isActive: false,
    price: '0.00',
  },
  {
    type: 'item',
    id: '01tB',
    updatedAt,
    name: 'Hour',
    fullName: 'Hour',
    itemType: 'Service',
    isActive: true,
    price: '95.50',
    description: 'An hour',
  },
  {
    type: 'invoice',
    id: '006A',
    updatedAt,
    customerId: '001A',
    txnDate: '2026-03-09',
    total: '191.00',
    balance: '191.00',
    memo: 'Won',
    lines: [
      { id: 'l1', itemId: '01tB', quantity: '2', rate: '95.50', amount: '191.00' },
      { id: 'l2', description: 'Note', amount: '0' },
    ],
  },
  {
    type: 'account',
    id: '80A',
    updatedAt,
    name: 'Services',
    fullName: 'Services',
    accountType: 'Income',
    isActive: true,
  },
  {
    type: 'payment',
    id: 'P1',
    updatedAt,
    customerId: '001A',
    txnDate: '2026-03-09',
    amount: '10.00',
    applied: [],
  } as unknown as CanonicalRecord,
];

describe('the Conductor target writes what the Web Connector target writes', () => {
  const ctx = { connectionKey: 'acme', today: '2026-03-10' };
  const qbd = createQbdTarget('qbd-acme');
  const cdt = createConductorTarget({
    connectionId: 'cdt-acme',
    client: createConductorClient({
      secretKey: 'sk_test',
      endUserId: 'end_usr_x',
      fetch: () => Promise.reject(new Error('no calls')),
    }),
    db: {} as never,
  });

  it.each(records.map((r) => [r.type, r.id, r] as const))('%s %s', (_t, _id, record) => {
    expect(cdt.writesFor(record, ctx)).toEqual(qbd.writesFor(record, ctx));
  });

  it('writes something for customers, vendors, items and invoices only', () => {
    expect(records.map((r) => cdt.writesFor(r, ctx).length)).toEqual([1, 1, 1, 1, 1, 0, 0]);
  });

  it('like it, writes nothing for deletions, roll-ups, due transactions or retired records', () => {
    const deletion = { type: 'deletion', objectType: 'customer', id: '001A', deletedAt: updatedAt } as never;
    expect(cdt.deletionWritesFor(deletion, ctx)).toEqual(qbd.deletionWritesFor(deletion, ctx));
    expect(cdt.rollupWrites('001A', {} as never, ctx)).toEqual([]);
    expect(
      cdt.statusWrites({ type: 'invoice', id: '006A', total: '1', balance: '1', dueDate: '2026-03-01' }, ctx),
    ).toEqual([]);
    expect(
      cdt.retiredWrite({ object: 'Invoice', externalIdField: '', externalId: 'x' }, { type: 'invoice', id: 'x' }),
    ).toBeUndefined();
    expect(cdt).toMatchObject({
      delivery: 'push',
      system: 'conductor', // its own runs' direction (`sf_to_conductor`), apart from the Web Connector's
      name: 'QuickBooks Desktop (Conductor)',
      edition: 'Desktop',
    });
  });
});
