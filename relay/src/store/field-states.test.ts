import { testBackends } from '../../../test/qbwc/support/stores.ts';
import { fieldStatesRepo } from './field-states.ts';
import { identitiesRepo } from './identities.ts';
import type { Store } from './index.ts';
import { outboxRepo, type NewOutboxItem } from './outbox.ts';
import { topologyRepo } from './topology.ts';

const pendingMod = (status?: 'leased'): NewOutboxItem => ({
  id: `ob-${status ?? 'pending'}`,
  connectionId: 'org',
  flowId: 'flow-org-acme',
  targetConnectionId: 'acme',
  rank: 10,
  object: 'Customer',
  externalIdField: '',
  externalId: '001A',
  fields: { name: 'Delta Freight LLC', phone: '555-0202' },
  createOnly: ['companyName'],
  sourceType: 'customer',
  sourceId: '001A',
  contentHash: 'h1',
  runId: null,
});

describe.each(testBackends().map((b) => [b.name, b] as const))('field states, on %s', (_n, backend) => {
  let store: Store;
  const now = () => 1_000_000;
  beforeEach(async () => {
    store = await backend.open({ now });
    const topology = topologyRepo(store.db, now);
    for (const id of ['org', 'acme']) await topology.ensureConnection({ id, system: 'test', label: id, settings: {} });
  });
  afterEach(() => store.close());

  it("keeps an entity's fields, and a write that lands agrees what was on its way to that connection, noting it landed", async () => {
    const ids = identitiesRepo(store.db, now);
    const from = { connectionId: 'org', object: 'customer', key: '001A' };
    await ids.noteRead(from, null, 'h');
    const entity = (await ids.get(from))!.entityId;
    const states = fieldStatesRepo(store.db, now);
    expect(await states.get(entity)).toEqual({});
    await states.put(entity, {
      name: { value: '"Delta"', to: 'acme', was: '"D"' },
      phone: { value: '"555"', to: 'org' },
    });
    await states.landed(from, 'acme');
    // Agreed, and noted landed there over what that side held (a read of it taken before still shows that).
    expect(await states.get(entity)).toEqual({
      name: { value: '"Delta"', landed: { on: 'acme', at: now(), was: '"D"' } },
      phone: { value: '"555"', to: 'org' },
    });
    // A value on its way with nothing it replaced is simply agreed.
    await states.landed(from, 'org');
    expect((await states.get(entity)).phone).toEqual({ value: '"555"' });
    // A record with no field states is left alone.
    await states.landed({ connectionId: 'org', object: 'customer', key: 'unknown' }, 'acme');
  });

  it('stops fields of a write still waiting, as fields set only on creation, but not one being sent', async () => {
    const outbox = outboxRepo(store.db, now);
    await outbox.enqueue([pendingMod()]);
    const states = fieldStatesRepo(store.db, now);
    const write = { object: 'Customer', externalId: '001A', fields: ['name'] };
    expect(await states.stop('org', write)).toBe(true);
    const batch = await outbox.claimBatch('w', { limit: 10, leaseMs: 60_000 });
    const [row] = await outbox.leased(batch!.token, '', 10);
    expect(row!.createOnly).toEqual(['companyName', 'name']);
    expect(row!.fields).toEqual({ name: 'Delta Freight LLC', phone: '555-0202' });
    // Leased now (on its way): too late to stop.
    expect(await states.stop('org', { ...write, fields: ['phone'] })).toBe(false);
    expect(await states.stop('elsewhere', write)).toBe(false);
  });

  it("keeps a custom field's states apart, agrees them when a write lands, and stops a waiting write's entries", async () => {
    const ids = identitiesRepo(store.db, now);
    const from = { connectionId: 'org', object: 'customer', key: '001A' };
    await ids.noteRead(from, null, 'h');
    const entity = (await ids.get(from))!.entityId;
    const states = fieldStatesRepo(store.db, now);
    expect(await states.custom(entity)).toEqual({});
    await states.put(entity, { name: { value: '"Delta"' } }, { 'Sales Region': { value: '"W"', to: 'acme' } });
    // Put without custom states: those kept stay.
    await states.put(entity, { name: { value: '"Delta Co"' } });
    expect(await states.custom(entity)).toEqual({ 'Sales Region': { value: '"W"', to: 'acme' } });
    await states.landed(from, 'acme');
    expect(await states.custom(entity)).toEqual({ 'Sales Region': { value: '"W"' } });
    expect(await states.get(entity)).toEqual({ name: { value: '"Delta Co"' } });

    const outbox = outboxRepo(store.db, now);
    const mod = pendingMod();
    await outbox.enqueue([{ ...mod, fields: { ...mod.fields, $dataExt: { 'Sales Region': 'W', Rep: 'Ann' } } }]);
    const nested = [{ field: '$dataExt', names: ['Sales Region'] }];
    expect(await states.stop('org', { object: 'Customer', externalId: '001A', fields: [], nested })).toBe(true);
    const batch = await outbox.claimBatch('w', { limit: 10, leaseMs: 60_000 });
    const [row] = await outbox.leased(batch!.token, '', 10);
    expect(row!.fields).toEqual({ ...mod.fields, $dataExt: { Rep: 'Ann' } });
    // Leased now: nothing more to take.
    expect(await states.take('org', { object: 'Customer', externalId: '001A', fields: [], nested })).toBeUndefined();
  });
});
