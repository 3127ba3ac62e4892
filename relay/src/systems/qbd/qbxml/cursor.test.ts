import {
  emptyCursor,
  finishRun,
  fromDate,
  observePage,
  qbLocalTime,
  queryForRun,
  shiftLocalTime,
  startRun,
} from './cursor.ts';
import type { CustomerRecord } from './record-types.ts';

const customer = (listId: string, editSequence: string, timeModified: string): CustomerRecord => ({
  kind: 'customer',
  listId,
  editSequence,
  timeCreated: timeModified,
  timeModified,
  name: listId,
  fullName: listId,
  isActive: true,
  sublevel: 0,
});

describe('QuickBooks local time', () => {
  it('drops the (untrustworthy) offset and keeps 19 characters', () => {
    expect(qbLocalTime('2010-05-18T15:20:20-08:00')).toBe('2010-05-18T15:20:20');
    expect(qbLocalTime('2010-05-18T15:20:20')).toBe('2010-05-18T15:20:20');
    expect(qbLocalTime('yesterday')).toBeUndefined();
  });

  it('does calendar arithmetic without a time zone', () => {
    expect(shiftLocalTime('2024-03-01T00:10:00', -3600)).toBe('2024-02-29T23:10:00');
    expect(shiftLocalTime('2024-11-03T01:30:00', 600)).toBe('2024-11-03T01:40:00');
  });
});

describe('incremental cursor', () => {
  it('reads everything first, then from the max TimeModified received minus the overlap', () => {
    let cursor = emptyCursor('customer');
    const run = startRun(cursor, 300);
    expect(run.from).toBeUndefined();
    const page1 = observePage(cursor, run, [
      customer('A', '1', '2024-03-01T10:00:00-08:00'),
      customer('B', '1', '2024-03-01T12:00:00-08:00'),
    ]);
    const page2 = observePage(cursor, page1.run, [customer('C', '1', '2024-03-01T11:00:00-07:00')]);
    cursor = finishRun(cursor, page2.run, 300);
    expect(cursor.highWater).toBe('2024-03-01T12:00:00');
    expect(fromDate(cursor, 300)).toBe('2024-03-01T11:55:00');
    expect(cursor.seen.map(([k]) => k)).toEqual(['B:1']);
  });

  it('drops records that come back unchanged in the overlap window and keeps changed ones', () => {
    const cursor = {
      type: 'customer' as const,
      highWater: '2024-03-01T12:00:00',
      seen: [['B:1', '2024-03-01T12:00:00'] as const],
    };
    const run = startRun(cursor, 300);
    const { fresh } = observePage(cursor, run, [
      customer('B', '1', '2024-03-01T12:00:00-08:00'),
      customer('B', '2', '2024-03-01T12:00:00-08:00'),
      customer('D', '1', '2024-03-01T12:01:00-08:00'),
    ]);
    expect(fresh.map((r) => `${r.listId}:${r.editSequence}`)).toEqual(['B:2', 'D:1']);
  });

  it('never moves backwards and forgets keys that left the window', () => {
    const cursor = {
      type: 'customer' as const,
      highWater: '2024-03-01T12:00:00',
      seen: [['B:1', '2024-03-01T12:00:00'] as const],
    };
    const empty = finishRun(cursor, startRun(cursor, 300), 300);
    expect(empty.highWater).toBe('2024-03-01T12:00:00');
    const later = finishRun(
      cursor,
      observePage(cursor, startRun(cursor, 300), [customer('E', '1', '2024-03-01T13:00:00')]).run,
      300,
    );
    expect(later.highWater).toBe('2024-03-01T13:00:00');
    expect(later.seen.map(([k]) => k)).toEqual(['E:1']);
  });

  it('builds the right first request per object type', () => {
    const c = { type: 'customer' as const, highWater: '2024-03-01T12:00:00', seen: [] };
    expect(queryForRun(startRun(c, 60), { requestId: 'r', pageSize: 100 })).toEqual({
      type: 'CustomerQuery',
      requestId: 'r',
      iterator: 'Start',
      maxReturned: 100,
      activeStatus: 'All',
      fromModifiedDate: '2024-03-01T11:59:00',
    });
    expect(queryForRun(startRun({ ...c, type: 'account' }, 60), { requestId: 'r' })).not.toHaveProperty('iterator');
    expect(queryForRun(startRun({ ...c, type: 'invoice' }, 60), { requestId: 'r' })).toMatchObject({
      type: 'InvoiceQuery',
      includeLineItems: true,
      includeLinkedTxns: true,
    });
    expect(queryForRun(startRun({ ...c, type: 'txnDeleted' }, 60), { requestId: 'r' })).toMatchObject({
      type: 'TxnDeletedQuery',
      fromDeletedDate: '2024-03-01T11:59:00',
    });
  });
});
