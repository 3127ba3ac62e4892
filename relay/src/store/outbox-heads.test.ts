import { testBackends } from '../../../test/qbwc/support/stores.ts';
import type { Store } from './index.ts';
import { outboxRepo, type NewOutboxItem } from './outbox.ts';
import { queueHeads } from './outbox-heads.ts';

const item = (
  connectionId: string,
  externalId: string,
  rank: number,
  targetConnectionId = 'salesforce',
): NewOutboxItem => ({
  id: `ob-${connectionId}-${externalId}`,
  connectionId,
  flowId: `flow-${connectionId}`,
  targetConnectionId,
  rank,
  object: 'Thing',
  externalIdField: 'X__c',
  externalId,
  fields: { Name: externalId },
  sourceType: 'thing',
  sourceId: externalId,
  contentHash: externalId,
  runId: null,
});

describe.each(testBackends().map((b) => [b.name, b] as const))("each connection's queue head, on %s", (_n, backend) => {
  let store: Store;
  let clock = 1_000_000;
  const now = () => clock;
  beforeEach(async () => {
    clock = 1_000_000;
    store = await backend.open({ now });
  });
  afterEach(() => store.close());

  it('is the lowest waiting rank of every connection with rows waiting, soonest ready first', async () => {
    const outbox = outboxRepo(store.db, now);
    await outbox.enqueue([item('acme', 'a1', 30), item('acme', 'a2', 20), item('beta', 'b1', 40)]);
    clock += 1000;
    await outbox.enqueue([item('gamma', 'g1', 10)]);
    expect(await queueHeads(store.db, { to: '' })).toEqual([
      { connectionId: 'acme', rank: 20, readyAt: 1_000_000 },
      { connectionId: 'beta', rank: 40, readyAt: 1_000_000 },
      { connectionId: 'gamma', rank: 10, readyAt: 1_001_000 },
    ]);
    // acme's head waits for a retry: the others go first, and its rank above waits with it.
    const batch = await outbox.claimBatch('w', { limit: 10, leaseMs: 60_000, connectionId: 'acme' });
    const [head] = await outbox.leased(batch!.token, '', 10);
    expect(head!.externalId).toBe('a2');
    await outbox.settle(head!, { ok: false, code: 'busy', message: 'try later', retryAt: clock + 90_000 });
    expect((await queueHeads(store.db, { to: '' })).map((h) => [h.connectionId, h.rank])).toEqual([
      ['beta', 40],
      ['gamma', 10],
      ['acme', 20],
    ]);
    expect((await outbox.claimBatch('w', { limit: 10, leaseMs: 60_000 }))?.connectionId).toBe('beta');
  });

  it('counts only the rows going to the connection asked for, and a leased head by when its lease runs out', async () => {
    const outbox = outboxRepo(store.db, now);
    await outbox.enqueue([item('acme', 'to-dynamics', 10, 'dynamics'), item('acme', 'to-org', 30)]);
    expect(await queueHeads(store.db, { to: 'salesforce' })).toEqual([
      { connectionId: 'acme', rank: 30, readyAt: clock },
    ]);
    await outbox.claimBatch('w', { limit: 10, leaseMs: 60_000, targetConnectionId: 'dynamics' });
    expect(await queueHeads(store.db, { to: 'dynamics' })).toEqual([
      { connectionId: 'acme', rank: 10, readyAt: clock + 60_000 },
    ]);
    expect(await queueHeads(store.db, { to: 'nowhere' })).toEqual([]);
    expect(await queueHeads(store.db, { to: '', connectionId: 'beta' })).toEqual([]);
  });
});
