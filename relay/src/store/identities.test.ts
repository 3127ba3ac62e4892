import { testBackends } from '../../../test/qbwc/support/stores.ts';
import { identitiesRepo, LOOKUP_CHUNK } from './identities.ts';
import type { Store } from './index.ts';
import { topologyRepo } from './topology.ts';

describe.each(testBackends().map((b) => [b.name, b] as const))('identities, on %s', (_n, backend) => {
  let store: Store;
  const now = () => 1_000_000;
  beforeEach(async () => {
    store = await backend.open({ now });
    const topology = topologyRepo(store.db, now);
    for (const id of ['org', 'acme']) await topology.ensureConnection({ id, system: 'test', label: id, settings: {} });
  });
  afterEach(() => store.close());

  it('looks up many records’ ids at once: past one statement’s keys, only those given an id, in that connection and object', async () => {
    const ids = identitiesRepo(store.db, now);
    const keys = Array.from({ length: LOOKUP_CHUNK + 20 }, (_, n) => `K-${n}`);
    for (const [n, key] of keys.entries()) {
      if (n % 3 !== 0) await ids.noteWritten({ connectionId: 'org', object: 'Account', key }, `001${n}`, null);
    }
    // Read, not written: no id of its own there yet (its key stands in as its local id).
    await ids.noteRead({ connectionId: 'org', object: 'customer', key: 'K-0' }, null, 'h');
    await ids.noteWritten({ connectionId: 'acme', object: 'Account', key: 'K-3' }, 'elsewhere', null);
    const found = await ids.localIds('org', 'Account', [...keys, 'K-1', 'missing']);
    const expected = keys.flatMap((key, n) => (n % 3 === 0 ? [] : [[key, `001${n}`] as const]));
    expect([...found].sort()).toEqual([...expected].sort());
  });

  it('gives a record read for the first time an entity, and keeps it when read again', async () => {
    const ids = identitiesRepo(store.db, now);
    const k = { connectionId: 'acme', object: 'customer', key: '80000001-1' };
    const entity = await ids.noteRead(k, '1', 'h1');
    expect(await ids.noteRead(k, '2', 'h2')).toBe(entity);
    expect((await ids.get(k))?.entityId).toBe(entity);
  });
});
