/**
 * @module
 * A resync of QuickBooks Desktop records: the next Web Connector session reads the steps that
 * hold them from the beginning (their cursors rewound to none), so every record of those kinds is
 * read whole again, and sent on as any change is.
 */
import type { RecordType } from '../../sync/model.ts';
import type { Resync } from '../registry.ts';

/** The session's steps (`planner.ts` SYNC_STEPS) that read each kind of record. */
const STEPS: Readonly<Partial<Record<RecordType, readonly string[]>>> = {
  account: ['Account'],
  item: ['Item'],
  customer: ['Customer'],
  vendor: ['Vendor'],
  invoice: ['Invoice'],
  bill: ['Bill'],
  payment: ['ReceivePayment'],
  journalEntry: ['JournalEntry'],
};

export const qbdResync: Resync = {
  async readAgain({ store }, connectionId, types) {
    const steps = [...new Set(types.flatMap((t) => STEPS[t] ?? []))];
    for (const step of steps) await store.cursors.rewind(connectionId, step, null);
    return steps.length
      ? `its next Web Connector session reads ${steps.join(', ')} again from the beginning`
      : 'nothing of it is read from QuickBooks Desktop';
  },
};
