/** Reads a stopped relay left unfinished, on each store backend: ended when silent too long, or all of them at start-up. */
import { testBackends } from '../../../test/qbwc/support/stores.ts';
import type { Store } from './index.ts';
import { readsRepo, SILENT_MS } from './reads.ts';
import { topologyRepo } from './topology.ts';

describe.each(testBackends().map((b) => [b.name, b] as const))('reads left unfinished on %s', (_name, backend) => {
  let store: Store;
  let t = Date.UTC(2026, 10, 2, 9, 30);
  const now = () => t;
  beforeEach(async () => {
    store = await backend.open({ now });
    for (const id of ['cdt', 'other'])
      await topologyRepo(store.db, now).ensureConnection({ id, system: 'conductor', label: id, settings: {} });
  });
  afterEach(() => store.close());

  it('ends the silent ones (a stopped relay’s), and keeps a read still storing pages', async () => {
    const reads = readsRepo(store.db, 'conductor_reads', now);
    const stopped = await reads.open('cdt', 'full');
    const live = await reads.open('cdt', 'changes');
    const done = await reads.open('cdt', 'changes');
    await reads.close(done);
    t += SILENT_MS - 1;
    await reads.beat(live);
    expect(await reads.endAbandoned('cdt')).toBe(0);
    t += 2;
    expect(await reads.endAbandoned('cdt')).toBe(1);
    expect([await reads.isOpen('cdt', stopped), await reads.isOpen('cdt', live)]).toEqual([false, true]);
    expect(await reads.endAbandoned('cdt')).toBe(0);
  });

  it('with `all`, ends every unfinished read of the connection, and only of that one', async () => {
    const reads = readsRepo(store.db, 'conductor_reads', now);
    const mine = await reads.open('cdt', 'full');
    const theirs = await reads.open('other', 'full');
    expect(await reads.endAbandoned('cdt', { all: true })).toBe(1);
    expect([await reads.anyOpen('cdt'), await reads.isOpen('other', theirs)]).toEqual([false, true]);
    expect(await reads.isOpen('cdt', mine)).toBe(false);
  });
});
