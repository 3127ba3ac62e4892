/**
 * @module
 * The canonical books and reports the target contract (`target-contract.ts`) writes through every
 * target: one company's records of every kind, a run and a failure log.
 */
import type { CanonicalRecord } from '../../relay/src/sync/model.ts';

export const TODAY = '2026-11-20';
export const AT = '2026-11-19T17:00:00.000Z';

/** One company's books in the canonical model: every kind of record, each pointing at the ones before it. */
export function books(): Record<string, CanonicalRecord> {
  return {
    account: {
      type: 'account',
      id: 'A-1',
      updatedAt: AT,
      name: 'Sales',
      fullName: 'Income:Sales',
      accountType: 'Income',
      balance: '0.00',
      isActive: true,
    },
    item: {
      type: 'item',
      id: 'I-1',
      updatedAt: AT,
      name: 'Installation',
      fullName: 'Installation',
      itemType: 'Service',
      price: '35.50',
      isActive: true,
    },
    customer: {
      type: 'customer',
      id: 'C-1',
      updatedAt: AT,
      name: 'Acme Supply',
      fullName: 'Acme Supply',
      isActive: true,
      balance: '160.00',
      email: 'books@acme.example',
      contact: { firstName: 'Ann', lastName: 'Lee', email: 'ann@acme.example' },
    },
    job: {
      type: 'customer',
      id: 'C-2',
      updatedAt: AT,
      name: 'Warehouse',
      fullName: 'Acme Supply:Warehouse',
      parentId: 'C-1',
      isActive: true,
    },
    vendor: {
      type: 'vendor',
      id: 'V-1',
      updatedAt: AT,
      name: 'Baker Parts',
      isActive: true,
      balance: '40.00',
    },
    invoice: {
      type: 'invoice',
      id: 'T-1',
      updatedAt: AT,
      number: '1001',
      customerId: 'C-1',
      txnDate: '2026-10-01',
      dueDate: '2026-11-01',
      total: '160.00',
      balance: '60.00',
      lines: [
        { id: 'L-1', itemId: 'I-1', description: 'Installation', quantity: '3', rate: '35.50', amount: '106.50' },
        { id: 'L-2', itemId: 'I-1', description: 'Call-out', quantity: '1', rate: '53.50', amount: '53.50' },
      ],
    },
    bill: {
      type: 'bill',
      id: 'B-1',
      updatedAt: AT,
      vendorId: 'V-1',
      txnDate: '2026-10-05',
      dueDate: '2026-12-05',
      total: '40.00',
      balance: '40.00',
    },
    payment: {
      type: 'payment',
      id: 'P-1',
      updatedAt: AT,
      customerId: 'C-1',
      txnDate: '2026-10-20',
      amount: '100.00',
      applied: [{ invoiceId: 'T-1', amount: '100.00' }],
    },
    journalEntry: {
      type: 'journalEntry',
      id: 'J-1',
      updatedAt: AT,
      txnDate: '2026-10-31',
      lines: [
        { id: 'JL-1', accountId: 'A-1', side: 'debit', amount: '10.00' },
        { id: 'JL-2', accountId: 'A-1', side: 'credit', amount: '10.00' },
      ],
    },
    order: {
      type: 'order',
      id: 'O-1',
      updatedAt: AT,
      number: '00000100',
      customerId: 'C-1',
      txnDate: '2026-10-15',
      status: 'activated',
      lines: [{ id: 'OL-1', itemId: 'I-1', productName: 'Installation', amount: '106.50' }],
    },
  };
}

export function run(connectionKey: string) {
  return {
    key: `${connectionKey}-run`,
    connectionKey,
    startedAt: Date.parse(AT),
    finishedAt: Date.parse(AT) + 60_000,
    read: 9,
    created: 8,
    updated: 0,
    unchanged: 0,
    failed: 1,
    outcome: 'completed_with_failures' as const,
    summary: '8 records written, 1 failed.',
  };
}

/** A failure log about an invoice write (`object`: the target's object it was for). */
export function failureLog(connectionKey: string, object: string) {
  return {
    key: `${connectionKey}-log`,
    connectionKey,
    runKey: `${connectionKey}-run`,
    sourceType: 'invoice',
    sourceId: 'T-9',
    targetObject: object,
    targetExternalId: `${connectionKey}:T-9`,
    status: 'Failed' as const,
    errorCode: 'contract_refused',
    errorMessage: 'The record was refused for the contract.',
    attempts: 1,
    attemptedAt: Date.parse(AT),
  };
}
