import { testBackends } from '../../../test/qbwc/support/stores.ts';
import { auditRepo } from './audit.ts';
import { identitiesRepo } from './identities.ts';
import type { Store } from './index.ts';
import { outboxRepo, type NewOutboxItem } from './outbox.ts';
import { recordStateRepo } from './record-state.ts';
import { runsRepo } from './runs.ts';
import { topologyRepo } from './topology.ts';

const item = (
  externalId: string,
  rank: number,
  fields: Record<string, unknown> = { Name: externalId },
): NewOutboxItem => ({
  id: `ob-${externalId}`,
  connectionId: 'acme',
  flowId: 'flow-acme',
  targetConnectionId: 'salesforce',
  rank,
  object: rank === 30 ? 'Account' : 'QuickBooks_Invoice__c',
  externalIdField: 'X__c',
  externalId,
  fields,
  sourceType: rank === 30 ? 'customer' : 'invoice',
  sourceId: externalId,
  contentHash: JSON.stringify(fields),
  runId: 'run-1',
});

describe.each(testBackends().map((b) => [b.name, b] as const))('sync state on %s', (_name, backend) => {
  let store: Store;
  let clock = 1_000_000;
  const now = () => clock;
  beforeEach(async () => {
    clock = 1_000_000;
    store = await backend.open({ now });
  });
  afterEach(async () => {
    await store.close();
  });

  it('claims the lowest unfinished rank first, under a lease, never twice, and children only after parents', async () => {
    const outbox = outboxRepo(store.db, now);
    await outbox.enqueue([item('i1', 51), item('c1', 30), item('c2', 30)]);
    const first = await outbox.claim('w1', 10, 60_000);
    expect(first.map((i) => i.externalId).sort()).toEqual(['c1', 'c2']);
    // Invoices wait while their customers are in flight, even for another worker.
    expect(await outbox.claim('w2', 10, 60_000, 'acme')).toEqual([]);
    clock += 60_001; // w1 died: its rows come back when the lease runs out
    const retaken = await outbox.claim('w3', 10, 60_000);
    expect(retaken.map((i) => i.externalId).sort()).toEqual(['c1', 'c2']);
    for (const i of retaken) await outbox.settle(i, { ok: true });
    expect((await outbox.claim('w3', 10, 60_000)).map((i) => i.externalId)).toEqual(['i1']);
  });

  it('keeps newer content pending when an older version in flight is confirmed', async () => {
    const outbox = outboxRepo(store.db, now);
    await outbox.enqueue([item('c1', 30, { Name: 'Old' })]);
    const [sent] = await outbox.claim('w1', 10, 60_000);
    await outbox.enqueue([item('c1', 30, { Name: 'New' })]);
    expect(await outbox.claim('w2', 10, 60_000)).toEqual([]); // still leased: no concurrent write of one record
    await outbox.settle(sent!, { ok: true });
    const [again] = await outbox.claim('w2', 10, 60_000);
    expect(again?.fields).toEqual({ Name: 'New' });
    await outbox.settle(again!, { ok: true });
    expect((await outbox.get('ob-c1'))?.status).toBe('done');
  });

  it('drops a write whose content the target already confirmed, and sends a changed one', async () => {
    const outbox = outboxRepo(store.db, now);
    await outbox.enqueue([item('c1', 30, { Name: 'Same' })]);
    for (const i of await outbox.claim('w1', 10, 60_000)) await outbox.settle(i, { ok: true });
    await outbox.enqueue([item('c1', 30, { Name: 'Same' })]);
    expect(await outbox.claim('w1', 10, 60_000)).toEqual([]);
    await outbox.enqueue([item('c1', 30, { Name: 'Changed' })]);
    expect((await outbox.claim('w1', 10, 60_000)).map((i) => i.fields)).toEqual([{ Name: 'Changed' }]);
  });

  it('retries with a schedule, fails for good without one, and replays failures', async () => {
    const outbox = outboxRepo(store.db, now);
    await outbox.enqueue([item('c1', 30), item('c2', 30)]);
    const [a, b] = await outbox.claim('w1', 10, 60_000);
    await outbox.settle(a!, {
      ok: false,
      code: 'sf_unavailable',
      message: 'Salesforce is down',
      retryAt: clock + 5000,
    });
    await outbox.settle(b!, { ok: false, code: 'sf_validation', message: 'Name too long', retryAt: undefined });
    expect(await outbox.counts('acme')).toEqual({ pending: 1, failed: 1 });
    expect(await outbox.claim('w1', 10, 60_000)).toEqual([]);
    clock += 5000;
    expect((await outbox.claim('w1', 10, 60_000)).map((i) => i.attempts)).toEqual([1]);
    expect(await outbox.replay({ connectionId: 'acme' })).toBe(1);
    const failedBefore = (await outbox.list({ status: 'failed' })).length;
    expect(failedBefore).toBe(0);
    const replayed = await outbox.claim('w1', 10, 60_000);
    expect(replayed.map((i) => [i.externalId, i.errorCode])).toEqual([['c2', 'sf_validation']]);
  });

  it('remembers record state, id map, audit trail and run counters', async () => {
    const states = recordStateRepo(store.db, now);
    await states.put({
      connectionId: 'acme',
      recordType: 'invoice',
      sourceId: 'T1',
      flowId: 'f1',
      partyId: 'C1',
      total: '100.00',
      balance: '40.00',
      dueDate: '2026-10-01',
    });
    await states.put({
      connectionId: 'acme',
      recordType: 'invoice',
      sourceId: 'T1',
      flowId: 'f1',
      partyId: null,
      total: '100.00',
      balance: '0.00',
      dueDate: '2026-10-01',
    });
    expect(await states.get('acme', 'invoice', 'T1')).toMatchObject({ flowId: 'f1', partyId: 'C1', balance: '0.00' });
    expect((await states.forParty('acme', 'invoice', 'C1')).map((s) => s.balance)).toEqual(['0.00']);

    const topology = topologyRepo(store.db, now);
    await topology.ensureConnection({ id: 'acme', system: 'qbd', label: 'Acme', settings: {} });
    await topology.ensureConnection({ id: 'org', system: 'salesforce', label: 'Org', settings: {} });
    const ids = identitiesRepo(store.db, now);
    const customer = { connectionId: 'acme', object: 'customer', key: 'C1' };
    const account = { connectionId: 'org', object: 'Account', key: 'acme:C1' };
    await ids.noteRead(customer, '7', 'h1');
    await ids.noteRead(customer, '8', 'h2');
    expect(await ids.get(customer)).toMatchObject({ version: '8', contentHash: 'h2', localId: 'C1' });
    await ids.noteWritten(account, '001000000000001AAA', 'w1', customer);
    await ids.noteWritten(account, '001000000000001AAA', null, customer);
    expect(await ids.localId(account)).toBe('001000000000001AAA');
    expect(await ids.get(account)).toMatchObject({ contentHash: 'w1' });
    expect(await ids.count('org')).toBe(1);
    // The customer and its Account are one entity, whichever system is asked.
    const entity = (await ids.get(customer))!.entityId;
    expect((await ids.entity(entity)).map((i) => [i.connectionId, i.object])).toEqual([
      ['acme', 'customer'],
      ['org', 'Account'],
    ]);
    await ids.forget(account);
    expect(await ids.localId(account)).toBeUndefined();

    const audit = auditRepo(store.db);
    await audit.add([
      {
        id: 'a1',
        at: clock,
        runId: 'r1',
        connectionId: 'acme',
        flowId: 'f1',
        direction: 'qb_to_sf',
        sourceType: 'customer',
        sourceId: 'C1',
        targetObject: 'Account',
        targetExternalId: 'acme:C1',
        targetId: '001000000000001AAA',
        operation: 'upsert',
        outcome: 'succeeded',
        errorCode: null,
        errorMessage: null,
        contentHash: 'h',
      },
    ]);
    expect(await audit.forRecord('acme', 'customer', 'C1')).toEqual([
      expect.objectContaining({ id: 'a1', outcome: 'succeeded' }),
    ]);

    const runs = runsRepo(store.db, now);
    await runs.start('r1', 'acme', 'qb_to_sf');
    await runs.add('r1', { read: 3, created: 2 });
    await runs.add('r1', { read: 1, unchanged: 1 });
    await runs.finish('r1', 'succeeded', 'ok');
    expect(await runs.latest('acme')).toMatchObject({ read: 4, created: 2, unchanged: 1, outcome: 'succeeded' });
  });
});
