import { testBackends } from '../../../test/qbwc/support/stores.ts';
import type { Store } from './index.ts';
import { outboxRepo, type NewOutboxItem } from './outbox.ts';
import { outboxSpanRepo } from './outbox-span.ts';

const item = (object: string, n: number, rank: number): NewOutboxItem => ({
  id: `ob-${object}-${String(n).padStart(4, '0')}`,
  connectionId: 'acme',
  flowId: 'flow-acme',
  targetConnectionId: 'salesforce',
  rank,
  object,
  externalIdField: 'X__c',
  externalId: `${object}-${n}`,
  fields: { Name: `${object} ${n}` },
  sourceType: 'thing',
  sourceId: `${object}-${n}`,
  contentHash: `${object}-${n}`,
  runId: null,
});
const items = (object: string, count: number, rank: number) =>
  Array.from({ length: count }, (_, n) => item(object, n, rank));

describe.each(testBackends().map((b) => [b.name, b] as const))('a claim that spans ranks, on %s', (_n, backend) => {
  let store: Store;
  beforeEach(async () => {
    store = await backend.open({});
  });
  afterEach(() => store.close());

  it('stops where the room the target measured ends: the last group in part, first by id, no rank above it', async () => {
    const outbox = outboxRepo(store.db);
    await outbox.enqueue([...items('Parent', 3, 10), ...items('Child', 10, 20), ...items('Later', 2, 30)]);
    const head = (await outbox.claimBatch('w', { limit: 100, leaseMs: 60_000 }))!;
    let room = 8;
    const told: string[] = [];
    const batch = await outboxSpanRepo(store.db).extend(head, {
      limit: 100,
      leaseMs: 60_000,
      largeFrom: Infinity,
      room: (object, _field, n, all = false) => {
        told.push(`${object} ${n}${all ? ' all' : ''}`);
        const fit = all ? n : Math.min(n, room);
        room -= fit;
        return fit;
      },
    });
    expect(told).toEqual(['Parent 3 all', 'Child 10']);
    expect(batch.count).toBe(8);
    const leased = await outbox.leased(batch.token, '', 100);
    expect(leased.map((i) => i.externalId).sort()).toEqual([
      ...['Child-0', 'Child-1', 'Child-2', 'Child-3', 'Child-4'],
      ...['Parent-0', 'Parent-1', 'Parent-2'],
    ]);
    // Once these are confirmed, the rest of the rank is the next claim's head.
    for (const i of leased) await outbox.settle(i, { ok: true });
    const next = (await outbox.claimBatch('w', { limit: 100, leaseMs: 60_000 }))!;
    expect(next).toMatchObject({ object: 'Child', rank: 20, count: 5 });
  });
});
