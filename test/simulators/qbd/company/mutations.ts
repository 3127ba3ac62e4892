/**
 * @module
 * Changes a bookkeeper makes in QuickBooks between syncs, for tests: edit a record (new TimeModified
 * and EditSequence), delete one (logged for ListDeletedQuery/TxnDeletedQuery), move the clock.
 */
import type { CompanyRecord } from './records.ts';
import { qbTimestamp, tick, type CompanyState, type Kind } from './store.ts';

const LIST_DEL_TYPE: Readonly<Record<string, string>> = { customer: 'Customer', vendor: 'Vendor', account: 'Account' };
const TXN_DEL_TYPE: Readonly<Record<string, string>> = {
  invoice: 'Invoice',
  bill: 'Bill',
  payment: 'ReceivePayment',
  journalEntry: 'JournalEntry',
};

type RecordOf<K extends Kind> = Extract<CompanyRecord, { kind: K extends 'payment' ? 'payment' : K }>;

/**
 * Applies `changes` to a record as a QuickBooks user would (TimeModified and EditSequence move).
 * @example company.edit('customer', listId, { phone: '555-0199' });
 */
export function editRecord<K extends Kind>(
  state: CompanyState,
  kind: K,
  id: string,
  changes: Partial<RecordOf<K>>,
): RecordOf<K> {
  const table = state.tables[kind] as Map<string, CompanyRecord>;
  const current = table.get(id);
  if (!current) throw new Error(`no ${kind} ${id} in the company`);
  const { time, editSequence } = tick(state);
  const next = { ...current, ...changes, timeModified: time, editSequence } as RecordOf<K>;
  table.set(id, next);
  if (kind === 'customer' && 'fullName' in changes) {
    // keep jobs' full names in step with a renamed parent
    for (const c of state.tables.customer.values()) {
      if (c.parent?.listId === id)
        state.tables.customer.set(c.listId, {
          ...c,
          parent: { listId: id, fullName: (next as { fullName: string }).fullName },
          fullName: `${(next as { fullName: string }).fullName}:${c.name}`,
        });
    }
  }
  return next;
}

/** Deletes a record and logs it as QuickBooks does (ListDeletedRet / TxnDeletedRet). */
export function deleteRecord(state: CompanyState, kind: Kind, id: string): void {
  const table = state.tables[kind] as Map<string, CompanyRecord>;
  const rec = table.get(id);
  if (!rec) throw new Error(`no ${kind} ${id} in the company`);
  tick(state);
  table.delete(id);
  const timeDeleted = qbTimestamp(state);
  if (rec.kind === 'item') {
    state.deletedLists.push({
      kind: 'deletedList',
      listDelType: `Item${rec.itemType}`,
      listId: rec.listId,
      timeCreated: rec.timeCreated,
      timeDeleted,
      fullName: rec.fullName,
    });
  } else if (rec.kind === 'customer' || rec.kind === 'account') {
    state.deletedLists.push({
      kind: 'deletedList',
      listDelType: LIST_DEL_TYPE[kind] ?? kind,
      listId: rec.listId,
      timeCreated: rec.timeCreated,
      timeDeleted,
      fullName: rec.fullName,
    });
  } else if (rec.kind === 'vendor') {
    state.deletedLists.push({
      kind: 'deletedList',
      listDelType: 'Vendor',
      listId: rec.listId,
      timeCreated: rec.timeCreated,
      timeDeleted,
      fullName: rec.name,
    });
  } else if (rec.kind === 'invoice' || rec.kind === 'bill' || rec.kind === 'payment' || rec.kind === 'journalEntry') {
    const d = {
      kind: 'deletedTxn' as const,
      txnDelType: TXN_DEL_TYPE[kind] ?? kind,
      txnId: rec.txnId,
      timeCreated: rec.timeCreated,
      timeDeleted,
    };
    state.deletedTxns.push(rec.refNumber === undefined ? d : { ...d, refNumber: rec.refNumber });
  }
}

/** Moves the QuickBooks clock forward. */
export function advanceClock(state: CompanyState, seconds: number): void {
  state.clock += seconds * 1000;
}
