/** The Dynamics reads on each store backend: open while pages arrive, ended when closed or silent too long. */
import { testBackends } from '../../../../../test/qbwc/support/stores.ts';
import { dynamicsStore } from '../../../../../test/relay/support/dynamics-store.ts';
import type { Store } from '../../../store/index.ts';
import { dynamicsReadsRepo, SILENT_MS } from './reads.ts';

describe.each(testBackends().map((b) => [b.name, b] as const))('Dynamics reads on %s', (_name, backend) => {
  let store: Store;
  let t = Date.UTC(2026, 10, 2, 9, 30);
  const now = () => t;
  beforeEach(async () => {
    store = await dynamicsStore(backend, ['dyn'], { now });
  });
  afterEach(() => store.close());

  it('a read is open until closed, or until it has stored nothing for a while (a stopped relay’s)', async () => {
    const reads = dynamicsReadsRepo(store.db, now);
    expect(await reads.lastStarted('dyn', 'tracking')).toBeUndefined();
    const started = t;
    const kept = await reads.open('dyn', 'tracking');
    const stopped = await reads.open('dyn', 'notices');
    expect([await reads.isOpen('dyn', kept), await reads.anyOpen('dyn'), await reads.isOpen('other', kept)]).toEqual([
      true,
      true,
      false,
    ]);
    t += SILENT_MS - 1;
    await reads.beat(kept);
    t += 2;
    expect([await reads.isOpen('dyn', kept), await reads.isOpen('dyn', stopped)]).toEqual([true, false]);
    await reads.close(kept);
    expect(await reads.anyOpen('dyn')).toBe(false);
    expect(await reads.lastStarted('dyn', 'tracking')).toBe(started);
    // Kept two days, then gone with the next read opened.
    t += 3 * 86_400_000;
    await reads.open('dyn', 'tracking');
    expect(await reads.lastStarted('dyn', 'notices')).toBeUndefined();
  });
});
