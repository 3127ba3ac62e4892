/**
 * The Dynamics target against the Dataverse simulator over sockets, with the store's identities as
 * the engine leaves them: new rows go by CreateMultiple and known ones by UpdateMultiple (one
 * request a call against the service protection limits), and a bulk call Dynamics refuses is sent
 * again by `$batch`, where only the bad row fails — a row made behind the relay's back (its
 * identity lost) is then updated, not doubled.
 */
import { startDynHarness, type DynHarness } from '../../../../test/relay/support/dynamics-client.ts';
import { connect } from '../../../../test/simulators/dynamics/test-client.ts';
import { testBackends, type TestBackend } from '../../../../test/qbwc/support/stores.ts';
import { dynamicsStore } from '../../../../test/relay/support/dynamics-store.ts';
import type { Store } from '../../store/index.ts';
import { identitiesRepo } from '../../store/identities.ts';
import type { TargetAdapter, TargetWrite, WriteOutcome } from '../../sync/adapters.ts';
import type { Customer } from '../../sync/model.ts';
import { provision } from './provision/run.ts';
import { createDynamicsTarget } from './target.ts';

const CONNECTION = 'dynamics';
const ctx = { connectionKey: 'acme-desktop', today: '2026-11-30' };
const setup = {
  unitGroupId: '0a000000-0000-4000-8000-000000000001',
  unitId: '0a000000-0000-4000-8000-000000000002',
  priceListId: '0a000000-0000-4000-8000-000000000003',
  currencyIds: {},
};

/** The id a lookup column holds (the simulator keeps `{ table, id }`). */
const ref = (v: unknown) => (v && typeof v === 'object' ? (v as { id: string }).id : undefined);

const customer = (n: number, extra: Partial<Customer> = {}): Customer => ({
  type: 'customer',
  id: `8000${String(n).padStart(4, '0')}-1271891747`,
  updatedAt: '2026-11-01T10:00:00Z',
  name: `Customer ${n}`,
  fullName: `Customer ${n}`,
  isActive: true,
  contact: { firstName: 'Pat', lastName: `Buyer ${n}` },
  ...extra,
});

describe.each(testBackends().map((b): [string, TestBackend] => [b.name, b]))('Dynamics target (%s store)', (_n, b) => {
  let h: DynHarness;
  let store: Store;
  let target: TargetAdapter;

  beforeEach(async () => {
    h = await startDynHarness({ limits: { requestsPerWindow: 1_000_000 } });
    const api = connect(h.sim);
    const provisioned = await provision(
      async (r) => {
        const res = await api(r.method, r.path, r.body, r.headers ?? {});
        return { status: res.status, body: res.body };
      },
      { webhook: { url: 'http://127.0.0.1:9/dynamics/webhooks', key: 'k' } },
    );
    if (!provisioned.ok) throw new Error(provisioned.error.message);
    store = await dynamicsStore(b, [CONNECTION]);
    target = createDynamicsTarget({ connectionId: CONNECTION, client: h.client(), setup, db: store.db });
  });
  afterEach(async () => {
    await store.close();
    await h.close();
  });

  /** Sends the writes as the engine does: rank by rank, each object's writes in one call, noting what was written. */
  async function sync(records: readonly Customer[]): Promise<Map<TargetWrite, WriteOutcome>> {
    const writes = records.flatMap((r) => target.writesFor(r, ctx));
    const outcomes = new Map<TargetWrite, WriteOutcome>();
    const identities = identitiesRepo(store.db);
    for (const rank of [...new Set(writes.map((w) => w.rank))].sort((x, y) => x - y)) {
      const inRank = writes.filter((w) => w.rank === rank);
      for (const object of new Set(inRank.map((w) => w.object))) {
        const batch = inRank.filter((w) => w.object === object);
        const answers = await target.write(object, batch[0]!.externalIdField, batch);
        for (const [i, a] of answers.entries()) {
          outcomes.set(batch[i]!, a);
          if (a.ok)
            await identities.noteWritten(
              { connectionId: CONNECTION, object, key: batch[i]!.externalId },
              a.targetId,
              null,
            );
        }
      }
    }
    return outcomes;
  }

  const accounts = () => [...h.sim.env.table('account').rows()];
  const contacts = () => [...h.sim.env.table('contact').rows()];

  test('new rows go by CreateMultiple, their primary contacts by UpdateMultiple: a few requests for many rows', async () => {
    const before = { ...h.sim.counters };
    const outcomes = await sync(Array.from({ length: 40 }, (_, i) => customer(i + 1)));
    expect([...outcomes.values()].filter((o) => !o.ok)).toEqual([]);
    expect(accounts()).toHaveLength(40);
    expect(contacts()).toHaveLength(40);
    // Every account points at its own contact, under it.
    for (const a of accounts()) {
      const c = contacts().find((x) => x.contactid === ref(a.primarycontactid));
      expect(ref(c?.parentcustomerid)).toBe(a.accountid);
    }
    // Accounts, contacts, primary contacts: three bulk calls, no $batch.
    expect(h.sim.counters.bulkRequests - before.bulkRequests).toBe(3);
    expect(h.sim.counters.bulkRows - before.bulkRows).toBe(120);
    expect(h.sim.counters.batches - before.batches).toBe(0);
    // The ids noted are the rows' own.
    const ids = new Set(accounts().map((a) => String(a.accountid)));
    const created = [...outcomes.entries()].filter(([w, o]) => w.object === 'accounts' && o.ok && o.created);
    expect(created).toHaveLength(40);
    for (const [, o] of created) expect(o.ok && ids.has(o.targetId)).toBe(true);
  });

  test('new inactive rows are made, then take their state, by bulk messages too', async () => {
    const before = { ...h.sim.counters };
    const records = Array.from({ length: 10 }, (_, i) => customer(i + 1, { isActive: i % 2 === 0 }));
    const outcomes = await sync(records);
    expect([...outcomes.values()].filter((o) => !o.ok)).toEqual([]);
    const byKey = (id: string) => accounts().find((a) => a.lb_quickbooksid === id)!;
    for (const r of records)
      expect(byKey(r.id)).toMatchObject(r.isActive ? { statecode: 0, statuscode: 1 } : { statecode: 1, statuscode: 2 });
    expect(contacts().filter((c) => c.statecode === 1)).toHaveLength(5);
    // Accounts, their states, contacts, their states, primary contacts.
    expect(h.sim.counters.bulkRequests - before.bulkRequests).toBe(5);
    expect(h.sim.counters.batches - before.batches).toBe(0);
  });

  test('a row made behind the relay (no identity) fails the bulk call; $batch then updates it, nothing doubles', async () => {
    await sync([customer(1)]);
    // The relay forgets what it wrote (a store restored from an old backup, say).
    await identitiesRepo(store.db).forget({ connectionId: CONNECTION, object: 'accounts', key: customer(1).id });
    await identitiesRepo(store.db).forget({ connectionId: CONNECTION, object: 'contacts', key: customer(1).id });
    const before = { ...h.sim.counters };
    const outcomes = await sync([
      customer(1, { name: 'Customer 1 renamed', fullName: 'Customer 1 renamed' }),
      customer(2),
      customer(3),
    ]);
    expect([...outcomes.values()].filter((o) => !o.ok)).toEqual([]);
    expect(
      accounts()
        .map((a) => a.name)
        .sort(),
    ).toEqual(['Customer 1 renamed', 'Customer 2', 'Customer 3']);
    expect(contacts()).toHaveLength(3);
    expect(h.sim.counters.batches - before.batches).toBeGreaterThan(0);
  });

  test('one row Dynamics refuses fails alone, in words; the others are written', async () => {
    const long = 'x'.repeat(200); // account.name holds 160
    const outcomes = await sync([customer(1), customer(2, { name: long, fullName: long }), customer(3)]);
    const failed = [...outcomes.entries()].filter(([, o]) => !o.ok);
    // Its account, and so its contact and primary contact; nobody else's.
    expect(new Set(failed.map(([w]) => w.externalId))).toEqual(new Set([customer(2).id]));
    const [, f] = failed.find(([w]) => w.object === 'accounts')!;
    expect(!f.ok && f.error.code).toBe('dyn_validation');
    expect(
      accounts()
        .map((a) => a.name)
        .sort(),
    ).toEqual(['Customer 1', 'Customer 3']);
  });
});
