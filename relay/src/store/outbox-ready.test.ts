import { testBackends } from '../../../test/qbwc/support/stores.ts';
import type { Store } from './index.ts';
import { outboxRepo, type NewOutboxItem } from './outbox.ts';

const item = (externalId: string, rank: number): NewOutboxItem => ({
  id: `ob-${externalId}`,
  connectionId: 'acme',
  flowId: 'flow-acme',
  targetConnectionId: 'salesforce',
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

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'when the outbox can move next, on %s',
  (_n, backend) => {
    let store: Store;
    let clock = 1_000_000;
    const now = () => clock;
    beforeEach(async () => {
      clock = 1_000_000;
      store = await backend.open({ now });
    });
    afterEach(() => store.close());

    it('is when the lowest waiting rank is ready: ready rows behind a retrying parent do not count', async () => {
      const outbox = outboxRepo(store.db, now);
      await outbox.enqueue([item('parent', 10), item('child', 20)]);
      const batch = await outbox.claimBatch('w', { limit: 10, leaseMs: 60_000 });
      const [parent] = await outbox.leased(batch!.token, '', 10);
      expect(parent!.externalId).toBe('parent');
      await outbox.settle(parent!, { ok: false, code: 'busy', message: 'try later', retryAt: clock + 90_000 });
      // The child is ready by its own time but waits for its parent: nothing moves for 90 seconds.
      expect(await outbox.claimBatch('w', { limit: 10, leaseMs: 60_000 })).toBeUndefined();
      expect(await outbox.nextReadyAt()).toBe(clock + 90_000);
      // A second connection's ready row is ready now.
      await outbox.enqueue([{ ...item('other', 20), id: 'ob-other', connectionId: 'beta' }]);
      expect(await outbox.nextReadyAt()).toBe(clock);
    });

    it('takes a retry time with a fraction of a millisecond (the engine’s jittered backoff), whole, on both stores', async () => {
      const outbox = outboxRepo(store.db, now);
      await outbox.enqueue([item('jittered', 10)]);
      const batch = await outbox.claimBatch('w', { limit: 10, leaseMs: 60_000 });
      const [row] = await outbox.leased(batch!.token, '', 10);
      await outbox.settle(row!, { ok: false, code: 'busy', message: 'try later', retryAt: clock + 1234.56 });
      expect(await outbox.nextReadyAt()).toBe(clock + 1235);
    });

    it('is undefined when nothing waits', async () => {
      expect(await outboxRepo(store.db, now).nextReadyAt()).toBeUndefined();
    });
  },
);
