import { PG_SKIP_MESSAGE, postgresEnabled, testBackends } from '../../../test/qbwc/support/stores.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { migrate } from './migrate.ts';
import { toSqlitePlaceholders } from './profiles.ts';
import type { Store } from './index.ts';
import { topologyRepo } from './topology.ts';

describe('placeholder rewriting', () => {
  it('turns $n into ?n outside quotes only', () => {
    expect(toSqlitePlaceholders('SELECT $1, \'$2\', "$3" FROM t WHERE a = $12')).toBe(
      'SELECT ?1, \'$2\', "$3" FROM t WHERE a = ?12',
    );
  });
});

// Without TEST_DATABASE_URL this shows in Jest's summary as skipped, saying how to enable it,
// instead of passing without having checked anything.
(postgresEnabled ? describe : describe.skip)(`PostgreSQL leg${postgresEnabled ? '' : ` (${PG_SKIP_MESSAGE})`}`, () => {
  it('runs against PostgreSQL, each store in its own throw-away schema', async () => {
    const backends = testBackends();
    expect(backends.map((b) => b.name)).toEqual(['embedded', 'postgres']);
    const store = await backends[1]!.open();
    try {
      // current_schema() exists in PostgreSQL only: an embedded store would refuse the query.
      const [row] = await store.db.query<{ schema: string }>('SELECT current_schema() AS schema');
      expect(row?.schema).toMatch(/^lb_test_[0-9a-f]{12}$/);
    } finally {
      await store.close();
    }
  });
});

describe.each(testBackends().map((b) => [b.name, b] as const))('store on %s', (_name, backend) => {
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

  const newConnection = (id = 'c1', user = 'acme') =>
    store.connections.upsert({ id, qbwcUsername: user, passwordHash: 'h1', ownerId: '{O}', fileId: '{F}' });

  it('applies the migration set once and records versions', async () => {
    expect(store.migrations.current).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    const again = await migrate(store.db);
    expect(again.applied).toEqual([]);
    const rows = await store.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('upserts connections by user name and round-trips company identity and health', async () => {
    await newConnection();
    const again = await store.connections.upsert({
      id: 'other',
      qbwcUsername: 'acme',
      passwordHash: 'h2',
      ownerId: '{O}',
      fileId: '{X}',
    });
    expect(again.id).toBe('c1');
    expect(again.passwordHash).toBe('h2');
    expect(again.fileId).toBe('{F}');
    await store.connections.recordCompany('c1', {
      identity: 'fileid:{F}',
      companyName: 'Acme',
      filePath: 'C:\\acme.qbw',
      productName: 'QuickBooks Pro 2024',
      country: 'US',
      qbxmlVersions: ['13.0', '16.0'],
      homeCurrency: 'USD',
    });
    await store.connections.setHealth('c1', 'error', 'qb_not_running', 'Open QuickBooks');
    const c = await store.connections.byUsername('acme');
    expect(c?.company?.qbxmlVersions).toEqual(['13.0', '16.0']);
    expect(c?.health).toEqual({ status: 'error', code: 'qb_not_running', message: 'Open QuickBooks', at: clock });
  });

  it('allows one live session per connection, expires idle ones, and moves state optimistically', async () => {
    await newConnection();
    const s1 = await store.sessions.open({
      id: 's1',
      ticketHash: 't1',
      connectionId: 'c1',
      plan: { a: 1 },
      idleMs: 100,
    });
    expect(s1?.state).toBe('send');
    const busy = await store.sessions.open({ id: 's2', ticketHash: 't2', connectionId: 'c1', plan: {}, idleMs: 100 });
    expect(busy).toBeUndefined();
    const moved = await store.sessions.transition<{ a: number }>(
      's1',
      'send',
      { state: 'receive', plan: { a: 2 }, request: { kind: 'CustomerQuery', id: 'r1', xml: '<x/>' } },
      100,
    );
    expect(moved?.plan).toEqual({ a: 2 });
    expect(moved?.request?.id).toBe('r1');
    expect(await store.sessions.transition('s1', 'send', { state: 'receive' }, 100)).toBeUndefined();
    clock += 101;
    const s3 = await store.sessions.open({ id: 's3', ticketHash: 't3', connectionId: 'c1', plan: {}, idleMs: 100 });
    expect(s3?.id).toBe('s3');
    expect((await store.sessions.byId('s1'))?.closeReason).toBe('expired');
    // A starting relay ends live sessions only where no other relay can be serving them: expired
    // ones on a shared store, all of them on a store that is its own.
    const restarted = { code: 'x', message: 'y' };
    expect(await store.sessions.closeAbandoned('relay_restarted', restarted, { shared: true })).toBe(0);
    expect(await store.sessions.closeAbandoned('relay_restarted', restarted, { shared: false })).toBe(1);
    expect((await store.sessions.byTicketHash('t3'))?.closedAt).toBe(clock);
    await store.sessions.open({ id: 's4', ticketHash: 't4', connectionId: 'c1', plan: {}, idleMs: 100 });
    clock += 100;
    expect(await store.sessions.closeAbandoned('relay_restarted', restarted, { shared: true })).toBe(1);
    expect((await store.sessions.byId('s4'))?.closeReason).toBe('relay_restarted');
  });

  it('rolls back a failed transaction completely', async () => {
    await newConnection();
    await expect(
      store.transaction(async (tx) => {
        await tx.inbox.add({
          id: 'i1',
          connectionId: 'c1',
          sessionId: null,
          requestKind: 'CustomerQuery',
          requestId: 'r1',
          payload: '<QBXML/>',
        });
        await tx.cursors.put('c1', { objectType: 'Customer', fromModified: '2024-01-01T00:00:00', boundary: [] });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.inbox.count('c1')).toBe(0);
    expect(await store.cursors.get('c1', 'Customer')).toBeUndefined();
  });

  it('stores inbox payloads byte for byte and claims each row for one worker only', async () => {
    await newConnection();
    const payload = '<QBXML>\u00e9\u00e8 & \u20ac \r\n</QBXML>';
    for (let i = 0; i < 5; i++) {
      await store.inbox.add({
        id: `i${i}`,
        connectionId: 'c1',
        sessionId: 's',
        requestKind: 'CustomerQuery',
        requestId: `r${i}`,
        payload,
      });
      clock += 1;
    }
    expect((await store.inbox.list('c1'))[0]?.payload).toBe(payload);
    const [a, b] = await Promise.all([store.inbox.claim('w1', 3, 1000), store.inbox.claim('w2', 3, 1000)]);
    const ids = [...(a ?? []), ...(b ?? [])].map((i) => i.id);
    expect(new Set(ids).size).toBe(5);
    expect(ids).toHaveLength(5);
    expect(await store.inbox.markProcessed('i0', a?.some((x) => x.id === 'i0') ? 'w1' : 'w2')).toBe(true);
    expect(await store.inbox.list('c1', { status: 'processed' })).toHaveLength(1);
  });

  it('gives a source only the payloads and unreported quarantines of its own system', async () => {
    await newConnection();
    await topologyRepo(store.db, now).ensureConnection({ id: 'online', system: 'qbo', label: 'Online', settings: {} });
    const page = (id: string, connectionId: string, status: 'pending' | 'quarantined' = 'pending') => ({
      id,
      connectionId,
      sessionId: null,
      requestKind: 'CustomerQuery',
      requestId: id,
      payload: '<QBXML/>',
      status,
    });
    await store.inbox.add(page('desktop-1', 'c1'));
    await store.inbox.add(page('online-1', 'online'));
    await store.inbox.add(page('desktop-q', 'c1', 'quarantined'));
    await store.inbox.add(page('online-q', 'online', 'quarantined'));
    expect((await store.inbox.unlogged(10, 'qbo')).map((i) => i.id)).toEqual(['online-q']);
    expect((await store.inbox.claim('w', 10, 1000, 'qbd')).map((i) => i.id)).toEqual(['desktop-1']);
    expect((await store.inbox.claim('w', 10, 1000, 'qbd')).map((i) => i.id)).toEqual([]);
    expect((await store.inbox.claim('w', 10, 1000, 'qbo')).map((i) => [i.id, i.system])).toEqual([['online-1', 'qbo']]);
  });

  it('stores a payload delivered twice under one de-duplication key once, with its connection’s system', async () => {
    await newConnection();
    const delivery = (id: string) => ({
      id,
      connectionId: 'c1',
      sessionId: null,
      requestKind: 'webhook',
      requestId: 'n-1',
      payload: '{"eventNotifications":[]}',
      dedupKey: 'n-1',
    });
    expect(await store.inbox.add(delivery('w1'))).toBe(true);
    expect(await store.inbox.add(delivery('w2'))).toBe(false);
    expect((await store.inbox.list('c1')).map((i) => [i.id, i.system])).toEqual([['w1', 'qbd']]);
    await expect(store.inbox.add({ ...delivery('w3'), connectionId: 'nobody', dedupKey: undefined })).rejects.toThrow(
      'no connection nobody',
    );
  });

  it('a payload of a connection flowing into several is stored for each, and each flow claims its own', async () => {
    const topology = topologyRepo(store.db, now);
    for (const id of ['org', 'east', 'west'])
      await topology.ensureConnection({ id, system: id === 'org' ? 'salesforce' : 'qbo', label: id, settings: {} });
    const page = (id: string, dedupKey?: string) => ({
      id,
      connectionId: 'org',
      sessionId: null,
      requestKind: 'Account',
      requestId: id,
      payload: '[]',
      ...(dedupKey ? { dedupKey } : {}),
    });
    await topology.ensureFlow({
      linkId: await topology.ensureLink('east', 'org'),
      sourceConnectionId: 'org',
      targetConnectionId: 'east',
      objects: ['customer'],
    });
    await store.inbox.add(page('p1'));
    // One flow: one row, any flow's.
    expect((await store.inbox.list('org')).map((i) => [i.id, i.forConnectionId])).toEqual([['p1', '']]);
    clock += 1;
    await topology.ensureFlow({
      linkId: await topology.ensureLink('west', 'org'),
      sourceConnectionId: 'org',
      targetConnectionId: 'west',
      objects: ['customer'],
    });
    await store.inbox.add(page('p2', 'event-2'));
    expect(await store.inbox.add(page('p3', 'event-2'))).toBe(false); // delivered again: stored once per partner
    expect((await store.inbox.list('org')).map((i) => [i.id, i.forConnectionId])).toEqual([
      ['p1', ''],
      ['p2', 'east'],
      ['p2.1', 'west'],
    ]);
    expect((await store.inbox.claim('w', 10, 1000, 'salesforce', 'west')).map((i) => i.id)).toEqual(['p1', 'p2.1']);
    expect((await store.inbox.claim('w', 10, 1000, 'salesforce', 'east')).map((i) => i.id)).toEqual(['p2']);
  });

  it('upserts cursors per connection and object type', async () => {
    await newConnection();
    await store.cursors.put('c1', { objectType: 'Customer', fromModified: 'a', boundary: [['1', 'e1']] });
    await store.cursors.put('c1', { objectType: 'Customer', fromModified: 'b', boundary: [['2', 'e2']] });
    expect(await store.cursors.get('c1', 'Customer')).toEqual({
      objectType: 'Customer',
      fromModified: 'b',
      boundary: [['2', 'e2']],
      updatedAt: clock,
      version: 2,
    });
  });

  it('moves a cursor only from the version asked for, and rewinds it only backwards, clearing its boundary', async () => {
    await newConnection();
    const at = (fromModified: string) => ({ objectType: 'Customer', fromModified, boundary: [['1', 'e1']] as const });
    expect(await store.cursors.put('c1', at('2024-03-01T08:00:00-08:00'), { ifVersion: 0 })).toBe(1);
    expect(await store.cursors.put('c1', at('2024-03-01T09:00:00-08:00'), { ifVersion: 0 })).toBeUndefined();
    expect(await store.cursors.rewind('c1', 'Customer', '2024-03-01T07:00:00-08:00')).toBe(2);
    expect(await store.cursors.rewind('c1', 'Customer', '2024-03-01T07:30:00-07:00')).toBe(3);
    expect(await store.cursors.get('c1', 'Customer')).toMatchObject({
      fromModified: '2024-03-01T07:00:00-08:00',
      boundary: [],
      version: 3,
    });
    // A step that read the cursor at version 1 cannot move it past the rewinds.
    expect(await store.cursors.put('c1', at('2024-03-01T10:00:00-08:00'), { ifVersion: 1 })).toBeUndefined();
    expect(await store.cursors.put('c1', at('2024-03-01T10:00:00-08:00'), { ifVersion: 3 })).toBe(4);
    expect(await store.cursors.rewind('c1', 'Customer', null)).toBe(5);
    expect((await store.cursors.get('c1', 'Customer'))?.fromModified).toBeNull();
    // A cursor never stored is created by a rewind, so a step that read none cannot move it.
    expect(await store.cursors.rewind('c1', 'Invoice', '2024-03-01T07:00:00-08:00')).toBe(1);
    expect(await store.cursors.get('c1', 'Invoice')).toMatchObject({ fromModified: null, version: 1 });
    expect(await store.cursors.put('c1', { ...at('x'), objectType: 'Invoice' }, { ifVersion: 0 })).toBeUndefined();
  });

  it('keeps quarantined inbox rows, reports each once, and puts one back in line unless it was read again', async () => {
    await newConnection();
    const page = (id: string, status: 'pending' | 'quarantined' = 'pending') => ({
      id,
      connectionId: 'c1',
      sessionId: 's',
      requestKind: 'CustomerQuery',
      requestId: id,
      payload: `<QBXML>${id}</QBXML>`,
      status,
      cursor: { type: 'Customer', from: '2024-03-01T08:00:00-08:00', version: 1 },
    });
    await store.inbox.add(page('q1'));
    clock += 1;
    await store.inbox.add({ ...page('q2', 'quarantined'), error: 'qbxml_malformed', errorMessage: 'cut short' });
    const [claimed] = await store.inbox.claim('w1', 1, 1000);
    expect(await store.inbox.quarantine(claimed!.id, 'w2', { code: 'x', message: 'y' })).toBe(false);
    expect(await store.inbox.quarantine(claimed!.id, 'w1', { code: 'qbxml_invalid_identity', message: 'words' })).toBe(
      true,
    );
    expect((await store.inbox.unlogged(10)).map((i) => [i.id, i.error, i.errorMessage, i.cursor])).toEqual([
      ['q1', 'qbxml_invalid_identity', 'words', { type: 'Customer', from: '2024-03-01T08:00:00-08:00', version: 1 }],
      ['q2', 'qbxml_malformed', 'cut short', { type: 'Customer', from: '2024-03-01T08:00:00-08:00', version: 1 }],
    ]);
    expect(await store.inbox.markLogged('q1')).toBe(true);
    expect(await store.inbox.markLogged('q1')).toBe(false);
    expect((await store.inbox.unlogged(10)).map((i) => i.id)).toEqual(['q2']);
    // A later customer page processed since read q1's records again: q1 stays; q2 has none later.
    clock += 1;
    await store.inbox.add(page('p3'));
    await store.inbox.claim('w1', 1, 1000);
    expect(await store.inbox.markProcessed('p3', 'w1')).toBe(true);
    expect(await store.inbox.requeue('q1')).toBe('read_again');
    expect(await store.inbox.requeue('p3')).toBe('not_quarantined');
    expect(await store.inbox.add({ ...page('q4', 'quarantined'), error: 'e' })).toBe(true);
    expect(await store.inbox.requeue('q4')).toBe('requeued');
    expect((await store.inbox.list('c1', { status: 'pending' })).map((i) => [i.id, i.error, i.loggedAt])).toEqual([
      ['q4', null, null],
    ]);
  });

  it('keeps auth throttle state', async () => {
    const x = { username: 'x', address: '203.0.113.9' };
    const elsewhere = { username: 'x', address: '198.51.100.7' };
    await store.throttle.put(x, { failures: 3, firstFailureAt: 5, lockedUntil: 9 });
    expect(await store.throttle.get(x)).toEqual({ failures: 3, firstFailureAt: 5, lockedUntil: 9 });
    expect(await store.throttle.get(elsewhere)).toBeUndefined();
    await store.throttle.put(elsewhere, { failures: 1, firstFailureAt: 20, lockedUntil: null });
    await store.throttle.clear(x);
    expect(await store.throttle.get(x)).toBeUndefined();
    // Pruning forgets old failures once their lock has passed, and keeps recent ones.
    await store.throttle.put(x, { failures: 6, firstFailureAt: 5, lockedUntil: 100 });
    await store.throttle.prune(10, 50);
    expect(await store.throttle.get(x)).toBeDefined();
    await store.throttle.prune(10, 101);
    expect(await store.throttle.get(x)).toBeUndefined();
    expect(await store.throttle.get(elsewhere)).toBeDefined();
  });
});
