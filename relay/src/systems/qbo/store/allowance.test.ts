/**
 * Relays sharing a store share a company's allowance: three relays, each with a limiter of its own
 * that would let 4 requests at once through (12 together), send 30 requests that take 1.2 s each; at most 8 are ever in
 * flight and no second holds more than 7. A relay that dies holding a slot gives it up when its
 * lease runs out, and its late release frees nothing another relay took since.
 */
import type { Store } from '../../../store/index.ts';
import { testBackends } from '../../../../../test/qbwc/support/stores.ts';
import { createQboLimiter } from '../api/limiter.ts';
import { withSharedAllowance } from '../api/limiter-shared.ts';
import { qboAllowanceRepo } from './allowance.ts';

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'shared QuickBooks Online allowance on %s',
  (_n, backend) => {
    let store: Store;
    beforeEach(async () => {
      store = await backend.open();
    });
    afterEach(() => store.close());

    it('three relays together keep to 8 in flight and 7 a second for one company', async () => {
      const relays = ['relay-a', 'relay-b', 'relay-c'].map((owner) =>
        withSharedAllowance(
          createQboLimiter({ concurrent: 4, perSecond: 50, perMinute: 1000 }),
          qboAllowanceRepo(store.db, { connectionId: 'conn-1', owner }),
        ),
      );
      let inFlight = 0;
      let peak = 0;
      const starts: number[] = [];
      const request = async (i: number) => {
        const release = await relays[i % 3]!.acquire();
        inFlight++;
        peak = Math.max(peak, inFlight);
        starts.push(Date.now());
        await new Promise((r) => setTimeout(r, 1200));
        inFlight--;
        release();
      };
      await Promise.all(Array.from({ length: 30 }, (_, i) => request(i)));
      expect(starts).toHaveLength(30);
      expect(peak).toBeLessThanOrEqual(8);
      expect(peak).toBeGreaterThanOrEqual(7);
      // The seconds as the allowance counted them when it granted each request (a start noted here,
      // after the grant's answer, may fall into the next second under load).
      const seconds = await store.db.query<{ used: number }>(
        'SELECT used FROM qbo_request_seconds WHERE connection_id = $1',
        ['conn-1'],
      );
      expect(seconds.reduce((n, s) => n + Number(s.used), 0)).toBe(30);
      expect(seconds.length).toBeGreaterThanOrEqual(5); // 30 requests at most 7 a second
      expect(Math.max(...seconds.map((s) => Number(s.used)))).toBeLessThanOrEqual(7);
      // Another company has its own allowance.
      const other = qboAllowanceRepo(store.db, { connectionId: 'conn-2', owner: 'relay-a' });
      expect((await other.take()).ok).toBe(true);
    }, 30_000);

    it("a dead relay's slot comes back when its lease runs out; its late release frees nothing", async () => {
      let t = 1_000_000;
      const now = () => t;
      const dead = qboAllowanceRepo(store.db, { connectionId: 'c', owner: 'dead', slots: 1, leaseMs: 5000, now });
      const alive = qboAllowanceRepo(store.db, { connectionId: 'c', owner: 'alive', slots: 1, leaseMs: 5000, now });
      const held = await dead.take();
      expect(held.ok).toBe(true);
      t += 1000;
      expect(await alive.take()).toEqual({ ok: false, retryInMs: expect.any(Number) });
      t += 5000;
      const taken = await alive.take();
      expect(taken.ok).toBe(true);
      if (held.ok) await held.release();
      t += 1000;
      expect((await dead.take()).ok).toBe(false);
    });
  },
);
