/**
 * Ingest asks nothing of the target: with the org refusing every call, every stored QuickBooks
 * page still moves from the inbox to the outbox, and once the org answers again the writes land
 * as they would have — the price book entries and Opportunity products with the org's standard
 * price book, which the relay reads only as it sends them.
 */
import { outboxRepo } from '../../relay/src/store/outbox.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import { startEngineHarness, WRITE_PATHS, type EngineHarness } from './engine-harness.ts';
import { smallCompany } from './small-company.ts';
import { diffSnapshots, snapshotOrg } from './support/org-snapshot.ts';

const inboxByStatus = async (h: EngineHarness) =>
  Object.fromEntries(
    (
      await h.store.db.query<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM inbox GROUP BY status')
    ).map((r) => [r.status, Number(r.n)]),
  );

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'Salesforce down during ingest, on %s',
  (_name, backend) => {
    describe.each(WRITE_PATHS)('written through %s', (_path, bulkThreshold) => {
      const started: EngineHarness[] = [];
      const start = async () => {
        // Attempts enough that the outage does not use them up: the writes wait for the org, not for a replay.
        const h = await startEngineHarness(backend, { maxAttempts: 100, ...(bulkThreshold ? { bulkThreshold } : {}) });
        started.push(h);
        return h;
      };
      afterEach(async () => {
        for (const h of started.splice(0)) await h.close();
      });

      it('moves every inbox payload into the outbox, and sends them all once the org is back', async () => {
        const reference = await start();
        await reference.receive('S1', { ...smallCompany() });
        expect((await reference.engine.drain({ waitForRetriesMs: 1000 })).dispatched.failed).toBe(0);

        const h = await start();
        h.sf.sim.faults.inject({ kind: 'unavailable', times: Infinity });
        await h.receive('S1', { ...smallCompany() });
        // Step by step (a drain would go on retrying the refused writes as long as their retries come due).
        let ingested = 0;
        for (let step = 0; step < 10 && (await inboxByStatus(h)).pending; step++) {
          ingested += (await h.engine.step()).ingested.payloads;
        }
        expect(ingested).toBe(Object.keys(smallCompany()).length);
        expect(await inboxByStatus(h)).toEqual({ processed: Object.keys(smallCompany()).length });
        const queued = await outboxRepo(h.store.db).list({ connectionId: 'acme' });
        expect(
          queued
            .filter((w) => w.object === 'PricebookEntry')
            .map((w) => w.externalId)
            .sort(),
        ).toEqual(['acme:I-1', 'acme:I-2']);
        expect(queued.filter((w) => w.object === 'OpportunityLineItem').length).toBeGreaterThan(0);
        expect(h.records('Account')).toHaveLength(0);

        h.sf.sim.faults.clear();
        const back = await h.engine.drain({ waitForRetriesMs: 1000 });
        expect(back.dispatched.failed).toBe(0);
        const { snapshot, duplicates } = snapshotOrg(h.sf.sim.org, 'acme');
        expect(duplicates).toEqual([]);
        expect(diffSnapshots(snapshotOrg(reference.sf.sim.org, 'acme').snapshot, snapshot)).toEqual([]);
        const standard = h.sf.sim.org.records('Pricebook2').find((p) => p.IsStandard)!.Id;
        expect(h.records('PricebookEntry').map((e) => e.Pricebook2Id)).toEqual([standard, standard]);
        expect(h.records('OpportunityLineItem').length).toBeGreaterThan(0);
      });
    });
  },
);
