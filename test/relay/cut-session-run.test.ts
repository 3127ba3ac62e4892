/**
 * A Web Connector session cut mid-page (the network lost, the QuickBooks machine asleep) ends for
 * the relay when it idles out, and its run with it: the run is closed and reported (not left
 * "Running" in the org until the next session comes), its pages read until the cut are mirrored,
 * and the next session reads again from the cursor. Over real sockets, both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';

const COMPANY = { seed: 23, customers: 6, vendors: 0, items: 2, invoices: 8, bills: 0, payments: 0 };
const IDLE_SECONDS = 600;

describe.each(testBackends().map((b) => [b.name, b] as const))('a session cut mid-page, on %s', (_n, backend) => {
  let r: InProcessRelay | undefined;
  let store: Store | undefined;
  let t = Date.parse('2026-12-01T15:00:00Z');
  const now = () => t;
  afterEach(async () => {
    await r?.close();
    await store?.close();
  });

  it('closes its run once the session idles out, without waiting for the next session', async () => {
    store = backend.name === 'embedded' ? undefined : await backend.open({ now });
    r = await startInProcessRelay(COMPANY, {
      ...(store ? { store } : {}),
      now,
      env: { QBWC_SESSION_IDLE_SECONDS: String(IDLE_SECONDS) },
    });
    let receives = 0;
    await expect(
      r.webConnector({
        beforeCall: async (operation) => {
          if (operation === 'receiveResponseXML' && ++receives === 4) throw new Error('the network is gone');
        },
      }),
    ).rejects.toThrow('the network is gone');
    const runs = () =>
      r!.relay.runtime.store.db.query<{ outcome: string }>(
        `SELECT outcome FROM sync_runs WHERE direction = 'qb_to_sf' ORDER BY started_at`,
      );
    const orgRuns = () => r!.sim.org.records('QuickBooks_Sync_Run__c').map((x) => String(x.Outcome__c));
    for (let i = 0; i < 20; i++) await r.relay.runtime.tick();
    expect((await runs()).map((x) => x.outcome)).toEqual(['running']); // the session may yet go on

    t += (IDLE_SECONDS + 1) * 1000;
    for (let i = 0; i < 20; i++) await r.relay.runtime.tick();
    const [run] = await runs();
    expect(run!.outcome).not.toBe('running');
    expect(orgRuns()).not.toContain('Running');
    expect(r.sim.org.records('Account').length).toBeGreaterThan(0); // what was read before the cut is mirrored

    // The next session reads again from the cursor and completes.
    const next = await r.webConnector();
    expect(next.status).toBe('completed');
    await r.settle();
    expect(r.sim.org.records('QuickBooks_Invoice__c')).toHaveLength(r.company.count('invoice'));
  }, 60_000);
});
